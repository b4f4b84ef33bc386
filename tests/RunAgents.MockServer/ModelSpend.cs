using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>GET /model-spend (v1) and /api/dashboard/model-spend: spend against budgets, one row per agent's model.</summary>
/// <remarks>
/// Each agent's model spends 12.5 USD this period without a budget (Uncapped), but for three demo agents with a
/// budget: payment-approver is near it, fraud-detector has reached it and invoice-processor is well within it. The
/// warnings are the rows near or at their budget; the top models the five rows that spend most.
/// </remarks>
internal sealed class ModelSpend(MockState state) : IApiEndpoint
{
    private const string PeriodStart = "2026-11-01T00:00:00Z";
    private const string PeriodEnd = "2026-12-01T00:00:00Z";

    private static readonly Dictionary<string, (double Budget, double Spend)> s_budgets = new()
    {
        ["payment-approver"] = (50, 46),
        ["fraud-detector"] = (20, 20),
        ["invoice-processor"] = (100, 31.25),
    };

    /// <summary>The seeded monthly budget of an agent's model, or null when it has none.</summary>
    public static double? Budget(string agent) => s_budgets.TryGetValue(agent, out var set) ? set.Budget : null;

    /// <summary>An agent config's <c>model_usage</c> row (<c>AgentModelUsage</c>) for one of its <c>llm_configs</c>, spending as the spend rows do.</summary>
    public static JsonObject Usage(string agent, JsonObject config)
    {
        double spend = s_budgets.TryGetValue(agent, out var set) ? set.Spend : 12.5;
        double? budget = config["monthly_budget_usd"] is JsonValue value ? value.GetValue<double>() : null;
        string status = budget is not double cap ? "Uncapped" : spend >= cap ? "Budget reached" : spend >= 0.8 * cap ? "Near budget" : "Active";
        return new JsonObject
        {
            ["label"] = "default",
            ["role"] = JsonRead.String(config, "role") ?? "chat",
            ["model_provider"] = JsonRead.String(config, "model_provider"),
            ["provider"] = JsonRead.String(config, "provider"),
            ["model"] = JsonRead.String(config, "model"),
            ["monthly_budget_usd"] = budget,
            ["estimated_spend_usd"] = spend,
            ["remaining_budget_usd"] = budget is double b ? Math.Max(0, b - spend) : null,
            ["period_start"] = PeriodStart,
            ["period_end"] = PeriodEnd,
            ["status"] = status,
        };
    }

    /// <inheritdoc/>
    public Task HandleAsync(ApiExchange exchange, ApiCall call)
    {
        if (call.Rest.Count != 0)
        {
            return exchange.RespondNotFoundAsync();
        }

        if (!HttpMethods.IsGet(exchange.Context.Request.Method))
        {
            return exchange.RespondMethodNotAllowedAsync("GET");
        }

        var rows = new List<(double Spend, JsonObject Item)>();
        foreach ((AgentKey key, string? provider, string model) in state.Agents.Models())
        {
            (double? budget, double spend) = s_budgets.TryGetValue(key.Name, out var set) ? (set.Budget, set.Spend) : ((double?)null, 12.5);
            string status = budget is not double cap ? "Uncapped" : spend >= cap ? "Budget reached" : spend >= 0.8 * cap ? "Near budget" : "Active";
            rows.Add((spend, new JsonObject
            {
                ["agent_name"] = key.Name,
                ["agent_namespace"] = key.Namespace,
                ["label"] = "default",
                ["role"] = "chat",
                ["model_provider"] = provider,
                ["provider"] = provider,
                ["model"] = model,
                ["monthly_budget_usd"] = budget,
                ["estimated_spend_usd"] = spend,
                ["remaining_budget_usd"] = budget is double b ? Math.Max(0, b - spend) : null,
                ["period_start"] = PeriodStart,
                ["period_end"] = PeriodEnd,
                ["status"] = status,
            }));
        }

        var budgeted = rows.Where(r => r.Item["monthly_budget_usd"] is not null).ToList();
        var answer = new JsonObject
        {
            ["summary"] = new JsonObject
            {
                ["total_estimated_spend_usd"] = rows.Sum(r => r.Spend),
                ["total_budget_usd"] = budgeted.Sum(r => (double)r.Item["monthly_budget_usd"]!),
                ["remaining_budget_usd"] = budgeted.Sum(r => (double)r.Item["remaining_budget_usd"]!),
                ["budgeted_model_count"] = budgeted.Count,
                ["near_budget_count"] = rows.Count(r => JsonRead.String(r.Item, "status") == "Near budget"),
                ["blocked_count"] = rows.Count(r => JsonRead.String(r.Item, "status") == "Budget reached"),
                ["uncapped_spend_usd"] = rows.Where(r => r.Item["monthly_budget_usd"] is null).Sum(r => r.Spend),
                ["period_start"] = PeriodStart,
                ["period_end"] = PeriodEnd,
            },
            ["warnings"] = new JsonArray(rows.Where(r => JsonRead.String(r.Item, "status") is "Near budget" or "Budget reached").Select(r => (JsonNode)r.Item.DeepClone()).ToArray()),
            ["top_models"] = new JsonArray(rows.OrderByDescending(r => r.Spend).Take(5).Select(r => (JsonNode)r.Item.DeepClone()).ToArray()),
        };
        return exchange.RespondJsonAsync(StatusCodes.Status200OK, answer);
    }
}
