using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace RunAgents.PowerShell.Client;

/// <summary>Which failures of a call may be sent again: what a second copy of the call would do decides it.</summary>
internal enum RetryClass
{
    /// <summary>Every transient failure, but only when the caller gives a retry count: an invoke may already have reached the agent.</summary>
    WhenAsked,

    /// <summary>Every transient failure, up to the connection's retry count: sending it twice does no harm (a GET, a DELETE).</summary>
    Freely,

    /// <summary>
    /// Only failures that show the platform never acted on the call: no connection could be made, or a 429 or
    /// 503 whose Retry-After says when to come back. A write whose copy would act twice (a deploy builds again),
    /// or would be refused after the first succeeded (a decision on an access request, then no longer pending).
    /// </summary>
    UnlessReceived,

    /// <summary>Never, whatever retry count is given.</summary>
    Never,
}

/// <summary>How the transport applies a <see cref="RetryClass"/>.</summary>
internal static class RetryRules
{
    /// <summary>How many times a call of <paramref name="retry"/> may be sent again, given the count asked for and the connection's.</summary>
    public static int MaxRetries(this RetryClass retry, int? asked, int connection) => retry switch
    {
        RetryClass.Never => 0,
        RetryClass.WhenAsked => asked ?? 0,
        _ => asked ?? connection,
    };

    /// <summary>True when a call of <paramref name="retry"/> that got no answer (<paramref name="failure"/>, from <paramref name="cause"/>) may be sent again.</summary>
    public static bool MayRetry(this RetryClass retry, RunAgentsApiException failure, HttpRequestException cause) => retry switch
    {
        RetryClass.Never => false,
        RetryClass.UnlessReceived => failure.IsTransient && NeverConnected(cause),
        _ => failure.IsTransient,
    };

    /// <summary>True when a call of <paramref name="retry"/> answered <paramref name="status"/> may be sent again.</summary>
    public static bool MayRetry(this RetryClass retry, int status, RetryConditionHeaderValue? retryAfter) => retry switch
    {
        RetryClass.Never => false,

        // A 502 or 504 comes from a gateway that may have passed the call on; a 429 or 503 that says when to come
        // back is the platform turning the call away before acting on it.
        RetryClass.UnlessReceived => status is 429 or 503 && (retryAfter?.Delta is not null || retryAfter?.Date is not null),
        _ => RetryPolicy.IsRetryableStatus(status),
    };

    /// <summary>True when no connection was made, so not a byte of the call was sent: refused, unreachable, or a host not found.</summary>
    /// <remarks>
    /// A connection dropped after it was made tells nothing: the platform may have read the call and acted on
    /// it. .NET 8 and later name the stage in <c>HttpRequestError</c> (read by reflection, as the module targets
    /// netstandard2.0); the socket's or .NET Framework's own error says the same elsewhere.
    /// </remarks>
    internal static bool NeverConnected(HttpRequestException e)
    {
        if (e.GetType().GetProperty("HttpRequestError")?.GetValue(e)?.ToString() is "ConnectionError" or "NameResolutionError")
        {
            return true;
        }

        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SocketException socket when socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound
                    or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain or SocketError.NoData:
                    return true;
                case WebException web when web.Status is WebExceptionStatus.ConnectFailure or WebExceptionStatus.NameResolutionFailure:
                    return true;
            }
        }

        return false;
    }
}
