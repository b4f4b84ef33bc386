using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Models;

/// <summary>One invoke of an agent and what became of it.</summary>
public sealed class Run : PlatformRecord
{
    private string _id = string.Empty;

    /// <summary>The run's id.</summary>
    [JsonPropertyName("id")]
    public string Id
    {
        get => _id;

        // A JSON null is taken as empty: a server that sends one must not turn a lookup into a NullReferenceException.
        set => _id = value ?? string.Empty;
    }

    /// <summary>The agent that ran.</summary>
    [JsonPropertyName("agent_id")]
    public string? Agent { get; set; }

    /// <summary>The agent's namespace.</summary>
    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    /// <summary>The end user the agent acted for.</summary>
    [JsonPropertyName("user_id")]
    public string? UserId { get; set; }

    /// <summary>
    /// What the user asked: the message that started the run, as the platform gives it (<c>initial_message</c>), or as
    /// the run's USER_MESSAGE event holds it where the module reads the events of one run.
    /// </summary>
    [JsonPropertyName("initial_message")]
    public string? Message { get; set; }

    /// <summary>The agent's final answer: the content of the last AGENT_MESSAGE event of a completed run the module read by itself.</summary>
    [JsonIgnore]
    public string? Answer { get; set; }

    /// <summary>The conversation the run belongs to.</summary>
    [JsonPropertyName("conversation_id")]
    public string? ConversationId { get; set; }

    /// <summary>RUNNING, PAUSED_APPROVAL, PAUSED_CONSENT, COMPLETED or FAILED.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    /// <summary>The action a paused run waits on.</summary>
    [JsonPropertyName("blocked_action_id")]
    public string? BlockedActionId { get; set; }

    /// <summary>The agent endpoint the run invoked.</summary>
    [JsonPropertyName("invoke_url")]
    public string? InvokeUrl { get; set; }

    /// <summary>Some servers name the agent <c>agent</c>.</summary>
    [JsonPropertyName("agent")]
    [JsonInclude]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    internal string? AgentAlias
    {
        get => null;
        set => Agent ??= value;
    }

    /// <summary>The id that Get-RARunEvent binds from a run piped to it.</summary>
    [JsonIgnore]
    public string RunId => Id;

    /// <summary>True once the run can change no more: COMPLETED or FAILED.</summary>
    [JsonIgnore]
    public bool IsFinished => RunStatus.IsFinished(Status);

    /// <summary>True while the run waits for an approval or a consent.</summary>
    [JsonIgnore]
    public bool IsPaused => RunStatus.IsPaused(Status);

    /// <summary>True when the run's events could tell what it lacks: its message, or the answer of a completed run.</summary>
    internal bool LacksWhatEventsTell =>
        string.IsNullOrEmpty(Message) || (string.Equals(Status, RunStatus.Completed, StringComparison.OrdinalIgnoreCase) && Answer is null);

    /// <summary>Takes what the run lacks from its events: the message from the first USER_MESSAGE, the answer of a completed run from the last AGENT_MESSAGE.</summary>
    internal void ReadFrom(IReadOnlyList<RunEvent> events)
    {
        if (string.IsNullOrEmpty(Message))
        {
            Message = Content(events.FirstOrDefault(e => string.Equals(e.Type, RunEventType.UserMessage, StringComparison.OrdinalIgnoreCase)));
        }

        if (string.Equals(Status, RunStatus.Completed, StringComparison.OrdinalIgnoreCase))
        {
            Answer ??= Content(events.LastOrDefault(e => string.Equals(e.Type, RunEventType.AgentMessage, StringComparison.OrdinalIgnoreCase)));
        }
    }

    /// <summary>The run's id.</summary>
    public override string ToString() => Id;

    /// <summary>The text of a message event, made safe to print; null when it has none.</summary>
    private static string? Content(RunEvent? message)
    {
        if (message is null || message.DataJson.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in new[] { "content", "message", "text" })
        {
            if (message.DataJson.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
            {
                return ServerText.Clean(text);
            }
        }

        return null;
    }
}

/// <summary>The statuses of a run the API documents.</summary>
public static class RunStatus
{
    /// <summary>The agent is working.</summary>
    public const string Running = "RUNNING";

    /// <summary>A tool call waits for a human's approval.</summary>
    public const string PausedApproval = "PAUSED_APPROVAL";

    /// <summary>A tool call waits for the user's consent.</summary>
    public const string PausedConsent = "PAUSED_CONSENT";

    /// <summary>The run ended well.</summary>
    public const string Completed = "COMPLETED";

    /// <summary>The run ended in failure, or its request was denied.</summary>
    public const string Failed = "FAILED";

    /// <summary>The documented statuses, in lifecycle order.</summary>
    public static readonly string[] Known = { Running, PausedApproval, PausedConsent, Completed, Failed };

    /// <summary>True for COMPLETED and FAILED.</summary>
    public static bool IsFinished(string? status) =>
        string.Equals(status, Completed, StringComparison.OrdinalIgnoreCase) || string.Equals(status, Failed, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for PAUSED_APPROVAL, PAUSED_CONSENT and any later PAUSED_ status.</summary>
    public static bool IsPaused(string? status) => status?.StartsWith("PAUSED", StringComparison.OrdinalIgnoreCase) == true;
}
