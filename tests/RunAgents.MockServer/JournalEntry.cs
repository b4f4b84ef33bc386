namespace RunAgents.MockServer;

/// <summary>One recorded API request (/api/..., /governance/..., /runs...); credentials are already redacted.</summary>
public sealed record JournalEntry
{
    /// <summary>Arrival order, unique for the server's lifetime (not reset by clearing).</summary>
    public long Sequence { get; init; }

    /// <summary>When the request arrived (UTC).</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>HTTP method.</summary>
    public string Method { get; init; } = string.Empty;

    /// <summary>Request target exactly as received, including percent escapes and query.</summary>
    public string RawTarget { get; init; } = string.Empty;

    /// <summary>Decoded segments joined with '/'.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>Decoded path segments.</summary>
    public IReadOnlyList<string> Segments { get; init; } = [];

    /// <summary>Request headers; credential header values are replaced by "&lt;redacted&gt;".</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Request body decoded as UTF-8.</summary>
    public string Body { get; init; } = string.Empty;

    /// <summary>Kestrel connection id; equal ids mean a reused keep-alive connection.</summary>
    public string ConnectionId { get; init; } = string.Empty;

    /// <summary>The Host header the client sent.</summary>
    public string Host { get; init; } = string.Empty;

    /// <summary>Status the server chose; null while pending or when no response was sent (dropped or aborted).</summary>
    public int? Status { get; init; }
}
