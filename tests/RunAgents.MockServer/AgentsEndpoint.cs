using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>The authenticated agents API: list, get, delete and invoke.</summary>
internal sealed class AgentsEndpoint(MockState state)
{
    private static readonly byte[] s_deleted = MockJson.ToUtf8(new JsonObject { ["status"] = "deleted" });

    /// <summary>Routes by segment count, mirroring the real server's path handling.</summary>
    public Task HandleAsync(ApiExchange exchange)
    {
        IReadOnlyList<string> segments = exchange.Target.Segments;
        if (segments.Count < 2 || segments[1] != "agents")
        {
            return exchange.RespondErrorAsync(StatusCodes.Status404NotFound, "not found");
        }

        string method = exchange.Context.Request.Method;
        switch (segments.Count)
        {
            case 2:
                return HttpMethods.IsGet(method) ? ListAsync(exchange) : MethodNotAllowedAsync(exchange, "GET");
            case 4:
                var key = new AgentKey(segments[2], segments[3]);
                return method switch
                {
                    _ when HttpMethods.IsGet(method) => GetAsync(exchange, key),
                    _ when HttpMethods.IsDelete(method) => DeleteAsync(exchange, key),
                    _ => MethodNotAllowedAsync(exchange, "GET, DELETE"),
                };
            case 5 when segments[4] == "invoke":
                return HttpMethods.IsPost(method)
                    ? InvokeResponder.HandleAsync(exchange, state, new AgentKey(segments[2], segments[3]))
                    : MethodNotAllowedAsync(exchange, "POST");
            default:
                return exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, "path must be /api/agents/{namespace}/{name}");
        }
    }

    /// <summary>The error every lookup of a missing agent returns.</summary>
    public static Task NotFoundAsync(ApiExchange exchange, AgentKey key) =>
        exchange.RespondErrorAsync(StatusCodes.Status404NotFound, $"agent {key} not found");

    private async Task ListAsync(ApiExchange exchange)
    {
        SegmentedBuffer list = state.Agents.GetList();
        HttpResponse response = exchange.Context.Response;
        exchange.RecordStatus(StatusCodes.Status200OK);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = MockJson.ContentType;
        response.ContentLength = list.Length;
        await list.CopyToAsync(response.Body, exchange.Cancellation);
    }

    private Task GetAsync(ApiExchange exchange, AgentKey key)
    {
        byte[]? agent = state.Agents.Serve(key);
        return agent is null
            ? NotFoundAsync(exchange, key)
            : exchange.RespondAsync(StatusCodes.Status200OK, MockJson.ContentType, agent);
    }

    private Task DeleteAsync(ApiExchange exchange, AgentKey key) =>
        state.Agents.Remove(key)
            ? exchange.RespondAsync(StatusCodes.Status200OK, MockJson.ContentType, s_deleted)
            : NotFoundAsync(exchange, key);

    private static Task MethodNotAllowedAsync(ApiExchange exchange, string allow)
    {
        exchange.Context.Response.Headers.Allow = allow;
        return exchange.RespondErrorAsync(StatusCodes.Status405MethodNotAllowed, "method not allowed");
    }
}
