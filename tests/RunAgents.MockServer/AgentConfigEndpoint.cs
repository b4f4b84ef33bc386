using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>
/// GET and PUT of an agent's config (<c>/agents/{name}/config</c> on v1, <c>/api/agents/{ns}/{name}/config</c> on the
/// root API), read from and written into the stored agent, so that Get-RAAgent shows what a PUT changed.
/// </summary>
/// <remarks>
/// The config is the agent's spec in the contract's <c>AgentConfig</c> shape: <c>system_prompt</c> from
/// <c>spec.systemPrompt</c>, <c>identity_provider</c> from the label <c>platform.ai/identity-provider</c>,
/// <c>llm_configs</c> from <c>spec.llmConfigs</c> (kept by a PUT) or else the one <c>spec.llmConfig</c> as the chat role
/// with the model spend's budget, <c>required_tools</c> and <c>policies</c> from the spec. A PUT replaces each field it
/// gives, whole, and leaves the others (the SDK's reading of the contract); a field of the wrong shape or a negative
/// budget answers 400.
/// </remarks>
internal static class AgentConfigEndpoint
{
    private const string IdentityLabel = "platform.ai/identity-provider";

    /// <summary>Answers GET or PUT for one agent, or 405.</summary>
    public static Task HandleAsync(ApiExchange exchange, MockState state, AgentAddress agent)
    {
        string method = exchange.Context.Request.Method;
        if (HttpMethods.IsGet(method))
        {
            return Answer(exchange, state, agent);
        }

        return HttpMethods.IsPut(method) ? PutAsync(exchange, state, agent) : exchange.RespondMethodNotAllowedAsync("GET, PUT");
    }

    private static Task Answer(ApiExchange exchange, MockState state, AgentAddress agent)
    {
        JsonObject? config = state.Agents.Read(agent.Key, Config);
        return config is null ? AgentsEndpoint.NotFoundAsync(exchange, agent.Display) : exchange.RespondJsonAsync(StatusCodes.Status200OK, config);
    }

    private static async Task PutAsync(ApiExchange exchange, MockState state, AgentAddress agent)
    {
        JsonObject? body;
        try
        {
            body = JsonNode.Parse(exchange.Body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            body = null;
        }

        if (body is null)
        {
            await exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, "invalid JSON body");
            return;
        }

        if (Problem(body) is string problem)
        {
            await exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, problem);
            return;
        }

        if (!state.Agents.Edit(agent.Key, node => Write(node, body)))
        {
            await AgentsEndpoint.NotFoundAsync(exchange, agent.Display);
            return;
        }

        await Answer(exchange, state, agent);
    }

    private static string? Problem(JsonObject body)
    {
        foreach ((string field, JsonNode? value) in body)
        {
            switch (field)
            {
                case "system_prompt" or "identity_provider" when value is not null && value.GetValueKind() != System.Text.Json.JsonValueKind.String:
                    return $"{field} must be a string";
                case "required_tools" or "policies" when value is not JsonArray list || list.Any(i => i?.GetValueKind() != System.Text.Json.JsonValueKind.String):
                    return $"{field} must be an array of strings";
                case "llm_configs" when value is not JsonArray configs:
                    return "llm_configs must be an array";
                case "llm_configs":
                    foreach (JsonNode? item in (JsonArray)value!)
                    {
                        if (item is not JsonObject config || JsonRead.String(config, "model") is null)
                        {
                            return "llm_configs[].model is required";
                        }

                        if (config["monthly_budget_usd"] is JsonValue budget && budget.GetValue<double>() < 0)
                        {
                            return "llm_configs[].monthly_budget_usd must be >= 0";
                        }
                    }

                    break;
            }
        }

        return null;
    }

    /// <summary>Writes the fields of a PUT into the stored agent.</summary>
    private static void Write(JsonObject agent, JsonObject body)
    {
        var spec = agent["spec"] as JsonObject ?? new JsonObject();
        agent["spec"] = spec;
        if (body.ContainsKey("system_prompt"))
        {
            spec["systemPrompt"] = body["system_prompt"]?.DeepClone();
        }

        if (body.ContainsKey("identity_provider"))
        {
            var labels = agent["labels"] as JsonObject ?? new JsonObject();
            agent["labels"] = labels;
            if (JsonRead.String(body, "identity_provider") is { Length: > 0 } provider)
            {
                labels[IdentityLabel] = provider;
            }
            else
            {
                labels.Remove(IdentityLabel);
            }
        }

        if (body["required_tools"] is JsonArray tools)
        {
            spec["requiredTools"] = new JsonArray(tools.Select(t => (JsonNode)new JsonObject { ["name"] = t!.GetValue<string>() }).ToArray());
        }

        if (body["policies"] is JsonArray policies)
        {
            spec["policies"] = policies.DeepClone();
        }

        if (body["llm_configs"] is JsonArray configs)
        {
            spec["llmConfigs"] = configs.DeepClone();
            JsonObject? chat = configs.OfType<JsonObject>().FirstOrDefault(c => (JsonRead.String(c, "role") ?? "chat") == "chat") ?? configs.OfType<JsonObject>().FirstOrDefault();
            if (chat is not null)
            {
                spec["llmConfig"] = new JsonObject { ["provider"] = JsonRead.String(chat, "provider") ?? JsonRead.String(chat, "model_provider"), ["model"] = JsonRead.String(chat, "model") };
            }
        }
    }

    /// <summary>The agent's config in the contract's shape.</summary>
    private static JsonObject Config(AgentKey key, JsonObject agent)
    {
        var spec = agent["spec"] as JsonObject ?? new JsonObject();
        JsonArray configs;
        if (spec["llmConfigs"] is JsonArray kept)
        {
            configs = (JsonArray)kept.DeepClone();
        }
        else
        {
            configs = new JsonArray();
            if (spec["llmConfig"] is JsonObject llm && JsonRead.String(llm, "model") is string model)
            {
                string? provider = JsonRead.String(llm, "provider");
                configs.Add(new JsonObject
                {
                    ["role"] = "chat",
                    ["model_provider"] = provider,
                    ["provider"] = provider,
                    ["model"] = model,
                    ["monthly_budget_usd"] = ModelSpend.Budget(key.Name) is double budget ? budget : null,
                });
            }
        }

        var usage = new JsonArray(configs.OfType<JsonObject>().Select(c => (JsonNode)ModelSpend.Usage(key.Name, c)).ToArray());
        var config = new JsonObject
        {
            ["agent_name"] = key.Name,
            ["namespace"] = key.Namespace,
            ["image"] = spec["image"]?.DeepClone(),
        };
        if (spec["runtime"] is JsonNode runtime)
        {
            config["runtime"] = runtime.DeepClone();
        }

        config["system_prompt"] = spec["systemPrompt"]?.DeepClone();
        config["identity_provider"] = (agent["labels"] as JsonObject)?[IdentityLabel]?.DeepClone();
        config["llm_configs"] = configs;
        config["model_usage"] = usage;
        config["required_tools"] = new JsonArray(AgentJson.GetToolNames(agent).Select(t => (JsonNode)t).ToArray());
        config["policies"] = new JsonArray(AgentJson.GetPolicies(agent).Select(p => (JsonNode)p).ToArray());
        return config;
    }
}
