namespace RunAgents.MockServer;

/// <summary>The one table of API paths: each generation's prefix for each area, and the endpoint that answers it.</summary>
internal sealed class ApiRouter
{
    private readonly (ApiGeneration Generation, string[] Prefix, IApiEndpoint Endpoint)[] _routes;

    /// <summary>Builds the endpoints over the shared state.</summary>
    public ApiRouter(MockState state)
    {
        var agents = new AgentsEndpoint(state);
        _routes =
        [
            (ApiGeneration.Namespaced, ["api", "agents"], agents),
            (ApiGeneration.V1, ["agents"], agents),
        ];
    }

    /// <summary>Hands the request to its endpoint, or answers 404 "not found" (the other generation's paths included).</summary>
    public Task HandleAsync(ApiExchange exchange, ApiRoute route)
    {
        foreach ((ApiGeneration generation, string[] prefix, IApiEndpoint endpoint) in _routes)
        {
            if (generation == route.Generation && route.Under(prefix))
            {
                return endpoint.HandleAsync(exchange, new ApiCall(generation, route.Resource.Skip(prefix.Length).ToArray()));
            }
        }

        return exchange.RespondNotFoundAsync();
    }
}
