using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>GET /model-spend (v1) and /api/dashboard/model-spend: spend against budgets, one row per agent's model.</summary>
/// <remarks>Each agent's model spends 12.5 USD this period; one without a budget is Uncapped.</remarks>
internal sealed class ModelSpend(MockState state) : IApiEndpoint
{
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

        var items = new JsonArray();
        foreach ((AgentKey key, _) in state.Agents.Bindings())
        {
            if (state.Agents.GetInvokeInfo(key)?.Model is not JsonObject model)
            {
                continue;
            }

            items.Add(new JsonObject
            {
                ["agent_name"] = key.Name,
                ["agent_namespace"] = key.Namespace,
                ["label"] = "default",
                ["role"] = "chat",
                ["model_provider"] = JsonRead.String(model, "provider"),
                ["provider"] = JsonRead.String(model, "provider"),
                ["model"] = JsonRead.String(model, "model"),
                ["monthly_budget_usd"] = null,
                ["estimated_spend_usd"] = 12.5,
                ["remaining_budget_usd"] = null,
                ["status"] = "Uncapped",
            });
        }

        var answer = new JsonObject
        {
            ["summary"] = new JsonObject
            {
                ["total_estimated_spend_usd"] = 12.5 * items.Count,
                ["total_budget_usd"] = 0,
                ["remaining_budget_usd"] = 0,
                ["budgeted_model_count"] = 0,
                ["near_budget_count"] = 0,
                ["blocked_count"] = 0,
                ["uncapped_spend_usd"] = 12.5 * items.Count,
                ["period_start"] = "2026-11-01T00:00:00Z",
                ["period_end"] = "2026-12-01T00:00:00Z",
            },
            ["warnings"] = new JsonArray(),
            ["top_models"] = items,
        };
        return exchange.RespondJsonAsync(StatusCodes.Status200OK, answer);
    }
}
