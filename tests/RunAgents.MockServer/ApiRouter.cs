namespace RunAgents.MockServer;

/// <summary>The one table of API paths: each generation's prefix for each area, and the endpoint that answers it.</summary>
internal sealed class ApiRouter
{
    private readonly (ApiGeneration Generation, string[] Prefix, IApiEndpoint Endpoint)[] _routes;

    /// <summary>Builds the endpoints over the shared state.</summary>
    public ApiRouter(MockState state)
    {
        var agents = new AgentsEndpoint(state);
        var deploy = new DeployEndpoint(state);
        var requests = new AccessRequestsEndpoint(state);
        var runs = new RunsEndpoint(state);
        var tools = new CatalogEndpoint(state.Catalog.Tools);
        var providers = new CatalogEndpoint(state.Catalog.ModelProviders);
        var policies = new CatalogEndpoint(state.Catalog.Policies);
        var identityProviders = new CatalogEndpoint(state.Catalog.IdentityProviders);
        _routes =
        [
            (ApiGeneration.Namespaced, ["api", "agents"], agents),
            (ApiGeneration.Namespaced, ["api", "deploy"], deploy),
            (ApiGeneration.Namespaced, ["api", "tools"], tools),
            (ApiGeneration.Namespaced, ["api", "model-providers"], providers),
            (ApiGeneration.Namespaced, ["api", "policies"], policies),
            (ApiGeneration.Namespaced, ["api", "identity-providers"], identityProviders),
            (ApiGeneration.Namespaced, ["governance", "requests"], requests),
            (ApiGeneration.Namespaced, ["runs"], runs),
            (ApiGeneration.V1, ["agents"], agents),
            (ApiGeneration.V1, ["deploy"], deploy),
            (ApiGeneration.V1, ["tools"], tools),
            (ApiGeneration.V1, ["model-providers"], providers),
            (ApiGeneration.V1, ["policies"], policies),
            (ApiGeneration.V1, ["identity-providers"], identityProviders),
            (ApiGeneration.V1, ["approvals", "requests"], requests),
            (ApiGeneration.V1, ["runs"], runs),
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
