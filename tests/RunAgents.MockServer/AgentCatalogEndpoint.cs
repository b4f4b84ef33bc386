using System.Globalization;
using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>
/// The agent catalog (blueprints): <c>/catalog[/{id}[/versions]]</c> on v1, the same under <c>/api</c> on the root
/// generation. The list is snake_case and paged (<c>page</c> from 1, <c>page_size</c> 1..100, default 24, with
/// <c>total</c>); its filters take repeated keys or CSV. A manifest is camelCase, the latest version unless
/// <c>?version=</c> names another; an unknown id or version is 404 <c>catalog entry not found</c>, an id with other
/// characters than lowercase letters, digits and dashes 400 <c>invalid catalog path</c>. Read-only: nothing to reset.
/// </summary>
/// <remarks>
/// <c>hostile-template</c>'s source files have names that resolve outside any folder (<c>../evil.py</c>,
/// <c>/etc/x</c>, <c>C:\x.py</c>, <c>sub/../../up.py</c>), for clients' path checks; <c>docs-writer</c> has no source
/// files; <c>invoice-approver</c>'s template has no agent name, so a deploy is named by its id.
/// </remarks>
internal sealed class AgentCatalogEndpoint : IApiEndpoint
{
    private sealed record Version(string Number, string Published, string Summary, string Changelog);

    private sealed record Entry(
        string Id, string Name, string Summary, string Category, string[] Tags, string[] Integrations, string[] Governance,
        string[] DefaultPolicies, string Complexity, string? DefaultModel, string? AgentName, string? SystemPrompt,
        string[] Tools, string[] Policies, string? IdentityProvider, Dictionary<string, string> Files, Version[] Versions);

    private static readonly Entry[] s_entries =
    [
        new("support-triage", "Support Triage", "Sorts incoming tickets and drafts first replies.", "support", ["support", "slack"], ["zendesk", "slack"], ["approval-required"],
            ["support-read"], "starter", "gpt-4o-mini", "support-triage", "You triage support tickets. Be brief.", ["zendesk-api"], ["support-read"], "okta",
            new() { ["agent.py"] = "from runagents import Agent\n\nagent = Agent()\n", ["requirements.txt"] = "runagents>=1.0\n", ["prompts/triage.md"] = "# Triage\nSort by urgency.\n" },
            [new("1.2.0", "2026-11-20T09:00:00Z", "Replies in the customer's language.", "Adds language detection."),
             new("1.1.0", "2026-10-02T09:00:00Z", "Slack summaries.", "Posts a daily summary to Slack."),
             new("1.0.0", "2026-08-15T09:00:00Z", "First release.", "First release.")]),
        new("invoice-approver", "Invoice Approver", "Checks invoices against purchase orders and asks before paying.", "finance", ["finance", "approvals"], ["stripe"], ["approval-required", "audit-log"],
            ["payments-guard"], "advanced", "anthropic/claude-3-5-sonnet", null, "You check invoices. Never pay without approval.", ["stripe-api"], ["payments-guard"], null,
            new() { ["agent.py"] = "print('invoice approver')\n" },
            [new("2.0.0", "2026-11-01T12:00:00Z", "Purchase-order matching.", "Matches invoices to purchase orders."),
             new("1.0.0", "2026-07-01T12:00:00Z", "First release.", "First release.")]),
        new("sales-researcher", "Sales Researcher", "Researches accounts before a call.", "sales", ["research"], ["hubspot", "web-search"], [],
            [], "starter", null, "sales-researcher", null, [], [], null,
            new() { ["agent.py"] = "print('sales researcher')\n" },
            [new("0.3.0", "2026-09-09T08:00:00Z", "Account briefs.", "Writes a one-page brief.")]),
        new("docs-writer", "Docs Writer", "Drafts documentation from a workflow (no source files).", "docs", ["docs"], [], [],
            [], "starter", "gpt-4o", "docs-writer", "You write documentation.", [], [], null,
            new(),
            [new("1.0.0", "2026-06-06T06:00:00Z", "First release.", "First release.")]),
        new("hostile-template", "Hostile Template", "Source file names that climb out of any folder (for path tests).", "demo", ["demo"], [], [],
            [], "starter", null, "hostile-template", null, [], [], null,
            new() { ["agent.py"] = "print('hello')\n", ["../evil.py"] = "print('evil')\n", ["/etc/x"] = "x\n", ["C:\\x.py"] = "x\n", ["sub/../../up.py"] = "up\n" },
            [new("0.1.0", "2026-05-05T05:00:00Z", "Hostile names.", "For path tests.")]),
    ];

    /// <inheritdoc/>
    public Task HandleAsync(ApiExchange exchange, ApiCall call)
    {
        if (!HttpMethods.IsGet(exchange.Context.Request.Method))
        {
            return call.Rest.Count <= 2 ? exchange.RespondMethodNotAllowedAsync("GET") : exchange.RespondNotFoundAsync();
        }

        if (call.Rest.Count == 0)
        {
            return ListAsync(exchange);
        }

        if (call.Rest.Count > 2 || (call.Rest.Count == 2 && call.Rest[1] != "versions"))
        {
            return exchange.RespondNotFoundAsync();
        }

        string id = call.Rest[0];
        if (id.Length == 0 || !id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            return exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, "invalid catalog path");
        }

        Entry? entry = s_entries.FirstOrDefault(e => e.Id == id);
        if (entry is null)
        {
            return exchange.RespondErrorAsync(StatusCodes.Status404NotFound, "catalog entry not found");
        }

        if (call.Rest.Count == 2)
        {
            return exchange.RespondJsonAsync(StatusCodes.Status200OK, new JsonObject
            {
                ["agent_id"] = entry.Id,
                ["versions"] = new JsonArray(entry.Versions.Select(v => (JsonNode)new JsonObject
                {
                    ["version"] = v.Number,
                    ["published_at"] = v.Published,
                    ["summary"] = v.Summary,
                    ["changelog"] = v.Changelog,
                }).ToArray()),
            });
        }

        string? asked = exchange.Context.Request.Query["version"].FirstOrDefault();
        Version? version = string.IsNullOrEmpty(asked) ? entry.Versions[0] : entry.Versions.FirstOrDefault(v => v.Number == asked);
        return version is null
            ? exchange.RespondErrorAsync(StatusCodes.Status404NotFound, "catalog entry not found")
            : exchange.RespondJsonAsync(StatusCodes.Status200OK, Manifest(entry, version));
    }

    private static Task ListAsync(ApiExchange exchange)
    {
        if (!Number(exchange, "page", 1, out int page) || page < 1)
        {
            return exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, "page must be a whole number of 1 or more");
        }

        if (!Number(exchange, "page_size", 24, out int size) || size is < 1 or > 100)
        {
            return exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, "page_size must be between 1 and 100");
        }

        string search = exchange.Context.Request.Query["search"].FirstOrDefault() ?? string.Empty;
        IReadOnlyList<string> categories = exchange.QueryValues("category");
        IReadOnlyList<string> tags = exchange.QueryValues("tag");
        IReadOnlyList<string> integrations = exchange.QueryValues("integration");
        IReadOnlyList<string> governance = exchange.QueryValues("governance");
        Entry[] matches = s_entries
            .Where(e => search.Length == 0 || new[] { e.Id, e.Name, e.Summary }.Concat(e.Tags).Any(t => t.Contains(search, StringComparison.OrdinalIgnoreCase)))
            .Where(e => categories.Count == 0 || categories.Contains(e.Category, StringComparer.OrdinalIgnoreCase))
            .Where(e => tags.Count == 0 || e.Tags.Any(t => tags.Contains(t, StringComparer.OrdinalIgnoreCase)))
            .Where(e => integrations.Count == 0 || e.Integrations.Any(t => integrations.Contains(t, StringComparer.OrdinalIgnoreCase)))
            .Where(e => governance.Count == 0 || e.Governance.Any(t => governance.Contains(t, StringComparer.OrdinalIgnoreCase)))
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .ToArray();
        return exchange.RespondJsonAsync(StatusCodes.Status200OK, new JsonObject
        {
            ["generated_at"] = "2026-12-01T00:00:00Z",
            ["items"] = new JsonArray(matches.Skip((page - 1) * size).Take(size).Select(e => (JsonNode)Item(e)).ToArray()),
            ["total"] = matches.Length,
            ["page"] = page,
            ["page_size"] = size,
        });
    }

    private static bool Number(ApiExchange exchange, string name, int fallback, out int value)
    {
        string? text = exchange.Context.Request.Query[name].FirstOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());

    private static JsonObject Item(Entry e) => new()
    {
        ["id"] = e.Id,
        ["name"] = e.Name,
        ["summary"] = e.Summary,
        ["description"] = e.Summary + " A blueprint of the mock catalog.",
        ["category"] = e.Category,
        ["tags"] = Array(e.Tags),
        ["latest_version"] = e.Versions[0].Number,
        ["required_integrations"] = Array(e.Integrations),
        ["default_policies"] = Array(e.DefaultPolicies),
        ["governance_traits"] = Array(e.Governance),
        ["complexity"] = e.Complexity,
        ["metadata"] = new JsonObject { ["publisher"] = "runagents" },
    };

    /// <summary>A manifest in the platform's camelCase, every field the CLI reads included; older versions say so in their prompt.</summary>
    private static JsonObject Manifest(Entry e, Version v)
    {
        var template = new JsonObject { ["sourceType"] = e.Files.Count > 0 ? "source" : "workflow" };
        if (e.AgentName is not null)
        {
            template["agentName"] = e.AgentName;
        }

        if (e.SystemPrompt is not null)
        {
            template["systemPrompt"] = v == e.Versions[0] ? e.SystemPrompt : $"{e.SystemPrompt} (version {v.Number})";
        }

        template["requiredTools"] = Array(e.Tools);
        template["recommendedTools"] = Array(e.Integrations);
        template["policies"] = Array(e.Policies);
        template["accessMode"] = "restricted";
        if (e.IdentityProvider is not null)
        {
            template["identityProvider"] = e.IdentityProvider;
        }

        if (e.Files.Count > 0)
        {
            template["sourceFiles"] = new JsonObject(e.Files.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)JsonValue.Create(f.Value))));
        }
        else
        {
            template["workflowRef"] = $"workflows/{e.Id}.json";
        }

        var manifest = new JsonObject
        {
            ["id"] = e.Id,
            ["version"] = v.Number,
            ["name"] = e.Name,
            ["summary"] = e.Summary,
            ["description"] = e.Summary + " A blueprint of the mock catalog.",
            ["category"] = e.Category,
            ["tags"] = Array(e.Tags),
        };
        if (e.DefaultModel is not null)
        {
            manifest["defaultModel"] = e.DefaultModel;
        }

        manifest["requiredIntegrations"] = Array(e.Integrations);
        manifest["defaultPolicies"] = Array(e.DefaultPolicies);
        manifest["governanceTraits"] = Array(e.Governance);
        manifest["accessRecommendations"] = Array(["Bind a read-only policy first."]);
        manifest["useCases"] = Array([e.Summary]);
        manifest["prompts"] = new JsonArray(new JsonObject { ["title"] = "Try it", ["content"] = $"What can {e.Name} do?" });
        manifest["deploymentTemplate"] = template;
        manifest["metadata"] = new JsonObject { ["publisher"] = "runagents" };
        manifest["changelog"] = v.Changelog;
        manifest["publishedAt"] = v.Published;
        return manifest;
    }
}
