using System.Text;
using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>
/// Action plans: POST /api/actions/validate|apply (namespaced) and /actions/validate|apply (v1), with the contract's
/// quirks: apply answers 400 with the apply response (per-action "invalid" results) when validation fails, a
/// malformed body is 400 {"error"}, a wrong method 405 in text/plain. Tool, model provider and policy upserts are
/// applied to the mock's lists; an action whose params.name starts with "fail-" fails when applied (the platform
/// refusing the write), which stops the plan unless continue_on_error. An idempotency key applied before is answered
/// from the ledger again and not written twice.
/// </summary>
internal sealed class ActionPlansEndpoint(MockState state, NamedResourceEndpoint tools, NamedResourceEndpoint providers, NamedResourceEndpoint policies) : IApiEndpoint
{
    private static readonly string[] s_types = ["tool.upsert", "model_provider.upsert", "policy.upsert", "deploy_draft.create_or_patch", "deploy.execute", "starter_kit.seed"];
    private static readonly string[] s_planFields = ["plan_id", "continue_on_error", "actions"];
    private static readonly string[] s_actionFields = ["id", "type", "idempotency_key", "params"];

    /// <inheritdoc/>
    public Task HandleAsync(ApiExchange exchange, ApiCall call)
    {
        if (call.Rest.Count != 1 || call.Rest[0] is not ("validate" or "apply"))
        {
            return exchange.RespondNotFoundAsync();
        }

        if (!HttpMethods.IsPost(exchange.Context.Request.Method))
        {
            exchange.Context.Response.Headers.Allow = "POST";
            return exchange.RespondAsync(StatusCodes.Status405MethodNotAllowed, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes("method not allowed\n"));
        }

        JsonObject? plan = JsonRead.OptionalObject(exchange.Body);
        if (plan is null || plan["actions"] is not JsonArray { Count: > 0 } actions || plan.Any(p => !s_planFields.Contains(p.Key))
            || actions.Any(a => a is not JsonObject o || o.Any(p => !s_actionFields.Contains(p.Key))))
        {
            return exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, "Malformed request body or empty actions list");
        }

        string ns = call.Workspace ?? "default";
        List<(JsonObject Action, List<string> Errors, List<string> Warnings)> checkedActions = Check(actions.Cast<JsonObject>().ToList());
        return call.Rest[0] == "validate"
            ? ValidateAsync(exchange, plan, ns, checkedActions)
            : ApplyAsync(exchange, plan, ns, checkedActions);
    }

    private static Task ValidateAsync(ApiExchange exchange, JsonObject plan, string ns, List<(JsonObject Action, List<string> Errors, List<string> Warnings)> actions)
    {
        var results = new JsonArray(actions.Select(a => (JsonNode)new JsonObject
        {
            ["id"] = Id(a.Action),
            ["type"] = a.Action["type"]?.DeepClone(),
            ["idempotency_key"] = a.Action["idempotency_key"]?.DeepClone(),
            ["valid"] = a.Errors.Count == 0,
            ["errors"] = new JsonArray(a.Errors.Select(e => (JsonNode)JsonValue.Create(e)!).ToArray()),
            ["warnings"] = new JsonArray(a.Warnings.Select(e => (JsonNode)JsonValue.Create(e)!).ToArray()),
            ["resource_ref"] = Ref(a.Action),
        }).ToArray());
        return exchange.RespondJsonAsync(StatusCodes.Status200OK, new JsonObject
        {
            ["plan_id"] = plan["plan_id"]?.DeepClone(),
            ["namespace"] = ns,
            ["valid"] = actions.All(a => a.Errors.Count == 0),
            ["results"] = results,
        });
    }

    private Task ApplyAsync(ApiExchange exchange, JsonObject plan, string ns, List<(JsonObject Action, List<string> Errors, List<string> Warnings)> actions)
    {
        var results = new JsonArray();
        int applied = 0, failed = 0;
        if (actions.Any(a => a.Errors.Count > 0))
        {
            foreach (var (action, errors, _) in actions)
            {
                failed += errors.Count > 0 ? 1 : 0;
                results.Add(Result(action, errors.Count > 0 ? "invalid" : "skipped", errors.Count > 0 ? string.Join("; ", errors) : null, null));
            }

            return exchange.RespondJsonAsync(StatusCodes.Status400BadRequest, Answer(plan, ns, false, 0, failed, results));
        }

        bool go = true;
        bool continueOnError = plan["continue_on_error"] is JsonValue c && c.TryGetValue(out bool v) && v;
        foreach (var (action, _, _) in actions)
        {
            if (!go)
            {
                results.Add(Result(action, "skipped", null, null));
                continue;
            }

            string key = action["idempotency_key"]!.GetValue<string>();
            if (state.ActionPlans.Find(ns, key) is JsonObject replayed)
            {
                applied++;
                results.Add(Result(action, "applied", null, new JsonObject { ["replayed"] = true, ["first_applied_at"] = replayed["applied_at"]?.DeepClone() }));
                continue;
            }

            JsonObject parameters = action["params"] as JsonObject ?? [];
            string name = JsonRead.String(parameters, "name") ?? string.Empty;
            if (name.StartsWith("fail-", StringComparison.Ordinal))
            {
                failed++;
                results.Add(Result(action, "failed", $"upstream rejected the write of '{name}'", null));
                go = continueOnError;
                continue;
            }

            NamedResourceEndpoint target = action["type"]!.GetValue<string>() switch
            {
                "tool.upsert" => tools,
                "model_provider.upsert" => providers,
                _ => policies,
            };
            target.Upsert(new JsonObject { ["name"] = name, ["spec"] = parameters["spec"]!.DeepClone() });
            state.ActionPlans.Record(ns, key, new JsonObject { ["applied_at"] = DateTime.UtcNow.ToString("o") });
            applied++;
            results.Add(Result(action, "applied", null, new JsonObject { ["name"] = name }));
        }

        return exchange.RespondJsonAsync(StatusCodes.Status200OK, Answer(plan, ns, failed == 0, applied, failed, results));
    }

    // Per-type rules of the plan schema, for the three types the mock applies; the others are refused as not applied here.
    private static List<(JsonObject, List<string>, List<string>)> Check(List<JsonObject> actions)
    {
        var seen = new HashSet<string>();
        var list = new List<(JsonObject, List<string>, List<string>)>();
        foreach (JsonObject action in actions)
        {
            var errors = new List<string>();
            var warnings = new List<string>();
            string? type = JsonRead.String(action, "type");
            string? key = JsonRead.String(action, "idempotency_key");
            JsonObject? p = action["params"] as JsonObject;
            if (type is null || !s_types.Contains(type))
            {
                errors.Add($"unknown action type \"{type}\"");
            }
            else if (type is "deploy_draft.create_or_patch" or "deploy.execute" or "starter_kit.seed")
            {
                errors.Add($"{type} is not applied by the mock platform");
            }

            if (string.IsNullOrEmpty(key))
            {
                errors.Add("idempotency_key is required");
            }
            else if (!seen.Add(key))
            {
                errors.Add($"duplicate idempotency_key \"{key}\"");
            }

            string? name = p is null ? null : JsonRead.String(p, "name");
            JsonObject? spec = p?["spec"] as JsonObject;
            if (type is "tool.upsert" or "model_provider.upsert" or "policy.upsert")
            {
                if (string.IsNullOrEmpty(name))
                {
                    errors.Add("params.name is required");
                }

                if (spec is null)
                {
                    errors.Add("params.spec is required");
                }
                else if (type == "tool.upsert" && string.IsNullOrEmpty((spec["connection"] as JsonObject)?["baseUrl"]?.GetValue<string>()))
                {
                    errors.Add("params.spec.connection.baseUrl is required");
                }
                else if (type == "model_provider.upsert")
                {
                    foreach (string field in new[] { "provider", "endpoint" })
                    {
                        if (spec[field] is null)
                        {
                            errors.Add($"params.spec.{field} is required");
                        }
                    }

                    if (spec["models"] is not JsonArray { Count: > 0 })
                    {
                        errors.Add("params.spec.models must have at least one model");
                    }
                }
            }

            if (type == "tool.upsert" && spec?["connection"]?["baseUrl"]?.GetValue<string>() is string url && url.StartsWith("http://", StringComparison.Ordinal))
            {
                warnings.Add("baseUrl is not HTTPS");
            }

            list.Add((action, errors, warnings));
        }

        return list;
    }

    private static JsonObject Result(JsonObject action, string status, string? error, JsonObject? output)
    {
        var result = new JsonObject
        {
            ["id"] = Id(action),
            ["type"] = action["type"]?.DeepClone(),
            ["idempotency_key"] = action["idempotency_key"]?.DeepClone(),
            ["status"] = status,
            ["resource_ref"] = Ref(action),
        };
        if (error is not null)
        {
            result["error"] = error;
        }

        if (output is not null)
        {
            result["output"] = output;
        }

        return result;
    }

    private static JsonObject Answer(JsonObject plan, string ns, bool applied, int appliedCount, int failedCount, JsonArray results) => new()
    {
        ["plan_id"] = plan["plan_id"]?.DeepClone(),
        ["namespace"] = ns,
        ["applied"] = applied,
        ["applied_count"] = appliedCount,
        ["failed_count"] = failedCount,
        ["results"] = results,
    };

    private static string Id(JsonObject action) => JsonRead.String(action, "id") ?? JsonRead.String(action, "idempotency_key") ?? string.Empty;

    // The v1-relative path of what an action writes, as the platform gives it: /tools/payments-api.
    private static string? Ref(JsonObject action)
    {
        string? name = action["params"] is JsonObject p ? JsonRead.String(p, "name") : null;
        string? collection = JsonRead.String(action, "type") switch
        {
            "tool.upsert" => "tools",
            "model_provider.upsert" => "model-providers",
            "policy.upsert" => "policies",
            _ => null,
        };
        return name is null || collection is null ? null : $"/{collection}/{name}";
    }
}

/// <summary>The idempotency keys applied, per namespace; cleared by reset.</summary>
internal sealed class ActionPlanLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string, string), JsonObject> _applied = [];

    public JsonObject? Find(string ns, string key)
    {
        lock (_gate)
        {
            return _applied.GetValueOrDefault((ns, key));
        }
    }

    public void Record(string ns, string key, JsonObject what)
    {
        lock (_gate)
        {
            _applied[(ns, key)] = what;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _applied.Clear();
        }
    }
}
