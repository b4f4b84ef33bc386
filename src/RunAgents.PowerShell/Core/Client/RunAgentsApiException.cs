using System;

namespace RunAgents.PowerShell.Client;

/// <summary>What kind of failure a <see cref="RunAgentsApiException"/> reports.</summary>
public enum ApiFailure
{
    /// <summary>The service answered with a status code outside 2xx.</summary>
    HttpStatus,

    /// <summary>The request did not complete within its timeout.</summary>
    Timeout,

    /// <summary>No answer: the connection could not be made or was dropped.</summary>
    Network,

    /// <summary>The service answered 2xx with a body that is not what the API promises.</summary>
    InvalidResponse,

    /// <summary>A 404 in which the API itself says the object asked for does not exist.</summary>
    NotFound,

    /// <summary>A redirect that was not followed: a write sent elsewhere, a page outside the API, or a scheme other than http(s).</summary>
    Redirect,

    /// <summary>A redirect from https to plain http, refused.</summary>
    InsecureRedirect,

    /// <summary>No secure connection could be set up, such as for an untrusted certificate.</summary>
    SecureConnection,

    /// <summary>An answer (its headers or its body) larger than the module accepts.</summary>
    TooLarge,
}

/// <summary>A request to the RunAgents API that failed, with what the service said about it.</summary>
public sealed class RunAgentsApiException : Exception
{
    internal RunAgentsApiException(
        ApiFailure failure,
        string method,
        Uri requestUri,
        string description,
        int? statusCode = null,
        string? reasonPhrase = null,
        string? serverMessage = null,
        string? responseExcerpt = null,
        int attempts = 1,
        Exception? innerException = null,
        string? earlierFailure = null)
        : base(BuildMessage(description, method, requestUri, statusCode, reasonPhrase, attempts, earlierFailure), innerException)
    {
        Failure = failure;
        Method = method;
        RequestUri = requestUri;
        Description = description;
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        ServerMessage = serverMessage;
        ResponseExcerpt = responseExcerpt;
        Attempts = attempts;
        EarlierFailure = earlierFailure;
    }

    /// <summary>What kind of failure this is.</summary>
    public ApiFailure Failure { get; }

    /// <summary>The HTTP method of the request.</summary>
    public string Method { get; }

    /// <summary>The URL of the request (it never holds the key).</summary>
    public Uri RequestUri { get; }

    /// <summary>What went wrong, without the request line that <see cref="Exception.Message"/> adds.</summary>
    public string Description { get; }

    /// <summary>The HTTP status code, when the service answered.</summary>
    public int? StatusCode { get; }

    /// <summary>The reason phrase of <see cref="StatusCode"/>.</summary>
    public string? ReasonPhrase { get; }

    /// <summary>The <c>error</c> text of the service's JSON error body, when it sent one.</summary>
    public string? ServerMessage { get; }

    /// <summary>The start of the body that came back, when it was not what was expected.</summary>
    public string? ResponseExcerpt { get; }

    /// <summary>How many times the request was sent.</summary>
    public int Attempts { get; }

    /// <summary>How the attempt before the last one failed, when the request was retried.</summary>
    public string? EarlierFailure { get; }

    /// <summary>True for statuses and failures that a later attempt may not meet.</summary>
    public bool IsTransient =>
        Failure == ApiFailure.Network || (Failure == ApiFailure.HttpStatus && StatusCode is 429 or 502 or 503 or 504);

    /// <summary>This failure as seen after <paramref name="attempts"/> attempts.</summary>
    internal RunAgentsApiException After(int attempts, string? earlierFailure) => attempts == Attempts && earlierFailure == EarlierFailure
        ? this
        : new(Failure, Method, RequestUri, Description, StatusCode, ReasonPhrase, ServerMessage, ResponseExcerpt, attempts, InnerException, earlierFailure);

    private static string BuildMessage(string description, string method, Uri uri, int? status, string? reason, int attempts, string? earlier)
    {
        var where = status is int code
            ? $"HTTP {code}{(string.IsNullOrEmpty(reason) ? string.Empty : " " + reason)}, {method} {uri}"
            : $"{method} {uri}";
        var tries = attempts > 1 ? $", after {attempts} attempts{(earlier is null ? string.Empty : "; the one before failed with " + earlier)}" : string.Empty;
        return $"{description} ({where}{tries})";
    }
}
