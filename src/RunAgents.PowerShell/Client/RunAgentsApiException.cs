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
}

/// <summary>A request to the Agents API that failed, with what the service said about it.</summary>
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
        Exception? innerException = null)
        : base(BuildMessage(description, method, requestUri, statusCode, reasonPhrase, attempts), innerException)
    {
        Failure = failure;
        Method = method;
        RequestUri = requestUri;
        StatusCode = statusCode;
        ServerMessage = serverMessage;
        ResponseExcerpt = responseExcerpt;
        Attempts = attempts;
    }

    /// <summary>What kind of failure this is.</summary>
    public ApiFailure Failure { get; }

    /// <summary>The HTTP method of the request.</summary>
    public string Method { get; }

    /// <summary>The URL of the request (it never holds the key).</summary>
    public Uri RequestUri { get; }

    /// <summary>The HTTP status code, when the service answered.</summary>
    public int? StatusCode { get; }

    /// <summary>The <c>error</c> text of the service's JSON error body, when it sent one.</summary>
    public string? ServerMessage { get; }

    /// <summary>The start of the body that came back, when it was not what was expected.</summary>
    public string? ResponseExcerpt { get; }

    /// <summary>How many times the request was sent.</summary>
    public int Attempts { get; }

    /// <summary>True for statuses and failures that a later attempt may not meet.</summary>
    public bool IsTransient =>
        Failure == ApiFailure.Network || StatusCode is 429 or 502 or 503 or 504;

    private static string BuildMessage(string description, string method, Uri uri, int? status, string? reason, int attempts)
    {
        var where = status is int code
            ? $"HTTP {code}{(string.IsNullOrEmpty(reason) ? string.Empty : " " + reason)}, {method} {uri}"
            : $"{method} {uri}";
        var tries = attempts > 1 ? $", after {attempts} attempts" : string.Empty;
        return $"{description} ({where}{tries})";
    }
}
