using System.Text.Json.Serialization;

namespace RunAgents.MockServer;

/// <summary>A run: one invoke of an agent and everything that followed (spec section 4); serialized in snake_case.</summary>
internal sealed class Run
{
    /// <summary>The statuses a run moves through.</summary>
    public const string Running = "RUNNING", PausedApproval = "PAUSED_APPROVAL", PausedConsent = "PAUSED_CONSENT", Completed = "COMPLETED", Failed = "FAILED";

    /// <summary>Unique id, e.g. "run-0001".</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The agent's name.</summary>
    public string? AgentId { get; set; }

    /// <summary>The agent's namespace.</summary>
    public string? Namespace { get; set; }

    /// <summary>The end user.</summary>
    public string? UserId { get; set; }

    /// <summary>The message that started the run; the namespaced API sends it, v1 does not (spec section 14.2).</summary>
    public string? InitialMessage { get; set; }

    /// <summary>The conversation the invoke belonged to.</summary>
    public string? ConversationId { get; set; }

    /// <summary>RUNNING, PAUSED_APPROVAL, PAUSED_CONSENT, COMPLETED or FAILED.</summary>
    public string Status { get; set; } = Running;

    /// <summary>The action a pause waits on.</summary>
    public string? BlockedActionId { get; set; }

    /// <summary>Where the agent was invoked.</summary>
    public string? InvokeUrl { get; set; }

    /// <summary>When the run began.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>When it last changed.</summary>
    public DateTime UpdatedAt { get; set; }

    /// <summary>What the agent finishes with once a pause is resolved; the mock's own note, never sent.</summary>
    [JsonIgnore]
    public string? PendingAnswer { get; set; }

    /// <summary>The tool a pause waits on; the mock's own note, never sent.</summary>
    [JsonIgnore]
    public string? PendingTool { get; set; }

    /// <summary>A copy, for handing out of the store's lock.</summary>
    public Run Clone() => (Run)MemberwiseClone();

    /// <summary>Whether the run matches a status filter value; PAUSED matches both pauses.</summary>
    public bool HasStatus(string filter) =>
        string.Equals(Status, filter, StringComparison.OrdinalIgnoreCase)
        || (string.Equals(filter, "PAUSED", StringComparison.OrdinalIgnoreCase) && Status.StartsWith("PAUSED_", StringComparison.Ordinal));
}
