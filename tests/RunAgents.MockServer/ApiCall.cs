namespace RunAgents.MockServer;

/// <summary>A routed request as an endpoint sees it: the generation and the segments after the endpoint's own prefix.</summary>
/// <param name="Generation">The API generation of the path.</param>
/// <param name="Rest">Segments after the endpoint's prefix, e.g. ["finance", "payment-approver", "invoke"] for the namespaced agents endpoint.</param>
/// <param name="Workspace">The workspace a v1 path names, if any.</param>
internal sealed record ApiCall(ApiGeneration Generation, IReadOnlyList<string> Rest, string? Workspace = null);

/// <summary>One area of the API (agents, deploy, runs...).</summary>
internal interface IApiEndpoint
{
    /// <summary>Answers a request routed to this area.</summary>
    Task HandleAsync(ApiExchange exchange, ApiCall call);
}
