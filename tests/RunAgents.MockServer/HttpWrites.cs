namespace RunAgents.MockServer;

/// <summary>Low-level response writing shared by the API and the control endpoints.</summary>
internal static class HttpWrites
{
    /// <summary>Sets status, content type and length, then writes the body.</summary>
    public static Task WriteAsync(HttpResponse response, int status, string? contentType, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        if (!CanHaveBody(status))
        {
            // Kestrel refuses bodies on these statuses; sending none keeps the request alive.
            return Task.CompletedTask;
        }

        if (contentType is not null)
        {
            response.ContentType = contentType;
        }

        response.ContentLength = body.Length;
        return body.IsEmpty ? Task.CompletedTask : response.Body.WriteAsync(body, cancellationToken).AsTask();
    }

    /// <summary>Writes {"error":message} as JSON.</summary>
    public static Task WriteErrorAsync(HttpResponse response, int status, string message, CancellationToken cancellationToken) =>
        WriteAsync(response, status, MockJson.ContentType, MockJson.Error(message), cancellationToken);

    /// <summary>Whether HTTP allows a body with this status.</summary>
    public static bool CanHaveBody(int status) => status is not (204 or 205 or 304) and >= 200;
}
