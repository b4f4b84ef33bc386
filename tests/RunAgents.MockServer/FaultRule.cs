namespace RunAgents.MockServer;

/// <summary>A scripted misbehaviour applied to matching API requests before auth and normal handling.</summary>
public sealed class FaultRule
{
    /// <summary>HTTP method to match (case-insensitive); null matches any.</summary>
    public string? Method { get; set; }

    /// <summary>Prefix of the decoded path to match, e.g. "/api/agents/finance"; null matches any.</summary>
    public string? PathPrefix { get; set; }

    /// <summary>How many matching requests this rule applies to.</summary>
    public int Count { get; set; } = 1;

    /// <summary>Status to answer with; null with only a delay means "delay, then answer normally".</summary>
    public int? Status { get; set; }

    /// <summary>Body sent verbatim; defaults to {"error":"injected fault"}.</summary>
    public string? Body { get; set; }

    /// <summary>Content type of <see cref="Body"/>.</summary>
    public string ContentType { get; set; } = MockJson.ContentType;

    /// <summary>Extra response headers, e.g. Retry-After.</summary>
    public IDictionary<string, string>? Headers { get; set; }

    /// <summary>Wait before answering; cut short when the client goes away.</summary>
    public int? DelayMs { get; set; }

    /// <summary>Abort the connection without any response.</summary>
    public bool Drop { get; set; }

    /// <summary>Send headers announcing more bytes than the body has, then close the connection.</summary>
    public bool Truncate { get; set; }

    /// <summary>Sends <see cref="Body"/> this many times, streamed without a Content-Length, for bodies larger than memory.</summary>
    public long? Repeat { get; set; }

    /// <summary>Compresses the body with gzip (Content-Encoding: gzip), as a proxy may; with <see cref="Repeat"/>, a gzip bomb.</summary>
    public bool Gzip { get; set; }

    /// <summary>The reason phrase of the status line, instead of the standard one (HTTP/1.1 only).</summary>
    public string? ReasonPhrase { get; set; }

    /// <summary>Sends this many bytes of the answer (the fault's body, or the normal answer when no status is given), then stalls.</summary>
    public long? StallAfterBytes { get; set; }

    /// <summary>How long the stall after <see cref="StallAfterBytes"/> lasts before the rest is sent.</summary>
    public int StallMs { get; set; } = 60_000;

    /// <summary>Sends the answer (the fault's body, or the normal answer when no status is given) this many bytes at a time, <see cref="DripMs"/> apart.</summary>
    public int? DripBytes { get; set; }

    /// <summary>The pause between two pieces of a body sent <see cref="DripBytes"/> at a time.</summary>
    public int DripMs { get; set; } = 1_000;

    /// <summary>Base URL to redirect to (307 unless <see cref="Status"/> says otherwise); the raw target is appended.</summary>
    public string? RedirectTo { get; set; }

    /// <summary>Whether the rule applies to a request.</summary>
    internal bool Matches(string method, string path) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        && (PathPrefix is null || path.StartsWith(PathPrefix, StringComparison.Ordinal));

    /// <summary>Rejects rules that could never be answered sensibly.</summary>
    internal void Validate()
    {
        if (Count < 1)
        {
            throw new ArgumentException("count must be at least 1");
        }

        if (Status is < 200 or > 599)
        {
            throw new ArgumentException("status must be between 200 and 599");
        }

        if (DelayMs is < 0)
        {
            throw new ArgumentException("delayMs must not be negative");
        }

        if (Repeat is < 1)
        {
            throw new ArgumentException("repeat must be at least 1");
        }

        if (StallAfterBytes is < 0 || StallMs < 0)
        {
            throw new ArgumentException("stallAfterBytes and stallMs must not be negative");
        }

        if (DripBytes is < 1 || DripMs < 0)
        {
            throw new ArgumentException("dripBytes must be at least 1 and dripMs must not be negative");
        }

        if (RedirectTo is not null && !Uri.TryCreate(RedirectTo, UriKind.Absolute, out _))
        {
            throw new ArgumentException("redirectTo must be an absolute URL");
        }
    }

    /// <summary>Copies the rule so later changes by the caller do not leak into the queue.</summary>
    internal FaultRule Clone() => new()
    {
        Method = Method,
        PathPrefix = PathPrefix,
        Count = Count,
        Status = Status,
        Body = Body,
        ContentType = ContentType,
        Headers = Headers is null ? null : new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase),
        DelayMs = DelayMs,
        Drop = Drop,
        Truncate = Truncate,
        RedirectTo = RedirectTo,
        Repeat = Repeat,
        Gzip = Gzip,
        ReasonPhrase = ReasonPhrase,
        StallAfterBytes = StallAfterBytes,
        StallMs = StallMs,
        DripBytes = DripBytes,
        DripMs = DripMs,
    };
}
