using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace RunAgents.MockServer;

/// <summary>Carries out a fault rule.</summary>
internal static class FaultResponder
{
    private const string DefaultBody = "{\"error\":\"injected fault\"}";

    // A truncated body should look like the start of a real answer so clients fail while parsing, not earlier.
    private const string DefaultTruncatedBody = "[{\"name\":\"payment-agent\",\"namespace\":\"agent-sys";

    /// <summary>Applies the rule; false means "carry on with normal handling".</summary>
    public static async Task<bool> ApplyAsync(ApiExchange exchange, FaultRule rule)
    {
        if (!await exchange.DelayAsync(rule.DelayMs ?? 0))
        {
            return true;
        }

        if (rule.Drop)
        {
            exchange.Context.Abort();
            return true;
        }

        if (rule.StallAfterBytes is long stallAfter)
        {
            HttpResponse body = exchange.Context.Response;
            body.Body = new StallingBody(body.Body, stallAfter, rule.StallMs, exchange.Cancellation);
        }

        if (rule.DripBytes is int drip)
        {
            HttpResponse response = exchange.Context.Response;
            response.Body = new DrippingBody(response.Body, drip, rule.DripMs, exchange.Cancellation);
        }

        if (rule.ReasonPhrase is not null)
        {
            exchange.Context.Features.GetRequiredFeature<IHttpResponseFeature>().ReasonPhrase = rule.ReasonPhrase;
        }

        if (rule.Truncate)
        {
            await TruncateAsync(exchange, rule);
            return true;
        }

        if (rule.Repeat is not null || rule.Gzip)
        {
            await StreamAsync(exchange, rule);
            return true;
        }

        if (rule.RedirectTo is not null)
        {
            ApplyHeaders(exchange.Context.Response, rule);
            exchange.Context.Response.Headers.Location = rule.RedirectTo.TrimEnd('/') + exchange.Target.Raw;
            await exchange.RespondAsync(rule.Status ?? 307, rule.Body is null ? null : rule.ContentType, Encoding.UTF8.GetBytes(rule.Body ?? string.Empty));
            return true;
        }

        if (rule.Status is int status)
        {
            ApplyHeaders(exchange.Context.Response, rule);
            await exchange.RespondAsync(status, rule.ContentType ?? MockJson.ContentType, Encoding.UTF8.GetBytes(rule.Body ?? DefaultBody));
            return true;
        }

        return false;
    }

    private static async Task TruncateAsync(ApiExchange exchange, FaultRule rule)
    {
        byte[] body = Encoding.UTF8.GetBytes(rule.Body ?? DefaultTruncatedBody);
        int status = rule.Status ?? 200;
        HttpResponse response = exchange.Context.Response;
        exchange.RecordStatus(status);
        response.StatusCode = status;
        response.ContentType = rule.ContentType ?? MockJson.ContentType;
        ApplyHeaders(response, rule);
        response.ContentLength = body.Length + 1024;
        await response.StartAsync(exchange.Cancellation);
        await response.Body.WriteAsync(body, exchange.Cancellation);

        // Returning short of Content-Length makes Kestrel close the connection after sending what was written:
        // a clean early end of body. Aborting instead can race the socket and lose the headers too.
    }

    /// <summary>Writes the body <see cref="FaultRule.Repeat"/> times, optionally gzipped, until done or the client goes away.</summary>
    private static async Task StreamAsync(ApiExchange exchange, FaultRule rule)
    {
        byte[] body = Encoding.UTF8.GetBytes(rule.Body ?? DefaultBody);
        int status = rule.Status ?? 200;
        HttpResponse response = exchange.Context.Response;
        exchange.RecordStatus(status);
        response.StatusCode = status;
        response.ContentType = rule.ContentType ?? MockJson.ContentType;
        ApplyHeaders(response, rule);
        if (rule.Gzip)
        {
            response.Headers.ContentEncoding = "gzip";
        }

        await response.StartAsync(exchange.Cancellation);
        Stream target = rule.Gzip ? new GZipStream(response.Body, CompressionLevel.Optimal, leaveOpen: true) : response.Body;
        try
        {
            for (long i = 0; i < (rule.Repeat ?? 1); i++)
            {
                await target.WriteAsync(body, exchange.Cancellation);
            }

            if (rule.Gzip)
            {
                await target.DisposeAsync();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client stopped reading, as a client must with an endless body.
            exchange.Context.Abort();
        }
    }

    private static void ApplyHeaders(HttpResponse response, FaultRule rule)
    {
        if (rule.Headers is null)
        {
            return;
        }

        foreach (KeyValuePair<string, string> header in rule.Headers)
        {
            response.Headers[header.Key] = header.Value;
        }
    }
}
