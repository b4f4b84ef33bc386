namespace RunAgents.MockServer;

/// <summary>Checks the API key sent as a bearer token or in the API key header.</summary>
internal sealed class ApiAuth(IEnumerable<string> keys)
{
    /// <summary>The alternative header carrying the key.</summary>
    public const string ApiKeyHeader = "X-RunAgents-API-Key";

    private const string BearerPrefix = "Bearer ";

    private readonly HashSet<string> _keys = new(keys, StringComparer.Ordinal);

    /// <summary>Whether either header carries a configured key.</summary>
    public bool IsAuthorized(HttpRequest request)
    {
        foreach (string? value in request.Headers.Authorization)
        {
            if (value is not null
                && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
                && _keys.Contains(value[BearerPrefix.Length..].Trim()))
            {
                return true;
            }
        }

        foreach (string? value in request.Headers[ApiKeyHeader])
        {
            if (value is not null && _keys.Contains(value.Trim()))
            {
                return true;
            }
        }

        return false;
    }
}
