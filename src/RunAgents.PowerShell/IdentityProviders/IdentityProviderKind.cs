using System.Text.Json.Nodes;

namespace RunAgents.PowerShell.Client;

/// <summary>Identity providers: what the module knows of them as a named resource (<c>/api/identity-providers</c>, <c>/identity-providers</c> on v1).</summary>
/// <remarks>
/// An identity provider says how the platform validates the JSON Web Tokens of an agent's end users: the host they
/// call, the issuer and its key set, the audiences, the claim that names the user, and the domains allowed in.
/// </remarks>
internal static class IdentityProviderKind
{
    /// <summary>The descriptor of identity providers.</summary>
    public static ResourceKind Kind { get; } = new()
    {
        Noun = "identity provider",
        Id = "IdentityProvider",
        List = ApiOperation.ListIdentityProviders,
        Get = ApiOperation.GetIdentityProvider,
        Create = ApiOperation.UpsertIdentityProvider,
        Delete = ApiOperation.DeleteIdentityProvider,
        CreateReplaces = true,

        // The contract's fields, then the flat ones some documents carry beside them.
        SpecFields = new[] { "host", "identityProvider", "userIDClaim", "allowedDomains", "issuer", "jwksUri", "audiences" },
        ToContract = ToContract,
    };

    /// <summary>Moves a flat <c>issuer</c>, <c>jwksUri</c> and <c>audiences</c> under <c>identityProvider</c>, where the contract has them.</summary>
    private static void ToContract(JsonObject spec)
    {
        foreach (var field in new[] { "issuer", "jwksUri", "audiences" })
        {
            if (!spec.TryGetPropertyValue(field, out var value))
            {
                continue;
            }

            spec.Remove(field);
            if (spec["identityProvider"] is not JsonObject inner)
            {
                inner = new JsonObject();
                spec["identityProvider"] = inner;
            }

            if (!inner.ContainsKey(field))
            {
                inner[field] = value;
            }
        }
    }
}
