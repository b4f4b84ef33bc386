using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>The unauthenticated /_mock/... endpoints that let tests script and inspect the server.</summary>
internal sealed class ControlApi(MockState state)
{
    private static readonly byte[] s_ok = MockJson.ToUtf8(new JsonObject { ["status"] = "ok" });

    private static readonly string[] s_resources =
        ["health", "journal", "faults", "agents", "seed", "phases", "requests", "runs", "tools", "model-providers", "policies", "identity-providers", "delays", "behaviour", "reset", "clear-configuration"];

    /// <summary>Dispatches one control request.</summary>
    public async Task HandleAsync(HttpContext context, RequestTarget target)
    {
        HttpResponse response = context.Response;
        CancellationToken aborted = context.RequestAborted;
        string resource = target.Segments.Count == 2 ? target.Segments[1] : string.Empty;
        string method = context.Request.Method;
        try
        {
            NamedList? catalog = PlatformArrange.CatalogList(state, resource);
            Task? handled = (resource, method) switch
            {
                ("health", "GET") => OkAsync(response, aborted),
                ("journal", "GET") => JsonAsync(response, MockJson.Serialize(state.Journal.Snapshot()), aborted),
                ("journal", "DELETE") => Then(state.Journal.Clear, response, aborted),
                ("faults", "GET") => JsonAsync(response, MockJson.Serialize(state.Faults.Snapshot()), aborted),
                ("faults", "POST") => AddFaultsAsync(context),
                ("faults", "DELETE") => Then(state.Faults.Clear, response, aborted),
                ("agents", "POST") => PutAgentsAsync(context),
                ("agents", "DELETE") => Then(state.Agents.Clear, response, aborted),
                ("seed", "POST") => SeedAsync(context),
                ("phases", "POST") => ScriptPhasesAsync(context),
                ("requests", "GET") => JsonAsync(response, MockJson.ToUtf8(state.AccessRequests.All()), aborted),
                ("requests", "POST") => PutAsync(context, json => PlatformArrange.PutAccessRequests(state, json)),
                ("requests", "DELETE") => Then(state.AccessRequests.Clear, response, aborted),
                ("runs", "GET") => JsonAsync(response, MockJson.ToUtf8(state.Runs.All()), aborted),
                ("runs", "POST") => PutAsync(context, json => PlatformArrange.PutRuns(state, json)),
                ("runs", "DELETE") => Then(state.Runs.Clear, response, aborted),
                (_, "GET") when catalog is not null => JsonAsync(response, MockJson.ToUtf8(catalog.ToJson()), aborted),
                (_, "POST") when catalog is not null => PutCatalogAsync(context, catalog),
                (_, "DELETE") when catalog is not null => Then(catalog.Clear, response, aborted),
                ("delays", "GET") => JsonAsync(response, MockJson.ToUtf8(PlatformArrange.Delays(state)), aborted),
                ("delays", "POST") => SetDelaysAsync(context),
                ("behaviour", "GET") => JsonAsync(response, MockJson.ToUtf8(PlatformArrange.Behaviour(state)), aborted),
                ("behaviour", "POST") => SetBehaviourAsync(context),
                ("reset", "POST") => Then(state.Reset, response, aborted),
                ("clear-configuration", "POST") => ClearConfigurationAsync(context),
                _ => null,
            };

            if (handled is not null)
            {
                await handled;
            }
            else if (s_resources.Contains(resource))
            {
                await HttpWrites.WriteErrorAsync(response, StatusCodes.Status405MethodNotAllowed, "method not allowed", aborted);
            }
            else
            {
                await HttpWrites.WriteErrorAsync(response, StatusCodes.Status404NotFound, "not found", aborted);
            }
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException && !response.HasStarted)
        {
            await HttpWrites.WriteErrorAsync(response, StatusCodes.Status400BadRequest, ex.Message, aborted);
        }
    }

    private async Task AddFaultsAsync(HttpContext context)
    {
        string body = await ReadBodyAsync(context);
        FaultRule[] rules = body.TrimStart().StartsWith('[')
            ? JsonSerializer.Deserialize<FaultRule[]>(body, MockJson.Options) ?? []
            : [JsonSerializer.Deserialize<FaultRule>(body, MockJson.Options) ?? throw new ArgumentException("expected a fault rule")];
        state.Faults.Add(rules);
        await CountAsync(context.Response, rules.Length, context.RequestAborted);
    }

    private async Task PutAgentsAsync(HttpContext context)
    {
        IReadOnlyList<JsonObject> agents = AgentJson.ParseMany(await ReadBodyAsync(context));
        state.Agents.Put(agents);
        await CountAsync(context.Response, agents.Count, context.RequestAborted);
    }

    // Answers {"status":"ok","count":N,"ids":[...]} so a test can address what it just made.
    private static async Task PutAsync(HttpContext context, Func<string, IReadOnlyList<string>> put)
    {
        IReadOnlyList<string> ids = put(await ReadBodyAsync(context));
        var answer = new JsonObject { ["status"] = "ok", ["count"] = ids.Count, ["ids"] = new JsonArray(ids.Select(i => (JsonNode)i).ToArray()) };
        await JsonAsync(context.Response, MockJson.ToUtf8(answer), context.RequestAborted);
    }

    private static async Task PutCatalogAsync(HttpContext context, NamedList list)
    {
        IReadOnlyList<JsonObject> items = JsonRead.Objects(await ReadBodyAsync(context), "item");
        list.Put(items);
        await CountAsync(context.Response, items.Count, context.RequestAborted);
    }

    private async Task SetBehaviourAsync(HttpContext context)
    {
        PlatformArrange.SetBehaviour(state, await ReadBodyAsync(context));
        await JsonAsync(context.Response, MockJson.ToUtf8(PlatformArrange.Behaviour(state)), context.RequestAborted);
    }

    private async Task SetDelaysAsync(HttpContext context)
    {
        PlatformArrange.SetDelays(state, await ReadBodyAsync(context));
        await JsonAsync(context.Response, MockJson.ToUtf8(PlatformArrange.Delays(state)), context.RequestAborted);
    }

    private async Task SeedAsync(HttpContext context)
    {
        SeedRequest request = JsonSerializer.Deserialize<SeedRequest>(await ReadBodyAsync(context), MockJson.Options)
            ?? throw new ArgumentException("expected {\"count\":N} or {\"seed\":\"demo\"}");
        SeedSpec seed = request.Count is int count
            ? SeedSpec.Parse(count.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : SeedSpec.Parse(request.Seed ?? throw new ArgumentException("expected {\"count\":N} or {\"seed\":\"demo\"}"));
        state.Agents.ReplaceAll(seed.CreateAgents());
        await OkAsync(context.Response, context.RequestAborted);
    }

    private async Task ClearConfigurationAsync(HttpContext context)
    {
        string body = await ReadBodyAsync(context);
        bool agentConfig = body.Trim().Length == 0 || JsonNode.Parse(body) is not JsonObject options || options["agentConfig"] is not JsonValue keep || keep.GetValue<bool>();
        ConfigurationClear.Clear(state, agentConfig);
        await OkAsync(context.Response, context.RequestAborted);
    }

    private async Task ScriptPhasesAsync(HttpContext context)
    {
        PhaseScriptRequest request = JsonSerializer.Deserialize<PhaseScriptRequest>(await ReadBodyAsync(context), MockJson.Options)
            ?? throw new ArgumentException("expected a phase script");
        if (request.Namespace is null || request.Name is null)
        {
            throw new ArgumentException("namespace and name are required");
        }

        PhaseStep[] steps = (request.Steps ?? [])
            .Select(s => new PhaseStep(s.Phase ?? throw new ArgumentException("every step needs a phase"), s.Message ?? string.Empty))
            .ToArray();
        state.Agents.SetScript(new AgentKey(request.Namespace, request.Name), steps);
        await OkAsync(context.Response, context.RequestAborted);
    }

    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(context.RequestAborted);
    }

    private static Task Then(Action action, HttpResponse response, CancellationToken cancellationToken)
    {
        action();
        return OkAsync(response, cancellationToken);
    }

    private static Task OkAsync(HttpResponse response, CancellationToken cancellationToken) =>
        JsonAsync(response, s_ok, cancellationToken);

    private static Task CountAsync(HttpResponse response, int count, CancellationToken cancellationToken) =>
        JsonAsync(response, MockJson.ToUtf8(new JsonObject { ["status"] = "ok", ["count"] = count }), cancellationToken);

    private static Task JsonAsync(HttpResponse response, byte[] body, CancellationToken cancellationToken) =>
        HttpWrites.WriteAsync(response, StatusCodes.Status200OK, MockJson.ContentType, body, cancellationToken);
}
