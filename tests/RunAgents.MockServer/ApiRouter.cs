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
        NamedResourceEndpoint? toolEndpoint = null;
        toolEndpoint = new NamedResourceEndpoint(
            state.Catalog.Tools,
            new NamedResourceRules("tool", CreateReplaces: true, HasReplace: false, WriteOnly: ["credentials"], NewStatus: () => new() { ["phase"] = "Pending" }),
            (exchange, call) => ToolActions.Handle(exchange, call, state.Catalog.Tools, toolEndpoint!));
        var tools = toolEndpoint;
        var providers = new NamedResourceEndpoint(
            state.Catalog.ModelProviders,
            new NamedResourceRules("model provider", CreateReplaces: true, HasReplace: false, WriteOnly: [], NewStatus: () => new() { ["phase"] = "Pending", ["message"] = "" }));
        var policies = new NamedResourceEndpoint(
            state.Catalog.Policies,
            new NamedResourceRules("policy", CreateReplaces: false, HasReplace: true, WriteOnly: [], NewStatus: () => new() { ["ready"] = true }),
            PolicyActions.Handle,
            policy => PolicyActions.WithUsage(policy, state.Agents));
        var spend = new ModelSpend(state);
        var identityProviders = new NamedResourceEndpoint(
            state.Catalog.IdentityProviders,
            new NamedResourceRules("identity provider", CreateReplaces: true, HasReplace: false, WriteOnly: [], NewStatus: () => new()));
        var connectors = state.Connectors;
        var apiKeys = new WorkspaceAuthEndpoint(state.WorkspaceKeys, settings: false);
        var authSettings = new WorkspaceAuthEndpoint(state.WorkspaceKeys, settings: true);
        var agentCatalog = new AgentCatalogEndpoint();
        var actionPlans = new ActionPlansEndpoint(state, tools, providers, policies);
        _routes =
        [
            (ApiGeneration.Namespaced, ["api", "agents"], agents),
            (ApiGeneration.Namespaced, ["api", "deploy"], deploy),
            (ApiGeneration.Namespaced, ["api", "tools"], tools),
            (ApiGeneration.Namespaced, ["api", "model-providers"], providers),
            (ApiGeneration.Namespaced, ["api", "policies"], policies),
            (ApiGeneration.Namespaced, ["api", "dashboard", "model-spend"], spend),
            (ApiGeneration.Namespaced, ["api", "identity-providers"], identityProviders),
            (ApiGeneration.Namespaced, ["governance", "requests"], requests),
            (ApiGeneration.Namespaced, ["runs"], runs),
            (ApiGeneration.Namespaced, ["api", "settings", "approval-connectors"], connectors),
            (ApiGeneration.V1, ["agents"], agents),
            (ApiGeneration.V1, ["deploy"], deploy),
            (ApiGeneration.V1, ["tools"], tools),
            (ApiGeneration.V1, ["model-providers"], providers),
            (ApiGeneration.V1, ["policies"], policies),
            (ApiGeneration.V1, ["model-spend"], spend),
            (ApiGeneration.V1, ["identity-providers"], identityProviders),
            (ApiGeneration.V1, ["approvals", "requests"], requests),
            (ApiGeneration.V1, ["runs"], runs),
            (ApiGeneration.V1, ["approval-connectors"], connectors),
            (ApiGeneration.Namespaced, ["api", "auth", "api-keys"], apiKeys),
            (ApiGeneration.Namespaced, ["api", "settings", "auth"], authSettings),
            (ApiGeneration.V1, ["auth", "api-keys"], apiKeys),
            (ApiGeneration.V1, ["settings", "auth"], authSettings),
            (ApiGeneration.Namespaced, ["api", "catalog"], agentCatalog),
            (ApiGeneration.V1, ["catalog"], agentCatalog),
            (ApiGeneration.Namespaced, ["api", "actions"], actionPlans),
            (ApiGeneration.V1, ["actions"], actionPlans),
        ];
    }

    /// <summary>Hands the request to its endpoint, or answers 404 "not found" (the other generation's paths included).</summary>
    public Task HandleAsync(ApiExchange exchange, ApiRoute route)
    {
        foreach ((ApiGeneration generation, string[] prefix, IApiEndpoint endpoint) in _routes)
        {
            if (generation == route.Generation && route.Under(prefix))
            {
                return endpoint.HandleAsync(exchange, new ApiCall(generation, route.Resource.Skip(prefix.Length).ToArray(), route.Workspace));
            }
        }

        return exchange.RespondNotFoundAsync();
    }
}
