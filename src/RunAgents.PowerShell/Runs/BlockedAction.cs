using System.Text.Json.Serialization;

namespace RunAgents.PowerShell.Models;

/// <summary>A tool call the platform held back until someone approves it: what a paused run waits on.</summary>
public sealed class BlockedAction : PlatformRecord
{
    private string _actionId = string.Empty;

    /// <summary>The action's id.</summary>
    [JsonPropertyName("action_id")]
    public string ActionId
    {
        get => _actionId;
        set => _actionId = value ?? string.Empty;
    }

    /// <summary>The run the action belongs to.</summary>
    [JsonPropertyName("run_id")]
    public string? RunId { get; set; }

    /// <summary>The tool the held call is for.</summary>
    [JsonPropertyName("tool_id")]
    public string? Tool { get; set; }

    /// <summary>What the call would do with the tool, such as a capability name.</summary>
    [JsonPropertyName("capability")]
    public string? Capability { get; set; }

    /// <summary>The hash of the call's payload: an approval holds for this payload only.</summary>
    [JsonPropertyName("payload_hash")]
    public string? PayloadHash { get; set; }

    /// <summary>BLOCKED, APPROVED, EXECUTED, FAILED or EXPIRED.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    /// <summary>Some servers name the tool <c>tool</c>.</summary>
    [JsonPropertyName("tool")]
    [JsonInclude]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    internal string? ToolAlias
    {
        get => null;
        set => Tool ??= value;
    }

    /// <summary>The action's id.</summary>
    public override string ToString() => ActionId;
}

/// <summary>The statuses of a blocked action the API documents.</summary>
public static class BlockedActionStatus
{
    /// <summary>The documented statuses, in lifecycle order.</summary>
    public static readonly string[] Known = { "BLOCKED", "APPROVED", "EXECUTED", "FAILED", "EXPIRED" };
}
