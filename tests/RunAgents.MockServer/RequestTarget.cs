namespace RunAgents.MockServer;

/// <summary>A request target split into percent-decoded path segments.</summary>
/// <param name="Raw">The target exactly as received.</param>
/// <param name="Path">The decoded segments joined with '/' (for display and fault matching).</param>
/// <param name="Segments">The decoded segments; an encoded '/' stays inside its segment.</param>
internal sealed record RequestTarget(string Raw, string Path, IReadOnlyList<string> Segments)
{
    /// <summary>Parses a raw request target such as "/api/agents/a%2Fb/x?q=1".</summary>
    public static RequestTarget Parse(string? raw)
    {
        raw ??= string.Empty;
        string path = StripAuthority(raw);
        int queryStart = path.IndexOfAny(['?', '#']);
        if (queryStart >= 0)
        {
            path = path[..queryStart];
        }

        // Splitting before decoding is the whole point: the framework's decoded path would merge "a%2Fb" into two segments.
        string[] parts = path.Split('/');
        IEnumerable<string> rawSegments = parts.Length > 0 && parts[0].Length == 0 ? parts.Skip(1) : parts;
        string[] segments = rawSegments.Select(Uri.UnescapeDataString).ToArray();
        return new RequestTarget(raw, "/" + string.Join('/', segments), segments);
    }

    /// <summary>Whether the first segment equals <paramref name="segment"/>.</summary>
    public bool StartsWith(string segment) => Segments.Count > 0 && string.Equals(Segments[0], segment, StringComparison.Ordinal);

    // Absolute-form targets ("http://host/api/...") are legal on the wire; keep only their path.
    private static string StripAuthority(string raw)
    {
        if (raw.StartsWith('/'))
        {
            return raw;
        }

        int schemeEnd = raw.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return raw;
        }

        int pathStart = raw.IndexOf('/', schemeEnd + 3);
        return pathStart < 0 ? "/" : raw[pathStart..];
    }
}
