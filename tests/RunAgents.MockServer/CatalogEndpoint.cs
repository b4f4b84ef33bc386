namespace RunAgents.MockServer;

/// <summary>A read-only list: GET /api/tools, /api/model-providers, /api/policies, /api/identity-providers (v1: without /api).</summary>
internal sealed class CatalogEndpoint(NamedList list) : IApiEndpoint
{
    /// <summary>Answers the whole list.</summary>
    public Task HandleAsync(ApiExchange exchange, ApiCall call) =>
        call.Rest.Count != 0 ? exchange.RespondNotFoundAsync()
        : HttpMethods.IsGet(exchange.Context.Request.Method) ? exchange.RespondJsonAsync(StatusCodes.Status200OK, list.ToJson())
        : exchange.RespondMethodNotAllowedAsync("GET");
}
