using System;
using System.Management.Automation;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Maps a failed request to the error id and category a user greps for.</summary>
internal static class ErrorMap
{
    /// <summary>The stable error id and fitting category of <paramref name="e"/>.</summary>
    /// <param name="e">The failure.</param>
    /// <param name="fromAgent">True for an invoke, where statuses other than the platform's own come from the agent.</param>
    /// <param name="notFoundId">The id of a 404 in the API's own words: what was not found.</param>
    public static (string Id, ErrorCategory Category) Classify(RunAgentsApiException e, bool fromAgent = false, string notFoundId = "AgentNotFound") => e.Failure switch
    {
        ApiFailure.Timeout => ("RequestTimeout", ErrorCategory.OperationTimeout),
        ApiFailure.Network => ("ConnectionFailed", ErrorCategory.ConnectionError),
        ApiFailure.InvalidResponse => ("InvalidResponse", ErrorCategory.InvalidData),
        ApiFailure.NotFound => (notFoundId, ErrorCategory.ObjectNotFound),
        ApiFailure.Redirect => ("UnexpectedRedirect", ErrorCategory.InvalidResult),
        ApiFailure.InsecureRedirect => ("InsecureRedirect", ErrorCategory.SecurityError),
        ApiFailure.SecureConnection => ("SecureConnectionFailed", ErrorCategory.SecurityError),
        ApiFailure.TooLarge => ("ResponseTooLarge", ErrorCategory.LimitsExceeded),
        _ => e.StatusCode switch
        {
            401 => ("AuthenticationFailed", ErrorCategory.AuthenticationError),
            403 => ("PermissionDenied", ErrorCategory.PermissionDenied),
            429 => ("RateLimited", ErrorCategory.ResourceUnavailable),
            502 when fromAgent => ("AgentUnreachable", ErrorCategory.ConnectionError),
            502 => ("BadGateway", ErrorCategory.ConnectionError),
            503 or 504 => ("ServiceUnavailable", ErrorCategory.ResourceUnavailable),
            _ when fromAgent => ("AgentError", ErrorCategory.InvalidResult),
            // Not the API's own "agent ... not found": a wrong base path or a proxy answered.
            404 => ("EndpointNotFound", ErrorCategory.ResourceUnavailable),
            400 => ("InvalidRequest", ErrorCategory.InvalidArgument),
            405 => ("MethodNotAllowed", ErrorCategory.InvalidOperation),
            409 => ("Conflict", ErrorCategory.ResourceExists),
            >= 500 => ("ServerError", ErrorCategory.ResourceUnavailable),
            _ => ("RequestFailed", ErrorCategory.InvalidOperation),
        },
    };

    /// <summary>What the user can do about <paramref name="e"/>, when there is something.</summary>
    public static string? RecommendedAction(RunAgentsApiException e) => e.StatusCode switch
    {
        401 => "Check the API key: run Connect-RAService with a valid -ApiKey, or set RUNAGENTS_API_KEY.",
        403 => "The key is valid but may not do this; ask for a key with the needed permissions.",
        429 => "The service is limiting requests; wait, or raise -MaxRetryCount so that the module waits and retries.",
        404 when e.Failure == ApiFailure.HttpStatus => "The service does not know this URL: check the connection's URI (Get-RAConnection); a wrong path or a proxy may have answered.",
        _ => e.Failure switch
        {
            ApiFailure.Timeout when e.Description.IndexOf("-IdleTimeoutSec", StringComparison.Ordinal) >= 0 =>
                "Raise -IdleTimeoutSec if the agent may go this long between two pieces of its answer; a stream is never retried, so invoke it again to try again.",
            ApiFailure.Timeout => "Raise -TimeoutSec, or check that the service is reachable.",
            ApiFailure.Redirect or ApiFailure.InsecureRedirect => "Check the connection's URI (Get-RAConnection): a sign-in page or a proxy may stand in front of the platform.",
            ApiFailure.SecureConnection => "Check the platform's certificate and the system's trusted roots; -SkipCertificateCheck is for test platforms only.",
            ApiFailure.TooLarge => "If the answer is expected to be this large, raise the limit: Connect-RAService -MaxResponseSizeMB.",
            ApiFailure.Network => "Check the URI of the connection (Get-RAConnection) and the network.",
            _ => null,
        },
    };
}
