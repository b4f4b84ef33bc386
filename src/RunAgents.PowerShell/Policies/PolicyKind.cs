namespace RunAgents.PowerShell.Client;

/// <summary>Policies: what the module knows of them as a named resource (<c>/api/policies</c>, <c>/policies</c> on v1).</summary>
/// <remarks>Unlike tools, a policy has a create (POST) and a replace (PUT), and a PUT of a name that does not exist is a 404.</remarks>
internal static class PolicyKind
{
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
        ServerFields = new[] { "status", "namespace", "used_by", "created_at", "updated_at", "createdAt", "updatedAt" },
    };
}
