using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>
/// The approval connectors, their defaults and their delivery activity (spec section 2.7, C1-C9), under
/// <c>/api/settings/approval-connectors</c> (namespaced) and <c>/approval-connectors</c> (v1), with the contract's quirks:
/// ids the platform makes (<c>ac_...</c>), names that need not be unique, header values (secrets) echoed in clear by
/// list, get, create and update, and a test that answers 200 with <c>status: "unhealthy"</c> when a check fails.
/// </summary>
/// <remarks>
/// The test's checks are deterministic: <c>config</c> fails for a webhook that is not https; <c>auth</c> fails for a
/// strict Slack connector without <c>X-Slack-Signing-Secret</c> and for PagerDuty without a routing-key header;
/// <c>delivery</c> fails for a host ending in <c>.invalid</c> or holding <c>unreachable</c>. Creates and updates refuse
/// (400) what the docs say the platform refuses: those same rules, an unknown type or mode, and a timeout outside 1..120.
/// </remarks>
internal sealed class ApprovalConnectors : IApiEndpoint
{
    private static readonly string[] s_types = ["webhook", "slack", "teams", "jira", "pagerduty"];
    private static readonly string[] s_modes = ["compat", "strict"];
    private readonly object _gate = new();
    private readonly MockState _state;
    private readonly List<JsonObject> _items = [];
    private readonly List<JsonObject> _activity = [];
    private JsonObject _defaults = new();
    private int _next;

    public ApprovalConnectors(MockState state)
    {
        _state = state;
        Reset();
    }

    /// <summary>The seeds: a strict Slack connector, a disabled PagerDuty one, their activity and the defaults.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _items.Clear();
            _activity.Clear();
            _next = 0;
            _items.Add(Make("slack-finance", "slack", "https://hooks.slack.com/services/T0001/B0001/finance", new JsonObject { ["X-Slack-Signing-Secret"] = "slk-sign-4a7c9e2f1b3d8e6a" }, true, 10, "strict", "2026-11-20T09:00:00Z"));
            _items.Add(Make("pagerduty-sre", "pagerduty", "https://events.pagerduty.com/v2/enqueue", new JsonObject { ["X-Routing-Key"] = "pd-route-9b8c7d6e5f4a3b2c" }, false, 15, null, "2026-11-21T10:30:00Z"));
            _activity.Add(Row("act_0001", "2026-11-28T14:02:11Z", "delivered", _items[0], "ar-seed-1", "run-seed-1", "pending", 200, 184, "posted to Slack"));
            _activity.Add(Row("act_0002", "2026-11-28T14:20:45Z", "decision", _items[0], "ar-seed-1", "run-seed-1", "approved", 200, 95, "approved in Slack by finance-lead"));
            _activity.Add(Row("act_0003", "2026-11-29T03:15:03Z", "failed", _items[1], "ar-seed-2", "run-seed-2", null, 503, 15000, "PagerDuty did not answer in 15s"));
            _defaults = new JsonObject
            {
                ["default_delivery_mode"] = "first_success",
                ["default_fallback_to_ui"] = true,
                ["default_timeout_seconds"] = 10,
                ["min_timeout_seconds"] = 1,
                ["max_timeout_seconds"] = 120,
            };
        }
    }

    /// <summary>Removes every connector; the defaults and the activity stay.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _items.Clear();
        }
    }

    /// <inheritdoc/>
    public Task HandleAsync(ApiExchange exchange, ApiCall call)
    {
        string method = exchange.Context.Request.Method;
        lock (_gate)
        {
            if (call.Rest.Count == 0)
            {
                return HttpMethods.IsGet(method) ? exchange.RespondJsonAsync(200, new JsonArray(_items.Select(i => (JsonNode)i.DeepClone()).ToArray()))
                    : HttpMethods.IsPost(method) ? CreateAsync(exchange)
                    : exchange.RespondMethodNotAllowedAsync("GET, POST");
            }

            if (call.Rest.Count != 1)
            {
                return exchange.RespondNotFoundAsync();
            }

            switch (call.Rest[0])
            {
                case "defaults":
                    return HttpMethods.IsGet(method) ? exchange.RespondJsonAsync(200, _defaults.DeepClone())
                        : HttpMethods.IsPut(method) ? SetDefaultsAsync(exchange)
                        : exchange.RespondMethodNotAllowedAsync("GET, PUT");
                case "test":
                    return HttpMethods.IsPost(method) ? TestAsync(exchange) : exchange.RespondMethodNotAllowedAsync("POST");
                case "activity":
                    return HttpMethods.IsGet(method) ? ActivityAsync(exchange) : exchange.RespondMethodNotAllowedAsync("GET");
            }

            string id = call.Rest[0];
            JsonObject? item = _items.FirstOrDefault(i => JsonRead.String(i, "id") == id);
            if (item is null)
            {
                return exchange.RespondErrorAsync(404, "approval connector not found");
            }

            if (HttpMethods.IsGet(method))
            {
                return exchange.RespondJsonAsync(200, item.DeepClone());
            }

            if (HttpMethods.IsPatch(method))
            {
                return UpdateAsync(exchange, item);
            }

            if (HttpMethods.IsDelete(method))
            {
                _items.Remove(item);
                return exchange.RespondJsonAsync(200, new JsonObject { ["status"] = "deleted" });
            }

            return exchange.RespondMethodNotAllowedAsync("GET, PATCH, DELETE");
        }
    }

    private Task CreateAsync(ApiExchange exchange)
    {
        if (JsonRead.OptionalObject(exchange.Body) is not JsonObject body)
        {
            return exchange.RespondErrorAsync(400, "invalid JSON body");
        }

        string? name = JsonRead.String(body, "name");
        string? endpoint = JsonRead.String(body, "endpoint");
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(endpoint))
        {
            return exchange.RespondErrorAsync(400, "name and endpoint are required");
        }

        var made = Make(name, JsonRead.String(body, "type") ?? "webhook", endpoint, body["headers"] as JsonObject ?? new JsonObject(), body["enabled"] is JsonValue e && e.TryGetValue(out bool on) ? on : true,
            body["timeout_seconds"] is JsonValue t && t.TryGetValue(out int seconds) ? seconds : null, JsonRead.String(body, "slack_security_mode"), Now());
        foreach (var pair in body.Where(p => !made.ContainsKey(p.Key) && p.Key != "id"))
        {
            made[pair.Key] = pair.Value?.DeepClone();
        }

        if (Problem(made) is string problem)
        {
            _next--;
            return exchange.RespondErrorAsync(400, problem);
        }

        _items.Add(made);
        return exchange.RespondJsonAsync(201, made.DeepClone());
    }

    private Task UpdateAsync(ApiExchange exchange, JsonObject item)
    {
        if (JsonRead.OptionalObject(exchange.Body) is not JsonObject body)
        {
            return exchange.RespondErrorAsync(400, "invalid JSON body");
        }

        var changed = (JsonObject)item.DeepClone();
        foreach (var pair in body.Where(p => p.Key is not ("id" or "created_at" or "updated_at")))
        {
            changed[pair.Key] = pair.Value?.DeepClone();
        }

        if (Problem(changed) is string problem)
        {
            return exchange.RespondErrorAsync(400, problem);
        }

        changed["updated_at"] = Now();
        _items[_items.IndexOf(item)] = changed;
        return exchange.RespondJsonAsync(200, changed.DeepClone());
    }

    private Task SetDefaultsAsync(ApiExchange exchange)
    {
        if (JsonRead.OptionalObject(exchange.Body) is not JsonObject body)
        {
            return exchange.RespondErrorAsync(400, "invalid JSON body");
        }

        if (JsonRead.String(body, "default_delivery_mode") is string mode && mode is not ("first_success" or "all"))
        {
            return exchange.RespondErrorAsync(400, "default_delivery_mode must be first_success or all");
        }

        if (body["default_timeout_seconds"] is JsonValue t && (!t.TryGetValue(out int seconds) || seconds < 1 || seconds > 120))
        {
            return exchange.RespondErrorAsync(400, "default_timeout_seconds must be between 1 and 120");
        }

        foreach (string field in new[] { "default_delivery_mode", "default_fallback_to_ui", "default_timeout_seconds" })
        {
            if (body.ContainsKey(field))
            {
                _defaults[field] = body[field]?.DeepClone();
            }
        }

        return exchange.RespondJsonAsync(200, _defaults.DeepClone());
    }

    private Task TestAsync(ApiExchange exchange)
    {
        if (JsonRead.OptionalObject(exchange.Body) is not JsonObject body || string.IsNullOrEmpty(JsonRead.String(body, "endpoint")))
        {
            return exchange.RespondErrorAsync(400, "endpoint is required");
        }

        string type = JsonRead.String(body, "type") ?? "webhook";
        string endpoint = JsonRead.String(body, "endpoint")!;
        var headers = body["headers"] as JsonObject ?? new JsonObject();
        bool https = Uri.TryCreate(endpoint, UriKind.Absolute, out Uri? uri) && uri.Scheme == "https";
        string? auth = AuthProblem(type, JsonRead.String(body, "slack_security_mode"), headers);
        bool reachable = uri is not null && !uri.Host.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase) && !uri.Host.Contains("unreachable", StringComparison.OrdinalIgnoreCase);
        var checks = new JsonArray(
            Check("config", "Configuration", https || type != "webhook", https || type != "webhook" ? "endpoint and type are valid" : "webhook endpoints must use https", 0),
            Check("auth", "Authentication headers", auth is null, auth ?? "required headers are present", 0),
            Check("delivery", "Test delivery", reachable, reachable ? "test message delivered" : $"no answer from {uri?.Host ?? endpoint}", reachable ? 87 : 0));
        bool healthy = checks.All(c => JsonRead.String((JsonObject)c!, "status") == "pass");
        // A test of a saved connector's configuration is recorded against the connector of that endpoint, if any.
        JsonObject? saved = _items.FirstOrDefault(i => JsonRead.String(i, "endpoint") == endpoint);
        _activity.Add(new JsonObject
        {
            ["id"] = $"act_t{_activity.Count + 1:D3}",
            ["timestamp"] = Now(),
            ["event"] = "test",
            ["connector_id"] = saved is null ? null : JsonRead.String(saved, "id"),
            ["connector_name"] = saved is null ? null : JsonRead.String(saved, "name"),
            ["status_code"] = reachable ? 200 : 0,
            ["duration_ms"] = reachable ? 87 : 0,
            ["message"] = healthy ? "test delivery succeeded" : "test delivery failed",
        });

        // 200 whether healthy or not: an unhealthy configuration is a result, not an error.
        return exchange.RespondJsonAsync(200, new JsonObject
        {
            ["status"] = healthy ? "healthy" : "unhealthy",
            ["connector_type"] = type,
            ["endpoint"] = endpoint,
            ["checks"] = checks,
        });
    }

    private Task ActivityAsync(ApiExchange exchange)
    {
        int limit = 50;
        if (exchange.QueryValues("limit") is [string text, ..] && (!int.TryParse(text, out limit) || limit < 1))
        {
            return exchange.RespondErrorAsync(400, "limit must be a positive integer");
        }

        // Newest first: the seeded rows, each test, and one delivery per access request of the platform.
        var rows = _activity.Select(r => (JsonNode)r.DeepClone()).ToList();
        JsonObject? first = _items.FirstOrDefault(i => i["enabled"] is JsonValue v && v.TryGetValue(out bool on) && on);
        if (first is not null)
        {
            foreach (JsonObject request in _state.AccessRequests.All().OfType<JsonObject>())
            {
                rows.Add(Row($"act_r{rows.Count + 1:D3}", JsonRead.String(request, "created_at") ?? Now(), "delivered", first, JsonRead.String(request, "id"), JsonRead.String(request, "run_id"), null, 200, 120, "approval request delivered"));
            }
        }

        // Newest first; rows of one time in the order they happened, the last first.
        rows.Reverse();
        rows = rows.Select((row, index) => (row, index)).OrderByDescending(r => JsonRead.String((JsonObject)r.row!, "timestamp"), StringComparer.Ordinal).ThenBy(r => r.index).Select(r => r.row).ToList();
        return exchange.RespondJsonAsync(200, new JsonArray(rows.Take(limit).ToArray()));
    }

    private JsonObject Make(string name, string type, string endpoint, JsonObject headers, bool enabled, int? timeout, string? mode, string created)
    {
        _next++;
        var item = new JsonObject
        {
            ["id"] = $"ac_{_next:D4}{Hash(name)}",
            ["name"] = name,
            ["type"] = type,
            ["endpoint"] = endpoint,
            ["headers"] = headers.DeepClone(),
            ["enabled"] = enabled,
            ["timeout_seconds"] = timeout ?? 10,
            ["created_at"] = created,
            ["updated_at"] = created,
        };
        if (type == "slack")
        {
            item["slack_security_mode"] = mode ?? "compat";
        }
        else if (mode is not null)
        {
            item["slack_security_mode"] = mode;
        }

        return item;
    }

    private static string Hash(string name) => ((uint)name.Aggregate(17, (h, c) => unchecked((h * 31) + c))).ToString("x8")[..4];

    private static string? Problem(JsonObject item)
    {
        string type = JsonRead.String(item, "type") ?? "webhook";
        if (!s_types.Contains(type))
        {
            return $"type must be one of {string.Join(", ", s_types)}";
        }

        if (JsonRead.String(item, "slack_security_mode") is string mode && !s_modes.Contains(mode))
        {
            return "slack_security_mode must be compat or strict";
        }

        if (item["timeout_seconds"] is JsonValue t && (!t.TryGetValue(out int seconds) || seconds < 1 || seconds > 120))
        {
            return "timeout_seconds must be between 1 and 120";
        }

        string endpoint = JsonRead.String(item, "endpoint") ?? string.Empty;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out Uri? uri))
        {
            return "endpoint must be an absolute URL";
        }

        if (type == "webhook" && uri.Scheme != "https")
        {
            return "webhook endpoints must use https";
        }

        return AuthProblem(type, JsonRead.String(item, "slack_security_mode"), item["headers"] as JsonObject ?? new JsonObject());
    }

    private static string? AuthProblem(string type, string? mode, JsonObject headers)
    {
        bool Has(Func<string, bool> name) => headers.Any(h => name(h.Key) && h.Value is JsonValue v && v.TryGetValue(out string? s) && !string.IsNullOrEmpty(s));
        if (type == "slack" && mode == "strict" && !Has(k => k.Equals("X-Slack-Signing-Secret", StringComparison.OrdinalIgnoreCase)))
        {
            return "slack strict mode requires the X-Slack-Signing-Secret header";
        }

        if (type == "pagerduty" && !Has(k => k.Replace("-", string.Empty).Replace("_", string.Empty).Contains("routingkey", StringComparison.OrdinalIgnoreCase)))
        {
            return "pagerduty connectors require a routing key header (X-Routing-Key)";
        }

        return null;
    }

    private static JsonObject Check(string id, string label, bool pass, string message, int ms) => new()
    {
        ["id"] = id,
        ["label"] = label,
        ["status"] = pass ? "pass" : "fail",
        ["message"] = message,
        ["duration_ms"] = ms,
    };

    private static JsonObject Row(string id, string time, string evt, JsonObject connector, string? request, string? run, string? decision, int status, int ms, string message) => new()
    {
        ["id"] = id,
        ["timestamp"] = time,
        ["event"] = evt,
        ["connector_id"] = JsonRead.String(connector, "id"),
        ["connector_name"] = JsonRead.String(connector, "name"),
        ["request_id"] = request,
        ["run_id"] = run,
        ["decision"] = decision,
        ["status_code"] = status,
        ["duration_ms"] = ms,
        ["message"] = message,
    };

    private string Now() => _state.Clock.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
}
