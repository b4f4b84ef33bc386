using System.Text;

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

        if (rule.Truncate)
        {
            await TruncateAsync(exchange, rule);
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
