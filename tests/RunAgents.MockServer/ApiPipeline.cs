using System.Text;

namespace RunAgents.MockServer;

/// <summary>Handles every API request, of both generations: journal first, then faults, then auth, then the router.</summary>
internal sealed class ApiPipeline(MockState state, CancellationToken stopping)
{
    private readonly ApiRouter _router = new(state);

    /// <summary>Processes one API request.</summary>
    public async Task HandleAsync(HttpContext context, RequestTarget target)
    {
        DateTimeOffset arrived = DateTimeOffset.UtcNow;
        (string body, int? bodyError) = await ReadBodyAsync(context.Request);

        HttpRequest request = context.Request;
        Journal.Slot slot = state.Journal.Add(new JournalEntry
        {
            Timestamp = arrived,
            Method = request.Method,
            RawTarget = target.Raw,
            Path = target.Path,
            Segments = target.Segments,
            Headers = HeaderRedactor.Capture(request.Headers),
            Body = body,
            ConnectionId = context.Connection.Id,
            Host = request.Headers.Host.ToString(),
        });

        using var exchange = new ApiExchange(context, target, body, state.Journal, slot, stopping);
        if (bodyError is int status)
        {
            await exchange.RespondErrorAsync(status, "could not read request body");
            return;
        }

        FaultRule? fault = state.Faults.TryTake(request.Method, target.Path);
        if (fault is not null && await FaultResponder.ApplyAsync(exchange, fault))
        {
            return;
        }

        ApiRoute route = ApiRoute.Parse(target);
        if (state.Auth.Refusal(request, route.Generation) is string refusal)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await exchange.RespondErrorAsync(StatusCodes.Status401Unauthorized, refusal);
            return;
        }

        await _router.HandleAsync(exchange, route);
    }

    // A body the server cannot read (too large, malformed chunking) must still be journaled and answered.
    private static async Task<(string Body, int? ErrorStatus)> ReadBodyAsync(HttpRequest request)
    {
        try
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            return (await reader.ReadToEndAsync(request.HttpContext.RequestAborted), null);
        }
        catch (BadHttpRequestException ex)
        {
            return (string.Empty, ex.StatusCode);
        }
    }
}
