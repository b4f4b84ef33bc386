using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>The agents API: list, get, delete and invoke, by namespace and name or (v1) by name alone.</summary>
internal sealed class AgentsEndpoint(MockState state) : IApiEndpoint
{
    private static readonly byte[] s_deleted = MockJson.ToUtf8(new JsonObject { ["status"] = "deleted" });

    /// <summary>Routes by segment count, mirroring the real servers' path handling.</summary>
    public Task HandleAsync(ApiExchange exchange, ApiCall call)
    {
        IReadOnlyList<string> rest = call.Rest;
        string method = exchange.Context.Request.Method;
        if (rest.Count == 0)
        {
            return HttpMethods.IsGet(method) ? ListAsync(exchange) : exchange.RespondMethodNotAllowedAsync("GET");
        }

        return call.Generation == ApiGeneration.V1 ? HandleV1Async(exchange, rest, method) : HandleNamespacedAsync(exchange, rest, method);
    }

    /// <summary>The error every lookup of a missing agent returns; <paramref name="agent"/> is spelled as the request named it.</summary>
    public static Task NotFoundAsync(ApiExchange exchange, string agent) =>
        exchange.RespondErrorAsync(StatusCodes.Status404NotFound, $"agent {agent} not found");

    /// <summary>Finds the one agent with this name across namespaces and answers 404 or 409 itself when there is not exactly one.</summary>
    public static async Task<AgentAddress?> ResolveNameAsync(ApiExchange exchange, MockState state, string name)
    {
        IReadOnlyList<AgentKey> found = state.Agents.FindByName(name).OrderBy(k => k.Namespace, StringComparer.Ordinal).ToList();
        switch (found.Count)
        {
            case 1:
            case > 1 when state.Behaviour.V1ResolvesFirst:
                return new AgentAddress(found[0], name);
            case 0:
                await NotFoundAsync(exchange, name);
                return null;
            default:
                await exchange.RespondErrorAsync(StatusCodes.Status409Conflict, $"agent name {name} is ambiguous");
                return null;
        }
    }

    private Task HandleNamespacedAsync(ApiExchange exchange, IReadOnlyList<string> rest, string method)
    {
        switch (rest.Count)
        {
            case 2 when HttpMethods.IsPost(method) && rest[1] == "invoke":
                // POST /api/agents/{name}/invoke is the v1 shape: no route, as on the real server.
                return exchange.RespondNotFoundAsync();
            case 2:
                return ActAsync(exchange, AgentAddress.Namespaced(rest[0], rest[1]), method);
            case 3 when rest[2] == "config":
                return AgentConfigEndpoint.HandleAsync(exchange, state, AgentAddress.Namespaced(rest[0], rest[1]));
            case 3 when rest[2] == "invoke":
                return HttpMethods.IsPost(method)
                    ? InvokeResponder.HandleAsync(exchange, state, AgentAddress.Namespaced(rest[0], rest[1]))
                    : exchange.RespondMethodNotAllowedAsync("POST");
            case 4 when rest[2] == "invoke" && rest[3] == "stream":
                return HttpMethods.IsPost(method)
                    ? StreamResponder.HandleAsync(exchange, state, AgentAddress.Namespaced(rest[0], rest[1]))
                    : exchange.RespondMethodNotAllowedAsync("POST");
            case 1:
                // /api/agents/{name} is the v1 shape.
                return exchange.RespondNotFoundAsync();
            default:
                return exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, "path must be /api/agents/{namespace}/{name}");
        }
    }

    private async Task HandleV1Async(ApiExchange exchange, IReadOnlyList<string> rest, string method)
    {
        bool isInvoke = rest.Count == 2 && rest[1] == "invoke";
        if (rest.Count == 3 && rest[1] == "invoke" && rest[2] == "stream")
        {
            if (!HttpMethods.IsPost(method))
            {
                await exchange.RespondMethodNotAllowedAsync("POST");
            }
            else if (await ResolveNameAsync(exchange, state, rest[0]) is AgentAddress streamed)
            {
                await StreamResponder.HandleAsync(exchange, state, streamed);
            }

            return;
        }

        if (rest.Count == 2 && rest[1] == "config")
        {
            if (await ResolveNameAsync(exchange, state, rest[0]) is AgentAddress configured)
            {
                await AgentConfigEndpoint.HandleAsync(exchange, state, configured);
            }

            return;
        }

        if (rest.Count != 1 && !isInvoke)
        {
            // Includes /agents/{namespace}/{name}: the namespaced shape has no route on v1.
            await exchange.RespondNotFoundAsync();
            return;
        }

        if (isInvoke ? !HttpMethods.IsPost(method) : !(HttpMethods.IsGet(method) || HttpMethods.IsDelete(method)))
        {
            await exchange.RespondMethodNotAllowedAsync(isInvoke ? "POST" : "GET, DELETE");
            return;
        }

        if (await ResolveNameAsync(exchange, state, rest[0]) is not AgentAddress agent)
        {
            return;
        }

        await (isInvoke ? InvokeResponder.HandleAsync(exchange, state, agent) : ActAsync(exchange, agent, method));
    }

    private Task ActAsync(ApiExchange exchange, AgentAddress agent, string method) => method switch
    {
        _ when HttpMethods.IsGet(method) => GetAsync(exchange, agent),
        _ when HttpMethods.IsDelete(method) => DeleteAsync(exchange, agent),
        _ => exchange.RespondMethodNotAllowedAsync("GET, DELETE"),
    };

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

    private Task GetAsync(ApiExchange exchange, AgentAddress agent)
    {
        byte[]? document = state.Agents.Serve(agent.Key);
        return document is null
            ? NotFoundAsync(exchange, agent.Display)
            : exchange.RespondAsync(StatusCodes.Status200OK, MockJson.ContentType, document);
    }

    private Task DeleteAsync(ApiExchange exchange, AgentAddress agent) =>
        state.Agents.Remove(agent.Key)
            ? exchange.RespondAsync(StatusCodes.Status200OK, MockJson.ContentType, s_deleted)
            : NotFoundAsync(exchange, agent.Display);
}
