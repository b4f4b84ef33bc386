using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>The platform's registered tools, model providers, policies and identity providers (spec sections 6, 11).</summary>
/// <remarks>
/// Shapes differ on purpose, as they do between real servers: tools keep their settings under "spec"
/// except slack-notify, which is flat; model providers are flat; policies and identity providers keep theirs under "spec".
/// </remarks>
internal sealed class Catalog
{
    /// <summary>Registered tools; deploys add the ones they create.</summary>
    public NamedList Tools { get; } = new(SeedTools);

    /// <summary>Model providers and their models.</summary>
    public NamedList ModelProviders { get; } = new(SeedProviders);

    /// <summary>Policies; a require_approval rule pauses the agents bound to it (see <see cref="PolicyRules"/>).</summary>
    public NamedList Policies { get; } = new(SeedPolicies);

    /// <summary>The identity providers agents' users sign in with; the demo agents' labels name them.</summary>
    public NamedList IdentityProviders { get; } = new(SeedIdentityProviders);

    /// <summary>Back to the seed lists.</summary>
    public void Reset()
    {
        Tools.Reset();
        ModelProviders.Reset();
        Policies.Reset();
        IdentityProviders.Reset();
    }

    /// <summary>A tool as a deploy's tools_to_create registers it.</summary>
    public static JsonObject Tool(string name, string baseUrl, string? description, string? authType, int port, string scheme) => new()
    {
        ["name"] = name,
        ["spec"] = new JsonObject
        {
            ["base_url"] = baseUrl,
            ["description"] = description,
            ["auth_type"] = authType,
            ["port"] = port,
            ["scheme"] = scheme,
        },
        ["status"] = new JsonObject { ["phase"] = "Ready" },
    };

    private static IEnumerable<JsonObject> SeedTools()
    {
        yield return Tool("stripe-api", "https://api.stripe.com", "Stripe payments: charges, refunds and payouts.", "APIKey", 443, "HTTPS");
        yield return Tool("zendesk-api", "https://acme.zendesk.com/api/v2", "Zendesk tickets and users.", "OAuth2", 443, "HTTPS");
        yield return new JsonObject
        {
            ["name"] = "slack-notify",
            ["base_url"] = "https://hooks.slack.com",
            ["description"] = "Posts messages to Slack channels.",
            ["auth_type"] = "None",
            ["port"] = 443,
            ["scheme"] = "HTTPS",
        };
    }

    private static IEnumerable<JsonObject> SeedProviders()
    {
        yield return Provider("openai", "https://api.openai.com/v1", "gpt-4o", "gpt-4o-mini", "gpt-4.1-mini");
        yield return Provider("anthropic", "https://api.anthropic.com", "claude-3-5-sonnet-20241022", "claude-3-5-haiku-20241022");
    }

    private static IEnumerable<JsonObject> SeedPolicies()
    {
        yield return new JsonObject
        {
            ["name"] = "payments-approval",
            ["spec"] = new JsonObject
            {
                ["description"] = "Refunds and payouts through stripe-api wait for a human approver.",
                ["rules"] = new JsonArray(new JsonObject
                {
                    ["tool"] = "stripe-api",
                    ["actions"] = new JsonArray("refund", "payout"),
                    ["effect"] = PolicyRules.RequireApproval,
                }),
            },
        };
        yield return new JsonObject
        {
            ["name"] = "read-only",
            ["spec"] = new JsonObject
            {
                ["description"] = "Agents may only read from registered tools.",
                ["rules"] = new JsonArray(new JsonObject
                {
                    ["tool"] = "*",
                    ["methods"] = new JsonArray("GET"),
                    ["effect"] = "allow",
                }),
            },
        };
    }

    private static IEnumerable<JsonObject> SeedIdentityProviders()
    {
        yield return IdentityProvider("google-oidc", "agents.acme.example", "https://accounts.google.com", "https://www.googleapis.com/oauth2/v3/certs", "acme.example");
        yield return IdentityProvider("azure-ad", "finance.acme.example", "https://login.microsoftonline.com/acme/v2.0", "https://login.microsoftonline.com/acme/discovery/v2.0/keys", "acme.example");
    }

    private static JsonObject IdentityProvider(string name, string host, string issuer, string jwksUri, string domain) => new()
    {
        ["name"] = name,
        ["spec"] = new JsonObject
        {
            ["host"] = host,
            ["identityProvider"] = new JsonObject { ["issuer"] = issuer, ["jwksUri"] = jwksUri, ["audiences"] = new JsonArray("runagents") },
            ["userIDClaim"] = "email",
            ["allowedDomains"] = new JsonArray(domain),
        },
    };

    private static JsonObject Provider(string name, string baseUrl, params string[] models) => new()
    {
        ["name"] = name,
        ["provider"] = name,
        ["base_url"] = baseUrl,
        ["models"] = new JsonArray(models.Select(m => (JsonNode)m).ToArray()),
        ["status"] = "Ready",
    };
}
