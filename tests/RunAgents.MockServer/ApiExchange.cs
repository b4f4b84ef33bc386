using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>One API request in flight: every answer goes through here so the journal gets the status first.</summary>
internal sealed class ApiExchange : IDisposable
{
    private readonly Journal _journal;
    private readonly Journal.Slot _slot;
    private readonly CancellationTokenSource _cancellation;

    /// <summary>Creates the exchange; <paramref name="stopping"/> ends waits when the server shuts down.</summary>
    public ApiExchange(HttpContext context, RequestTarget target, string body, Journal journal, Journal.Slot slot, CancellationToken stopping)
    {
        Context = context;
        Target = target;
        Body = body;
        _journal = journal;
        _slot = slot;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
    }

    /// <summary>The ASP.NET Core context.</summary>
    public HttpContext Context { get; }

    /// <summary>The parsed raw target.</summary>
    public RequestTarget Target { get; }

    /// <summary>The request body as text.</summary>
    public string Body { get; }

    /// <summary>The journal sequence number of this request.</summary>
    public long Sequence => _slot.Entry.Sequence;

    /// <summary>Cancelled when the client goes away or the server stops.</summary>
    public CancellationToken Cancellation => _cancellation.Token;

    /// <summary>Records the status, then writes the response.</summary>
    public Task RespondAsync(int status, string? contentType, ReadOnlyMemory<byte> body)
    {
        RecordStatus(status);
        return HttpWrites.WriteAsync(Context.Response, status, contentType, body, Cancellation);
    }

    /// <summary>Answers with a JSON node.</summary>
    public Task RespondJsonAsync(int status, JsonNode node) => RespondAsync(status, MockJson.ContentType, MockJson.ToUtf8(node));

    /// <summary>Answers {"error":message}.</summary>
    public Task RespondErrorAsync(int status, string message) => RespondAsync(status, MockJson.ContentType, MockJson.Error(message));

    /// <summary>Answers 404 {"error":"not found"}, as for any path the API does not have.</summary>
    public Task RespondNotFoundAsync() => RespondErrorAsync(StatusCodes.Status404NotFound, "not found");

    /// <summary>Answers 405 with the Allow header.</summary>
    public Task RespondMethodNotAllowedAsync(string allow)
    {
        Context.Response.Headers.Allow = allow;
        return RespondErrorAsync(StatusCodes.Status405MethodNotAllowed, "method not allowed");
    }

    /// <summary>The values of a query parameter, whether repeated (?s=A&amp;s=B) or comma-separated (?s=A,B).</summary>
    public IReadOnlyList<string> QueryValues(string name) =>
        Context.Request.Query[name]
            .SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToArray();

    /// <summary>Records the status without writing, for answers written by hand.</summary>
    public void RecordStatus(int status) => _journal.SetStatus(_slot, status);

    /// <summary>Waits; returns false (after aborting the connection) if cancelled.</summary>
    public async Task<bool> DelayAsync(int milliseconds)
    {
        if (milliseconds <= 0)
        {
            return true;
        }

        try
        {
            await Task.Delay(milliseconds, Cancellation);
            return true;
        }
        catch (OperationCanceledException)
        {
            // Returning normally would make Kestrel send an empty 200 when only the server is stopping.
            Context.Abort();
            return false;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _cancellation.Dispose();
}
