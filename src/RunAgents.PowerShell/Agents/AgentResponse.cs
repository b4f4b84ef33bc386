using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Models;

/// <summary>What an agent answered to Invoke-RAAgent, and which agent answered.</summary>
public sealed class AgentResponse : PlatformObject
{
    /// <summary>The namespace of the agent that answered.</summary>
    public string Namespace { get; set; } = string.Empty;

    /// <summary>The name of the agent that answered.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The agent's identity, <c>namespace/name</c>.</summary>
    public string Agent => AgentPath.Identity(Namespace, Name);

    /// <summary>The HTTP status the agent answered with.</summary>
    public int StatusCode { get; set; }

    /// <summary>The media type of the body, when the agent named one.</summary>
    public string? ContentType { get; set; }

    /// <summary>The answer's text: the body's <c>response</c> field, or the whole body when it is not JSON.</summary>
    public string? Response { get; set; }

    /// <summary>The body parsed from JSON (objects become PSCustomObject), or its text when it is not JSON.</summary>
    public object? Body { get; set; }

    /// <summary>The model that answered, when the body says.</summary>
    public string? Model { get; set; }

    /// <summary>Token usage, when the body says.</summary>
    public object? Usage { get; set; }

    /// <summary>How long the agent took, in milliseconds, when the body says.</summary>
    public double? DurationMs { get; set; }

    /// <summary>The agent runtime's request id, when the body says.</summary>
    public string? RequestId { get; set; }

    /// <summary>The conversation the answer belongs to, when the body says.</summary>
    public string? ConversationId { get; set; }

    /// <summary>True when a tool call waits for a human's approval (see <see cref="ActionId"/>).</summary>
    public bool ApprovalRequired { get; set; }

    /// <summary>True when a tool call waits for a user's consent (see <see cref="ActionId"/>).</summary>
    public bool ConsentRequired { get; set; }

    /// <summary>The action waiting for approval or consent.</summary>
    public string? ActionId { get; set; }

    /// <summary>The run this invoke started, when the platform says: Get-RARun, Get-RARunEvent and Wait-RARun bind it.</summary>
    public string? RunId { get; set; }

    /// <summary>The tool whose call waits for approval or consent.</summary>
    public string? Tool { get; set; }

    /// <summary>Where the user gives consent, for a consent pause.</summary>
    public string? AuthorizationUrl { get; set; }

    /// <summary>The tools a streamed answer called, in order (empty for an answer that was not streamed).</summary>
    public JoinedList<string> ToolCalls { get; set; } = new(System.Array.Empty<string>(), ", ");

    /// <summary>The body as the agent sent it, with control characters shown as visible stand-ins.</summary>
    public string RawBody { get; set; } = string.Empty;

    /// <summary>The answer's text.</summary>
    public override string ToString() => Response ?? RawBody;
}
