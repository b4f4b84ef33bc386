using System;
using System.Text.Json;
using System.Text.Json.Serialization;

using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Models;

/// <summary>One thing that happened in a run: a message, a tool call, an approval, the end.</summary>
public sealed class RunEvent : PlatformObject
{
    /// <summary>The event's id.</summary>
    [JsonPropertyName("event_id")]
    public string? EventId { get; set; }

    /// <summary>The run it belongs to.</summary>
    [JsonPropertyName("run_id")]
    public string? RunId { get; set; }

    /// <summary>Its place in the run, from 1.</summary>
    [JsonPropertyName("seq")]
    public long Sequence { get; set; }

    /// <summary>What happened: RUN_CREATED, USER_MESSAGE, AGENT_MESSAGE, TOOL_CALLED, APPROVAL_REQUIRED, ...</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>Who did it: the user, the agent, the platform or an approver.</summary>
    [JsonPropertyName("actor")]
    public string? Actor { get; set; }

    /// <summary>When it happened, in UTC.</summary>
    [JsonPropertyName("timestamp")]
    [JsonConverter(typeof(LenientDateTimeConverter))]
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>The hash of the event's payload.</summary>
    [JsonPropertyName("payload_hash")]
    public string? PayloadHash { get; set; }

    /// <summary>A one-line summary of the event, from its data.</summary>
    [JsonIgnore]
    public string? Summary { get; set; }

    /// <summary>The event's data, as PowerShell objects.</summary>
    [JsonIgnore]
    public object? Data { get; set; }

    /// <summary>The event's data as the server sent it; the cmdlets turn it into <see cref="Data"/>.</summary>
    [JsonPropertyName("data")]
    [JsonInclude]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    internal JsonElement DataJson { get; set; }

    /// <summary>Some servers name the sequence <c>sequence</c>.</summary>
    [JsonPropertyName("sequence")]
    [JsonInclude]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    internal long SequenceAlias
    {
        get => 0;
        set => Sequence = Sequence == 0 ? value : Sequence;
    }

    /// <summary>The type and the summary.</summary>
    public override string ToString() => string.IsNullOrEmpty(Summary) ? Type ?? string.Empty : $"{Type}: {Summary}";
}
