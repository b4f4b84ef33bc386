using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>The platform's registered tools, model providers, policies and identity providers (spec sections 6, 11).</summary>
/// <remarks>
/// In the contract's shapes, but for one tool (slack-notify) and one model provider (anthropic) in the flat shape some
/// servers answer with, which clients must read as well; identity providers keep theirs under "spec".
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

    /// <summary>A tool as a deploy's tools_to_create registers it, in the contract's shape.</summary>
    public static JsonObject Tool(string name, string baseUrl, string? description, string? authType, int port, string scheme) => new()
    {
        ["name"] = name,
        ["spec"] = new JsonObject
        {
            ["description"] = description,
            ["connection"] = new JsonObject
            {
                ["topology"] = "External",
                ["baseUrl"] = baseUrl,
                ["port"] = port,
                ["scheme"] = scheme,
                ["authentication"] = new JsonObject { ["type"] = authType ?? "None" },
            },
            ["governance"] = new JsonObject { ["accessControl"] = new JsonObject { ["mode"] = "Restricted" } },
        },
        ["status"] = new JsonObject { ["phase"] = "Available", ["last_probe_time"] = "2026-11-29T04:00:00Z", ["probe_latency_ms"] = 42 },
    };

    private static IEnumerable<JsonObject> SeedTools()
    {
        JsonObject stripe = Tool("stripe-api", "https://api.stripe.com", "Stripe payments: charges, refunds and payouts.", "APIKey", 443, "HTTPS");
        var spec = (JsonObject)stripe["spec"]!;
        ((JsonObject)spec["connection"]!["authentication"]!)["apiKeyConfig"] = new JsonObject { ["in"] = "Header", ["name"] = "Authorization", ["valuePrefix"] = "Bearer ", ["secretRef"] = new JsonObject { ["name"] = "stripe-api-key" } };
        spec["capabilities"] = new JsonArray(
            new JsonObject { ["name"] = "refund", ["method"] = "POST", ["path"] = "/v1/refunds", ["riskTags"] = new JsonArray("payments") },
            new JsonObject { ["name"] = "payout", ["method"] = "POST", ["path"] = "/v1/payouts", ["riskTags"] = new JsonArray("payments") },
            new JsonObject { ["name"] = "read-charges", ["method"] = "GET", ["path"] = "/v1/charges*" });
        spec["riskTags"] = new JsonArray("payments", "pii");
        yield return stripe;
        yield return Tool("zendesk-api", "https://acme.zendesk.com/api/v2", "Zendesk tickets and users.", "OAuth2", 443, "HTTPS");

        // The flat shape some servers answer with: read as the same tool.
        yield return new JsonObject
        {
            ["name"] = "slack-notify",
            ["base_url"] = "https://hooks.slack.com",
            ["description"] = "Posts messages to Slack channels.",
            ["auth_type"] = "None",
            ["port"] = 443,
            ["scheme"] = "HTTPS",
            ["status"] = "Available",
        };
    }

    private static IEnumerable<JsonObject> SeedProviders()
    {
        yield return new JsonObject
        {
            ["name"] = "openai",
            ["spec"] = new JsonObject
            {
                ["provider"] = "openai",
                ["endpoint"] = "https://api.openai.com/v1",
                ["models"] = new JsonArray("gpt-4o", "gpt-4o-mini", "gpt-4.1-mini"),
                ["auth"] = new JsonObject { ["type"] = "APIKey", ["apiKeyConfig"] = new JsonObject { ["in"] = "Header", ["name"] = "Authorization", ["valuePrefix"] = "Bearer ", ["secretRef"] = new JsonObject { ["name"] = "openai-key" } } },
                ["rateLimit"] = new JsonObject { ["requestsPerMinute"] = 600 },
            },
            ["status"] = new JsonObject { ["phase"] = "Available" },
        };

        // The flat shape some servers answer with.
        yield return new JsonObject
        {
            ["name"] = "anthropic",
            ["provider"] = "anthropic",
            ["base_url"] = "https://api.anthropic.com",
            ["models"] = new JsonArray("claude-3-5-sonnet-20241022", "claude-3-5-haiku-20241022"),
            ["status"] = "Available",
        };

        // A provider no agent uses, which can be removed without -Force.
        yield return new JsonObject
        {
            ["name"] = "ollama-local",
            ["spec"] = new JsonObject
            {
                ["provider"] = "ollama",
                ["endpoint"] = "http://ollama.internal:11434",
                ["models"] = new JsonArray("llama3.1", "mistral"),
                ["auth"] = new JsonObject { ["type"] = "None" },
            },
            ["status"] = new JsonObject { ["phase"] = "Available", ["message"] = "" },
        };
    }

    private static IEnumerable<JsonObject> SeedPolicies()
    {
        yield return new JsonObject
        {
            ["name"] = "payments-approval",
            ["spec"] = new JsonObject
            {
                ["policies"] = new JsonArray(new JsonObject
                {
                    ["permission"] = "allow",
                    ["operations"] = new JsonArray("GET"),
                    ["resource"] = "https://api.stripe.com/v1/*",
                }),
                ["approvals"] = new JsonArray(new JsonObject
                {
                    ["name"] = "refunds-and-payouts",
                    ["toolIds"] = new JsonArray("stripe-api"),
                    ["capabilities"] = new JsonArray("refund", "payout"),
                    ["approvers"] = new JsonObject { ["groups"] = new JsonArray("finance-approvers"), ["match"] = "any" },
                    ["defaultDuration"] = "4h",
                    ["delivery"] = new JsonObject { ["connectors"] = new JsonArray(), ["mode"] = "first_success", ["fallbackToUI"] = true },
                }),
            },
            ["status"] = new JsonObject { ["ready"] = true },
        };
        yield return new JsonObject
        {
            ["name"] = "read-only",
            ["spec"] = new JsonObject
            {
                ["policies"] = new JsonArray(new JsonObject
                {
                    ["permission"] = "allow",
                    ["operations"] = new JsonArray("GET"),
                    ["resource"] = "*",
                }),
            },
            ["status"] = new JsonObject { ["ready"] = true },
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
}
