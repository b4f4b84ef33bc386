using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>Access requests: /governance/requests... on the namespaced API, /approvals/requests... on v1 (spec section 3).</summary>
internal sealed class AccessRequestsEndpoint(MockState state) : IApiEndpoint
{
    private static readonly string[] s_scopes = ["once", "run", "agent_user_ttl"];

    /// <summary>Lists, reads, approves or rejects.</summary>
    public Task HandleAsync(ApiExchange exchange, ApiCall call)
    {
        IReadOnlyList<string> rest = call.Rest;
        string method = exchange.Context.Request.Method;
        return rest.Count switch
        {
            0 => HttpMethods.IsGet(method) ? ListAsync(exchange) : exchange.RespondMethodNotAllowedAsync("GET"),
            1 => HttpMethods.IsGet(method) ? GetAsync(exchange, rest[0]) : exchange.RespondMethodNotAllowedAsync("GET"),
            2 when rest[1] is "approve" or "reject" => HttpMethods.IsPost(method)
                ? DecideAsync(exchange, rest[0], rest[1] == "approve")
                : exchange.RespondMethodNotAllowedAsync("POST"),
            _ => exchange.RespondNotFoundAsync(),
        };
    }

    // Without ?status the platform answers the pending requests.
    private Task ListAsync(ApiExchange exchange)
    {
        IReadOnlyList<string> statuses = exchange.QueryValues("status");
        return exchange.RespondJsonAsync(StatusCodes.Status200OK, state.AccessRequests.List(statuses.Count > 0 ? statuses : [AccessRequest.Pending]));
    }

    private Task GetAsync(ApiExchange exchange, string id) =>
        state.AccessRequests.Get(id) is JsonNode request
            ? exchange.RespondJsonAsync(StatusCodes.Status200OK, request)
            : exchange.RespondErrorAsync(StatusCodes.Status404NotFound, "request not found");

    private async Task DecideAsync(ApiExchange exchange, string id, bool approve)
    {
        Action<AccessRequest> decide;
        try
        {
            JsonObject body = JsonRead.OptionalObject(exchange.Body) ?? throw new ArgumentException("invalid JSON body");
            decide = approve ? Approval(body, state.Clock.UtcNow) : Rejection(body);
        }
        catch (ArgumentException ex)
        {
            await exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, ex.Message);
            return;
        }

        (AccessRequestStore.Outcome outcome, AccessRequest? decided) = state.AccessRequests.Decide(id, decide);
        switch (outcome)
        {
            case AccessRequestStore.Outcome.NotFound:
                await exchange.RespondErrorAsync(StatusCodes.Status404NotFound, "request not found");
                return;
            case AccessRequestStore.Outcome.NotPending:
                await exchange.RespondErrorAsync(StatusCodes.Status409Conflict, "request is not pending");
                return;
        }

        if (approve)
        {
            state.Flows.Approved(decided!);
        }
        else
        {
            state.Flows.Rejected(decided!);
        }

        await exchange.RespondJsonAsync(StatusCodes.Status200OK, AccessRequestStore.ToJson(decided!));
    }

    // {"scope","duration","reason"}, all optional; only agent_user_ttl needs (and gets an expiry from) a duration.
    private static Action<AccessRequest> Approval(JsonObject body, DateTime now)
    {
        string scope = JsonRead.String(body, "scope") ?? "once";
        if (!s_scopes.Contains(scope))
        {
            throw new ArgumentException("scope must be one of once, run, agent_user_ttl");
        }

        string? durationText = JsonRead.String(body, "duration");
        TimeSpan? duration = durationText is null ? null : GoDuration.Parse(durationText) ?? throw new ArgumentException($"time: invalid duration \"{durationText}\"");
        if (scope == "agent_user_ttl" && duration is not { Ticks: > 0 })
        {
            throw new ArgumentException("agent_user_ttl needs a positive duration");
        }

        string? reason = JsonRead.String(body, "reason");
        return request =>
        {
            request.Status = AccessRequest.Approved;
            request.Scope = scope;
            request.Duration = durationText;
            request.Reason = reason;
            request.ApproverId = RunFlows.Approver;
            request.ExpiresAt = scope == "agent_user_ttl" ? now + duration : null;
        };
    }

    private static Action<AccessRequest> Rejection(JsonObject body)
    {
        string? reason = JsonRead.String(body, "reason");
        return request =>
        {
            request.Status = AccessRequest.Rejected;
            request.Reason = reason;
            request.ApproverId = RunFlows.Approver;
        };
    }
}
