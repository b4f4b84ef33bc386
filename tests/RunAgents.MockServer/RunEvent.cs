using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>One event of a run (spec section 4); serialized in snake_case.</summary>
internal sealed class RunEvent
{
    /// <summary>Unique id, e.g. "evt-000001".</summary>
    public string EventId { get; set; } = string.Empty;

    /// <summary>The run it belongs to.</summary>
    public string RunId { get; set; } = string.Empty;

    /// <summary>Position within the run, from 1.</summary>
    public long Seq { get; set; }

    /// <summary>RUN_CREATED, USER_MESSAGE, AGENT_MESSAGE, APPROVAL_REQUIRED...</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>Who caused it: user, agent, platform, or the approver.</summary>
    public string Actor { get; set; } = string.Empty;

    /// <summary>When it happened.</summary>
    public DateTime Timestamp { get; set; }

    /// <summary>Details, which depend on the type.</summary>
    public JsonObject Data { get; set; } = [];

    /// <summary>"sha256:" and the hex SHA-256 of the data as sent.</summary>
    public string PayloadHash { get; set; } = string.Empty;

    /// <summary>The hash of a data object, as the platform chains it.</summary>
    public static string Hash(JsonObject data) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(data.ToJsonString())));
}

/// <summary>An event to append: the rest (id, seq, time, hash) the store fills in.</summary>
/// <param name="Type">The event type.</param>
/// <param name="Actor">Who caused it.</param>
/// <param name="Data">Its details.</param>
internal sealed record RunStep(string Type, string Actor, JsonObject Data);
