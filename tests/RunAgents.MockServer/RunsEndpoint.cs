using System.Globalization;
using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>Runs and their events: /runs... on both generations (spec section 4).</summary>
internal sealed class RunsEndpoint(MockState state) : IApiEndpoint
{
    /// <summary>Lists runs, reads one, or reads its events.</summary>
    public Task HandleAsync(ApiExchange exchange, ApiCall call)
    {
        IReadOnlyList<string> rest = call.Rest;
        if (rest.Count == 3 && rest[1] == "actions")
        {
            return HttpMethods.IsGet(exchange.Context.Request.Method)
                ? BlockedActionAsync(exchange, rest[0], rest[2])
                : exchange.RespondMethodNotAllowedAsync("GET");
        }

        if (rest.Count > 2 || (rest.Count == 2 && rest[1] != "events"))
        {
            return exchange.RespondNotFoundAsync();
        }

        if (rest.Count == 1 && HttpMethods.IsPatch(exchange.Context.Request.Method))
        {
            return PatchAsync(exchange, rest[0], call.Generation);
        }

        if (!HttpMethods.IsGet(exchange.Context.Request.Method))
        {
            return exchange.RespondMethodNotAllowedAsync("GET");
        }

        return rest.Count switch
        {
            0 => ListAsync(exchange, call.Generation),
            1 => state.Runs.Get(rest[0]) is JsonNode run
                ? exchange.RespondJsonAsync(StatusCodes.Status200OK, Shaped(run, call.Generation))
                : NotFoundAsync(exchange, rest[0]),
            _ => EventsAsync(exchange, rest[0]),
        };
    }

    // Like the real server, no filter at all means "what is running now"; agent= is what older clients send.
    private Task ListAsync(ApiExchange exchange, ApiGeneration generation)
    {
        string[] agents = [.. exchange.QueryValues("agent_id"), .. exchange.QueryValues("agent")];
        IReadOnlyList<string> statuses = exchange.QueryValues("status");
        if (agents.Length == 0 && statuses.Count == 0)
        {
            statuses = [Run.Running];
        }

        JsonArray runs = state.Runs.List(run =>
            (agents.Length == 0 || agents.Any(a => a == run.AgentId || a == $"{run.Namespace}/{run.AgentId}"))
            && (statuses.Count == 0 || statuses.Any(run.HasStatus)));
        foreach (JsonNode? run in runs)
        {
            Shaped(run!, generation);
        }

        return exchange.RespondJsonAsync(StatusCodes.Status200OK, runs);
    }

    // The v1 Run has no initial_message (spec section 14.2): a client there finds it in the run's USER_MESSAGE event.
    private static JsonNode Shaped(JsonNode run, ApiGeneration generation)
    {
        if (generation == ApiGeneration.V1)
        {
            run.AsObject().Remove("initial_message");
        }

        return run;
    }

    private Task EventsAsync(ApiExchange exchange, string id)
    {
        long afterSeq = 0;
        int limit = int.MaxValue;
        string? afterText = exchange.Context.Request.Query["after_seq"];
        string? limitText = exchange.Context.Request.Query["limit"];
        if (afterText is not null && !long.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out afterSeq))
        {
            return exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, "after_seq must be a whole number");
        }

        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
        {
            return exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, "limit must be a positive whole number");
        }

        return state.Runs.Events(id, afterSeq, limit) is JsonArray events
            ? exchange.RespondJsonAsync(StatusCodes.Status200OK, events)
            : NotFoundAsync(exchange, id);
    }

    // PATCH /runs/{id} {status}: the namespaced server answers {id, agent_id, status, updated_at} (spec section 4), v1 the Run.
    private Task PatchAsync(ApiExchange exchange, string id, ApiGeneration generation)
    {
        JsonObject body = JsonRead.OptionalObject(exchange.Body) ?? throw new ArgumentException("invalid JSON body");
        string? to = JsonRead.String(body, "status");
        if (to is null || !RunStore.Settable.Contains(to))
        {
            return exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, "status must be one of COMPLETED, FAILED, PAUSED_APPROVAL, RUNNING");
        }

        if (state.Runs.SetStatus(id, to) is not (Run run, bool moved))
        {
            return NotFoundAsync(exchange, id);
        }

        if (!moved)
        {
            return exchange.RespondErrorAsync(StatusCodes.Status409Conflict, $"invalid transition from {run.Status} to {to}");
        }

        JsonNode answer = generation == ApiGeneration.V1
            ? Shaped(state.Runs.Get(id)!, generation)
            : new JsonObject { ["id"] = run.Id, ["agent_id"] = run.AgentId, ["status"] = run.Status, ["updated_at"] = JsonValue.Create(run.UpdatedAt) };
        return exchange.RespondJsonAsync(StatusCodes.Status200OK, answer);
    }

    private Task BlockedActionAsync(ApiExchange exchange, string runId, string actionId) =>
        state.Runs.BlockedAction(runId, actionId, out bool runFound) is JsonNode action
            ? exchange.RespondJsonAsync(StatusCodes.Status200OK, action)
            : runFound
                ? exchange.RespondErrorAsync(StatusCodes.Status404NotFound, $"action {actionId} not found")
                : NotFoundAsync(exchange, runId);

    private static Task NotFoundAsync(ApiExchange exchange, string id) =>
        exchange.RespondErrorAsync(StatusCodes.Status404NotFound, $"run {id} not found");
}
