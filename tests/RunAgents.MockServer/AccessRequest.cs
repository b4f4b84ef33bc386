namespace RunAgents.MockServer;

/// <summary>An access request: a tool call that waits for a human's decision (spec section 3); serialized in snake_case.</summary>
internal sealed class AccessRequest
{
    /// <summary>The statuses a request moves through.</summary>
    public const string Pending = "PENDING", Approved = "APPROVED", Rejected = "REJECTED", Expired = "EXPIRED";

    /// <summary>Unique id, e.g. "ar-0001".</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>PENDING, APPROVED, REJECTED or EXPIRED.</summary>
    public string Status { get; set; } = Pending;

    /// <summary>The end user the agent acts for.</summary>
    public string? Subject { get; set; }

    /// <summary>The agent's name (its namespace is on the run).</summary>
    public string? AgentId { get; set; }

    /// <summary>The tool the agent wants to call.</summary>
    public string? ToolId { get; set; }

    /// <summary>The blocked action, also the run's blocked_action_id.</summary>
    public string? ActionId { get; set; }

    /// <summary>The paused run.</summary>
    public string? RunId { get; set; }

    /// <summary>once, run or agent_user_ttl, once decided.</summary>
    public string? Scope { get; set; }

    /// <summary>Go-style duration of an agent_user_ttl approval.</summary>
    public string? Duration { get; set; }

    /// <summary>Why it was approved or rejected.</summary>
    public string? Reason { get; set; }

    /// <summary>Who decided.</summary>
    public string? ApproverId { get; set; }

    /// <summary>End of an agent_user_ttl window.</summary>
    public DateTime? ExpiresAt { get; set; }

    /// <summary>When it was opened.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>When it last changed.</summary>
    public DateTime UpdatedAt { get; set; }

    /// <summary>A copy, for handing out of the store's lock.</summary>
    public AccessRequest Clone() => (AccessRequest)MemberwiseClone();
}
