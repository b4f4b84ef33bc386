using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// Sends one API call for every area: the key header, retries, redirects, timeouts and the mapping of
/// every failure to a <see cref="RunAgentsApiException"/>. Reading the answer is <see cref="ApiResponse"/>'s job.
/// </summary>
internal sealed class ApiTransport : IDisposable
{
    private const int MaxRedirects = 5;

    private readonly HttpClient _http;
    private readonly RetryPolicy _retry;

    public ApiTransport(RAConnection connection, HttpMessageHandler? handler, RetryPolicy? retry)
    {
        Connection = connection;
        _http = new HttpClient(handler ?? CreateHandler(connection), disposeHandler: true)
        {
            // Each request gets its own timeout through a token, so that a timeout is told apart from Ctrl+C.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _retry = retry ?? RetryPolicy.Default;
    }

    public RAConnection Connection { get; }

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// Sends <paramref name="request"/>, retrying what may succeed later, and returns the 2xx answer with its
    /// body still unread; anything else is thrown as a <see cref="RunAgentsApiException"/>.
    /// </summary>
    public async Task<ApiResponse> SendAsync(ApiRequest request, RequestOptions? options, CancellationToken cancellationToken)
    {
        var method = request.Method;
        var uri = new Uri(Connection.Uri, request.Path);
        var maxRetries = request.Retry.MaxRetries(options?.MaxRetryCount, Connection.MaxRetryCount);
        var timeout = options?.Timeout ?? TimeSpan.FromSeconds(Connection.TimeoutSec);
        var trace = options?.Trace;
        if (request.Body is not null && trace?.WantsBodies == true)
        {
            // Masked before it is cut, so that a secret cut in two by the cut is still hidden whole.
            trace.Body($"{method} {uri} request body: {Connection.Key.Redact(ApiResponse.Truncate(TraceMask.Apply(request.Body, request.MaskedValues)))}");
        }

        string? earlier = null;
        for (var attempt = 1; ; attempt++)
        {
            var attemptText = maxRetries > 0 ? $" (attempt {attempt} of {maxRetries + 1})" : string.Empty;
            var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timer.CancelAfter(timeout);
            var clock = Stopwatch.StartNew();
            HttpResponseMessage response;
            Uri final;
            try
            {
                (response, final) = await SendFollowingRedirectsAsync(request, uri, timer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                timer.Dispose();
                trace?.Request($"{method} {uri} timed out after {clock.ElapsedMilliseconds} ms{attemptText}");
                throw new RunAgentsApiException(ApiFailure.Timeout, method.Method, uri, $"the request did not complete within {Seconds(timeout)}", attempts: attempt, innerException: e, earlierFailure: earlier);
            }
            catch (RunAgentsApiException e)
            {
                timer.Dispose();
                trace?.Request($"{method} {uri} failed after {clock.ElapsedMilliseconds} ms: {e.Description}{attemptText}");
                throw e.After(attempt, earlier);
            }
            catch (HttpRequestException e)
            {
                timer.Dispose();
                var failure = SendFailure(method, uri, e, attempt, earlier);
                var line = $"{method} {uri} failed after {clock.ElapsedMilliseconds} ms: {failure.Description}{attemptText}";
                if (attempt > maxRetries || !request.Retry.MayRetry(failure, e))
                {
                    trace?.Request(line);
                    throw failure;
                }

                earlier = failure.Description;
                await WaitToRetryAsync(line, _retry.Backoff(attempt), trace, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch
            {
                timer.Dispose();
                throw;
            }

            // From here on the timeout bounds each read of the body, not the time between them.
            timer.CancelAfter(System.Threading.Timeout.Infinite);
            var status = (int)response.StatusCode;
            var where = final == uri ? string.Empty : $" (redirected to {ApiResponse.Describe(final)})";
            var requestLine = $"{method} {uri}{where} -> {status} {response.ReasonPhrase} in {clock.ElapsedMilliseconds} ms{attemptText}";
            var answer = new ApiResponse(Connection, request, final, final != uri, response, timer, timeout, attempt, earlier, trace);
            var retry = !response.IsSuccessStatusCode && attempt <= maxRetries && request.Retry.MayRetry(status, response.Headers.RetryAfter);
            if (!retry)
            {
                trace?.Request(requestLine);
            }

            if (response.IsSuccessStatusCode || Array.IndexOf(request.AnswerStatuses, status) >= 0)
            {
                return answer;
            }

            RunAgentsApiException error;
            using (answer)
            {
                error = await answer.StatusFailureAsync(cancellationToken).ConfigureAwait(false);
            }

            if (!retry)
            {
                throw error;
            }

            earlier = $"{status} {response.ReasonPhrase}".TrimEnd();
            var wait = _retry.RetryAfter(response.Headers.RetryAfter, DateTimeOffset.UtcNow) ?? _retry.Backoff(attempt);
            await WaitToRetryAsync(requestLine, wait, trace, cancellationToken).ConfigureAwait(false);
        }
    }

    private static HttpMessageHandler CreateHandler(RAConnection connection)
    {
        var handler = new HttpClientHandler
        {
            // Redirects are followed by hand, so that the key never follows one to another host.
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        };
        try
        {
            // .NET Framework allows two connections per host by default; parallel invokes need more.
            handler.MaxConnectionsPerServer = 256;
        }
        catch (PlatformNotSupportedException)
        {
        }

        if (Platform.IsNetFramework)
        {
            // Windows PowerShell's defaults may leave out TLS 1.2, which the platform requires. Set on
            // this handler only, not on ServicePointManager, so other modules in the process are untouched.
            handler.SslProtocols = SslProtocols.Tls12;
        }

        if (connection.SkipCertificateCheck)
        {
            handler.ServerCertificateCustomValidationCallback = static (_, _, _, _) => true;
        }

        if (RAConnection.IsLoopback(connection.Uri))
        {
            // Plain http to loopback is allowed with the key because nobody can overhear it; through a
            // proxy (HTTP_PROXY) it would cross the network in plain text. A proxy could not reach this
            // machine's loopback anyway.
            handler.UseProxy = false;
        }

        return handler;
    }

    /// <summary>Says what failed and how long the wait is, in one line, then waits (Ctrl+C ends the wait).</summary>
    private static async Task WaitToRetryAsync(string failure, TimeSpan wait, IRequestTrace? trace, CancellationToken cancellationToken)
    {
        trace?.Request($"{failure}; retrying in {wait.TotalSeconds:0.###} s");
        await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(HttpResponseMessage Response, Uri Final)> SendFollowingRedirectsAsync(ApiRequest call, Uri uri, CancellationToken cancellationToken)
    {
        var method = call.Method;
        var body = call.Body;
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(method, uri);
            request.Headers.TryAddWithoutValidation("User-Agent", Connection.UserAgent);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (SameOrigin(uri, Connection.Uri))
            {
                request.Headers.TryAddWithoutValidation(Connection.Key.HeaderName, Connection.Key.HeaderValue);
            }

            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is null || hop == MaxRedirects)
            {
                return (response, uri);
            }

            var next = response.Headers.Location.IsAbsoluteUri ? response.Headers.Location : new Uri(uri, response.Headers.Location);
            response.Dispose();
            var keepsMethod = status is 307 or 308;
            var refusal = RedirectProblem(call, uri, next, keepsMethod);
            if (refusal is not null)
            {
                throw new RunAgentsApiException(
                    refusal.Value.Failure, call.Method.Method, new Uri(Connection.Uri, call.Path),
                    $"the service answered {status} and redirected to {ApiResponse.Describe(next)}; {refusal.Value.Reason}",
                    status);
            }

            if (!keepsMethod)
            {
                method = HttpMethod.Get;
                body = null;
            }

            uri = next;
        }
    }

    /// <summary>Why a redirect must not be followed, or null when it may.</summary>
    /// <remarks>
    /// A redirect that leaves the API is a sign-in page or a proxy, never the answer: following it would
    /// report its 200 as the API's success (a DELETE that deleted nothing), so it is an error that names
    /// where it went. A write is followed only when it keeps its method and stays within the API.
    /// </remarks>
    private (ApiFailure Failure, string Reason)? RedirectProblem(ApiRequest call, Uri from, Uri to, bool keepsMethod)
    {
        if (to.Scheme != Uri.UriSchemeHttps && to.Scheme != Uri.UriSchemeHttp)
        {
            return (ApiFailure.Redirect, $"the module only follows http and https, not '{to.Scheme}:'");
        }

        if (from.Scheme == Uri.UriSchemeHttps && to.Scheme == Uri.UriSchemeHttp)
        {
            return (ApiFailure.InsecureRedirect, "a redirect from https to plain http is refused, since the request would travel unencrypted");
        }

        if (!WithinApi(call, to))
        {
            return (ApiFailure.Redirect, "that is not part of the API (a sign-in page or a proxy may have answered), so the request was not followed there and nothing is known to have succeeded");
        }

        if (call.IsWrite && (!keepsMethod || !SameOrigin(to, Connection.Uri)))
        {
            return (ApiFailure.Redirect, $"a {call.Method.Method} is followed only by a 307 or 308 redirect within the same platform, so nothing was sent there and nothing is known to have changed");
        }

        return null;
    }

    /// <summary>True when <paramref name="target"/> is under the same first segment as the request (<c>api</c>, <c>runs</c>...) on the base path.</summary>
    private bool WithinApi(ApiRequest call, Uri target)
    {
        var end = call.Path.IndexOfAny(new[] { '/', '?' });
        var prefix = Connection.Uri.AbsolutePath + (end < 0 ? call.Path : call.Path.Substring(0, end));
        return target.AbsolutePath.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    /// <summary>Names the real cause of a request that got no answer, and whether trying again can help.</summary>
    private static RunAgentsApiException SendFailure(HttpMethod method, Uri uri, HttpRequestException e, int attempt, string? earlier)
    {
        var cause = ApiResponse.Innermost(e);
        var (failure, description) = RequestError(e) switch
        {
            "SecureConnectionError" => (ApiFailure.SecureConnection, "could not set up a secure connection: " + cause),
            "ConfigurationLimitExceeded" => (ApiFailure.TooLarge, "the answer's headers are larger than the 64 KB the module accepts: " + cause),
            "NameResolutionError" => (ApiFailure.Network, "could not find the host: " + cause),
            _ when Contains<AuthenticationException>(e) => (ApiFailure.SecureConnection, "could not set up a secure connection: " + cause),
            _ => (ApiFailure.Network, "could not get an answer from the service: " + cause),
        };
        return new RunAgentsApiException(failure, method.Method, uri, description, attempts: attempt, innerException: e, earlierFailure: earlier);
    }

    /// <summary>The name of <c>HttpRequestException.HttpRequestError</c> (.NET 8 and later), read by reflection since the module targets netstandard2.0.</summary>
    private static string? RequestError(HttpRequestException e) =>
        e.GetType().GetProperty("HttpRequestError")?.GetValue(e)?.ToString();

    private static bool Contains<T>(Exception e)
        where T : Exception
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is T)
            {
                return true;
            }
        }

        return false;
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds == 1 ? "1 second" : $"{span.TotalSeconds:0.###} seconds";
}
