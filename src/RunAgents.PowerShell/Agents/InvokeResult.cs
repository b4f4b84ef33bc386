namespace RunAgents.PowerShell.Client;

/// <summary>What an agent answered to an invoke: the status, the content type and the body as text.</summary>
public sealed class InvokeResult
{
    internal InvokeResult(int statusCode, string? reasonPhrase, string? contentType, string body)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        ContentType = contentType;
        Body = body;
    }

    /// <summary>The HTTP status the agent answered with.</summary>
    public int StatusCode { get; }

    /// <summary>The reason phrase of the status.</summary>
    public string? ReasonPhrase { get; }

    /// <summary>The media type of the body, when the agent named one.</summary>
    public string? ContentType { get; }

    /// <summary>The body, as text.</summary>
    public string Body { get; }
}
