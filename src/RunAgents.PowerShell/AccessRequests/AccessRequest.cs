using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Models;

/// <summary>An access request: a tool call an agent made that waits for a human to approve it.</summary>
public sealed class AccessRequest : PlatformRecord
{
    private string _id = string.Empty;
    private string? _scope;

    /// <summary>The request's id, which Approve-RAAccessRequest and Deny-RAAccessRequest take.</summary>
    [JsonPropertyName("id")]
    public string Id
    {
        get => _id;

        // A JSON null is taken as empty: a server that sends one must not turn a lookup into a NullReferenceException.
        set => _id = value ?? string.Empty;
    }

    /// <summary>PENDING, APPROVED, REJECTED or EXPIRED.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    /// <summary>The end user the agent acted for.</summary>
    [JsonPropertyName("subject")]
    public string? Subject { get; set; }

    /// <summary>The agent that asked.</summary>
    [JsonPropertyName("agent_id")]
    public string? Agent { get; set; }

    /// <summary>The tool the agent wants to call.</summary>
    [JsonPropertyName("tool_id")]
    public string? Tool { get; set; }

    /// <summary>The blocked action, as an invoke answer names it.</summary>
    [JsonPropertyName("action_id")]
    public string? ActionId { get; set; }

    /// <summary>The run that waits for this request.</summary>
    [JsonPropertyName("run_id")]
    public string? RunId { get; set; }

    /// <summary>What the user asked the agent: the message that started the request's run, as Get-RAAccessRequest finds it on the run.</summary>
    [JsonIgnore]
    public string? Message { get; set; }

    /// <summary>
    /// What an approval covers, as Approve-RAAccessRequest -Scope takes it: Once, Run or Window (the API's once, run and
    /// agent_user_ttl); a scope the module does not know, as the platform wrote it.
    /// </summary>
    [JsonPropertyName("scope")]
    public string? Scope
    {
        get => _scope;
        set => _scope = ApprovalScopes.Name(value);
    }

    /// <summary>
    /// The window of a Window approval, read from the platform's duration text (<c>4h</c>, <c>4h0m0s</c>); null when there
    /// is none, or when the text is not a duration (then <see cref="DurationText"/> holds it).
    /// </summary>
    [JsonIgnore]
    public TimeSpan? Duration { get; set; }

    /// <summary>The platform's duration text when it is not a duration the module can read; null otherwise.</summary>
    [JsonIgnore]
    public string? DurationText { get; set; }

    /// <summary>Why it was approved or denied.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    /// <summary>Who approved or denied it.</summary>
    [JsonPropertyName("approver_id")]
    public string? ApproverId { get; set; }

    /// <summary>When an approval's window ends, in UTC.</summary>
    [JsonPropertyName("expires_at")]
    [JsonConverter(typeof(LenientDateTimeConverter))]
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>The duration as the platform writes it: read into <see cref="Duration"/>, or kept in <see cref="DurationText"/>.</summary>
    /// <remarks>A number, or text that is no duration, is kept rather than failing the whole answer.</remarks>
    [JsonPropertyName("duration")]
    [JsonInclude]
    [JsonConverter(typeof(LenientTextConverter))]
    internal string? DurationJson
    {
        get => Duration is TimeSpan span ? GoDuration.Format(span) : DurationText;
        set
        {
            Duration = GoDuration.TryParse(value?.Trim());
            DurationText = Duration is null && !string.IsNullOrWhiteSpace(value) ? value : null;
        }
    }

    /// <summary>Some servers name the agent <c>agent</c>.</summary>
    [JsonPropertyName("agent")]
    [JsonInclude]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    internal string? AgentAlias
    {
        get => null;
        set => Agent ??= value;
    }

    /// <summary>Some servers name the tool <c>tool</c>.</summary>
    [JsonPropertyName("tool")]
    [JsonInclude]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    internal string? ToolAlias
    {
        get => null;
        set => Tool ??= value;
    }

    /// <summary>The request's id.</summary>
    public override string ToString() => Id;
}
