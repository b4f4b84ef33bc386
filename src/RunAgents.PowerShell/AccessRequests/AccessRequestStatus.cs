namespace RunAgents.PowerShell.Models;

/// <summary>The statuses of an access request the API documents.</summary>
public static class AccessRequestStatus
{
    /// <summary>Waiting for a decision.</summary>
    public const string Pending = "PENDING";

    /// <summary>Approved; the run resumes.</summary>
    public const string Approved = "APPROVED";

    /// <summary>Denied; the run fails.</summary>
    public const string Rejected = "REJECTED";

    /// <summary>An approval whose time window has ended.</summary>
    public const string Expired = "EXPIRED";

    /// <summary>The documented statuses.</summary>
    public static readonly string[] Known = { Pending, Approved, Rejected, Expired };
}
