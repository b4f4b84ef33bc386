namespace RunAgents.PowerShell.Client;

/// <summary>Policies: what the module knows of them as a named resource (<c>/api/policies</c>, <c>/policies</c> on v1).</summary>
/// <remarks>
/// Unlike tools, a policy has a create (POST) and a replace (PUT): a create of a name that exists is refused, and a PUT
/// of a name that does not exist is a 404. The platform adds <c>used_by</c>, the agents bound to the policy, on read.
/// </remarks>
internal static class PolicyKind
{
    /// <summary>The fields of a rule (<c>spec.policies[]</c>).</summary>
    public static readonly string[] RuleFields = { "permission", "operations", "resource", "tags" };

    /// <summary>The fields of an approval binding (<c>spec.approvals[]</c>).</summary>
    public static readonly string[] ApprovalFields = { "name", "toolIds", "capabilities", "operations", "resource", "tags", "approvers", "defaultDuration", "delivery" };

    /// <summary>The fields of an approval binding's <c>approvers</c>.</summary>
    public static readonly string[] ApproverFields = { "groups", "match" };

    /// <summary>The fields of an approval binding's <c>delivery</c>.</summary>
    public static readonly string[] DeliveryFields = { "connectors", "mode", "fallbackToUI" };

    /// <summary>The descriptor of policies.</summary>
    public static ResourceKind Kind { get; } = new()
    {
        Noun = "policy",
        Id = "Policy",
        List = ApiOperation.ListPolicies,
        Get = ApiOperation.GetPolicy,
        Create = ApiOperation.CreatePolicy,
        Replace = ApiOperation.ReplacePolicy,
        Delete = ApiOperation.DeletePolicy,
        CreateReplaces = false,
        SpecFields = new[] { "policies", "approvals" },
        WholeSpecLists = new[] { "policies", "approvals" },
        ServerFields = new[] { "status", "namespace", "used_by", "created_at", "updated_at", "createdAt", "updatedAt" },
    };
}
