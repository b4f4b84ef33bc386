using System;
using System.Collections.Generic;
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
                var failure = SendFailure(method, uri, e, attempt, earlier, Connection.Key);
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

            // From here on what is left of the timeout bounds the reads of the body, added up, not the time between them.
            timer.CancelAfter(System.Threading.Timeout.Infinite);
            var status = (int)response.StatusCode;
            var where = final == uri ? string.Empty : $" (redirected to {Shown(final)})";
            var answer = new ApiResponse(Connection, request, final, final != uri, response, timer, timeout, clock.Elapsed, attempt, earlier, trace);
            var requestLine = $"{method} {uri}{where} -> {status} {answer.Reason} in {clock.ElapsedMilliseconds} ms{attemptText}";
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

            earlier = $"{status} {answer.Reason}".TrimEnd();
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
            var location = response.Headers.Location.OriginalString;
            var refusal = RedirectProblem(call, uri, next, location, keepsMethod);
            if (refusal is not null)
            {
                throw new RunAgentsApiException(
                    refusal.Value.Failure, call.Method.Method, new Uri(Connection.Uri, call.Path),
                    $"the service answered {status} and redirected to {ShownLocation(uri, location, next)}; {refusal.Value.Reason}",
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
    /// where it went. A write is followed only when it keeps its method and goes to the same resource: a
    /// write moved to another path could change something the user never named. An address that holds the
    /// key is never followed, so that no URL the module keeps or shows (an error's RequestUri) carries it.
    /// </remarks>
    private (ApiFailure Failure, string Reason)? RedirectProblem(ApiRequest call, Uri from, Uri to, string location, bool keepsMethod)
    {
        if (to.Scheme != Uri.UriSchemeHttps && to.Scheme != Uri.UriSchemeHttp)
        {
            return (ApiFailure.Redirect, $"the module only follows http and https, not '{ServerText.Clean(to.Scheme, Connection.Key)}:'");
        }

        if (from.Scheme == Uri.UriSchemeHttps && to.Scheme == Uri.UriSchemeHttp)
        {
            return (ApiFailure.InsecureRedirect, "a redirect from https to plain http is refused, since the request would travel unencrypted");
        }

        if (Connection.Key.IsIn(location) || Connection.Key.IsIn(to.AbsoluteUri))
        {
            return (ApiFailure.Redirect, "that address holds the API key, so the request was not followed there");
        }

        if (!WithinApi(call, to))
        {
            return (ApiFailure.Redirect, "that is not part of the API (a sign-in page or a proxy may have answered), so the request was not followed there and nothing is known to have succeeded");
        }

        if (call.IsWrite && (!keepsMethod || !SameOrigin(to, from) || !string.Equals(to.AbsolutePath, from.AbsolutePath, StringComparison.Ordinal)))
        {
            return (ApiFailure.Redirect, $"a {call.Method.Method} is followed only by a 307 or 308 redirect to the same address (the same origin and path), so nothing was sent there and nothing is known to have changed");
        }

        return null;
    }

    /// <summary>
    /// True when <paramref name="target"/>'s path begins with the whole segments of the base path and the
    /// request's first segment (<c>api</c>, <c>runs</c>, <c>agents</c> on v1...): <c>agents-evil</c> is not <c>agents</c>.
    /// </summary>
    private bool WithinApi(ApiRequest call, Uri target)
    {
        var end = call.Path.IndexOfAny(new[] { '/', '?' });
        var first = end < 0 ? call.Path : call.Path.Substring(0, end);
        var expected = Segments(Connection.Uri.AbsolutePath);
        expected.Add(first);
        var actual = Segments(target.AbsolutePath);
        if (actual.Count < expected.Count)
        {
            return false;
        }

        for (var i = 0; i < expected.Count; i++)
        {
            if (!string.Equals(expected[i], actual[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The segments of a path, as written: only the slash that starts it and one that ends it are not segments.</summary>
    private static List<string> Segments(string path)
    {
        var start = path.StartsWith("/", StringComparison.Ordinal) ? 1 : 0;
        var end = path.Length > start && path.EndsWith("/", StringComparison.Ordinal) ? path.Length - 1 : path.Length;
        return end > start ? new List<string>(path.Substring(start, end - start).Split('/')) : new List<string>();
    }

    /// <summary>A URI the service sent, as messages show it: no query, no control characters, no key.</summary>
    private string Shown(Uri uri) => ServerText.Clean(ApiResponse.Describe(uri), Connection.Key)!;

    /// <summary>Where a redirect pointed, as messages show it, with the key hidden in the header's own text.</summary>
    /// <remarks>
    /// The key is looked for in the Location as the server wrote it, before <see cref="Uri"/> rewrites it: a
    /// backslash becomes a slash, so <c>rak-...</c> would turn into text that no longer reads as the key
    /// yet shows all but its first character.
    /// </remarks>
    private string ShownLocation(Uri from, string location, Uri next)
    {
        var cleaned = ServerText.Clean(location, Connection.Key)!;
        if (ReferenceEquals(cleaned, location))
        {
            return Shown(next);
        }

        return Uri.TryCreate(from, cleaned, out var shown) ? Shown(shown) : cleaned.Split('?', '#')[0];
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    /// <summary>Names the real cause of a request that got no answer, and whether trying again can help.</summary>
    /// <remarks>The cause is the handler's message, which may quote what the server sent (an invalid status line): it is cleaned like the server's own text.</remarks>
    private static RunAgentsApiException SendFailure(HttpMethod method, Uri uri, HttpRequestException e, int attempt, string? earlier, ApiKey key)
    {
        var cause = ServerText.Clean(ApiResponse.Innermost(e), key);
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

    /// <summary>A timeout as messages write it: <c>1 second</c>, <c>2.5 seconds</c>.</summary>
    internal static string Seconds(TimeSpan span) => span.TotalSeconds == 1 ? "1 second" : $"{span.TotalSeconds:0.###} seconds";
}
