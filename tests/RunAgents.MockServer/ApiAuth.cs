namespace RunAgents.MockServer;

/// <summary>Checks the API key sent as a bearer token or in the API key header.</summary>
internal sealed class ApiAuth(IEnumerable<string> keys, WorkspaceKeys? workspaceKeys = null)
{
    /// <summary>The alternative header carrying the key.</summary>
    public const string ApiKeyHeader = "X-RunAgents-API-Key";

    /// <summary>How workspace keys begin.</summary>
    public const string WorkspaceKeyPrefix = "ra_ws_";

    /// <summary>The v1 refusal of a workspace key sent as a bearer token.</summary>
    public const string WorkspaceKeyAsBearer = "workspace keys must be sent in X-RunAgents-API-Key";

    private const string BearerPrefix = "Bearer ";

    private readonly HashSet<string> _keys = new(keys, StringComparer.Ordinal);

    /// <summary>Why the request is refused, or null when it may go on.</summary>
    /// <remarks>The namespaced API takes any key in either header; v1 takes a workspace key only in the API key header (spec section 7).</remarks>
    public string? Refusal(HttpRequest request, ApiGeneration generation)
    {
        if (generation == ApiGeneration.V1 && BearerTokens(request).Any(t => t.StartsWith(WorkspaceKeyPrefix, StringComparison.Ordinal)))
        {
            return WorkspaceKeyAsBearer;
        }

        bool authorized = BearerTokens(request).Any(Accepts)
            || request.Headers[ApiKeyHeader].Any(v => v is not null && Accepts(v.Trim()));
        return authorized ? null : "unauthorized";
    }

    // A configured key that is a workspace key is managed by the key store from the start: revoking or rotating it ends it.
    private bool Accepts(string key) =>
        workspaceKeys is not null && (workspaceKeys.Manages(key) || key.StartsWith(WorkspaceKeyPrefix, StringComparison.Ordinal))
            ? workspaceKeys.Accepts(key)
            : _keys.Contains(key);

    private static IEnumerable<string> BearerTokens(HttpRequest request) =>
        request.Headers.Authorization
            .Where(v => v is not null && v.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            .Select(v => v![BearerPrefix.Length..].Trim());
}
