using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// The Agents API over HTTP: URLs, the key header, JSON, retries, timeouts and cancellation.
/// It knows nothing of PowerShell; failures surface as <see cref="RunAgentsApiException"/>.
/// </summary>
internal sealed class RunAgentsClient : IDisposable
{
    private const int MaxRedirects = 5;
    private const int ExcerptBytes = 512;
    private const int TraceBodyChars = 2048;
    private const int MaxErrorBodyBytes = 64 * 1024;

    private readonly RAConnection _connection;
    private readonly HttpClient _http;
    private readonly RetryPolicy _retry;

    public RunAgentsClient(RAConnection connection, HttpMessageHandler? handler = null, RetryPolicy? retry = null)
    {
        _connection = connection;
        _http = new HttpClient(handler ?? CreateHandler(connection), disposeHandler: true)
        {
            // Each request gets its own timeout through a token, so that a timeout is told apart from Ctrl+C.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _retry = retry ?? RetryPolicy.Default;
    }

    /// <summary>Streams every agent of every namespace as the list is parsed (<c>GET /api/agents</c>).</summary>
    public async IAsyncEnumerable<Agent> ListAgentsAsync(RequestOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var exchange = await SendAsync(HttpMethod.Get, "api/agents", null, idempotent: true, options, cancellationToken).ConfigureAwait(false);
        await exchange.RequireJsonAsync().ConfigureAwait(false);
        using var body = new HeadRecordingStream(await exchange.Response.Content.ReadAsStreamAsync().ConfigureAwait(false), ExcerptBytes);
        var agents = JsonSerializer.DeserializeAsyncEnumerable(body, RunAgentsJsonContext.Default.Agent, exchange.Token).GetAsyncEnumerator(exchange.Token);
        try
        {
            while (true)
            {
                Agent? agent;
                try
                {
                    if (!await agents.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    agent = agents.Current;
                }
                catch (Exception e) when (exchange.IsBodyFailure(e, cancellationToken))
                {
                    throw exchange.BodyFailure("the list of agents", body, e);
                }

                if (agent is not null)
                {
                    yield return agent;
                }
            }
        }
        finally
        {
            await agents.DisposeAsync().ConfigureAwait(false);
        }

        exchange.TraceBody(body.Head, body.BytesRead);
    }

    /// <summary>Fetches one agent (<c>GET /api/agents/{namespace}/{name}</c>).</summary>
    public async Task<Agent> GetAgentAsync(string ns, string name, RequestOptions? options, CancellationToken cancellationToken)
    {
        using var exchange = await SendAsync(HttpMethod.Get, AgentPath.Of(ns, name), null, idempotent: true, options, cancellationToken).ConfigureAwait(false);
        await exchange.RequireJsonAsync().ConfigureAwait(false);
        var bytes = await exchange.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(bytes, RunAgentsJsonContext.Default.Agent)
                ?? throw new JsonException("The body is the JSON value null.");
        }
        catch (JsonException e)
        {
            throw exchange.InvalidBody("the agent", bytes, e);
        }
    }

    /// <summary>Deletes one agent (<c>DELETE /api/agents/{namespace}/{name}</c>).</summary>
    public async Task DeleteAgentAsync(string ns, string name, RequestOptions? options, CancellationToken cancellationToken)
    {
        using var exchange = await SendAsync(HttpMethod.Delete, AgentPath.Of(ns, name), null, idempotent: true, options, cancellationToken).ConfigureAwait(false);
        await exchange.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="jsonBody"/> to an agent (<c>POST .../invoke</c>) and returns what it answered.</summary>
    /// <remarks>Not retried unless the options say so: the first attempt may have reached the agent.</remarks>
    public async Task<InvokeResult> InvokeAgentAsync(string ns, string name, string jsonBody, RequestOptions? options, CancellationToken cancellationToken)
    {
        using var exchange = await SendAsync(HttpMethod.Post, AgentPath.Of(ns, name) + "/invoke", jsonBody, idempotent: false, options, cancellationToken).ConfigureAwait(false);
        var bytes = await exchange.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        var response = exchange.Response;
        return new InvokeResult((int)response.StatusCode, response.ReasonPhrase, response.Content.Headers.ContentType?.MediaType, Decode(bytes));
    }

    public void Dispose() => _http.Dispose();

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

    private async Task<Exchange> SendAsync(HttpMethod method, string path, string? body, bool idempotent, RequestOptions? options, CancellationToken cancellationToken)
    {
        var uri = new Uri(_connection.Uri, path);
        var maxRetries = options?.MaxRetryCount ?? (idempotent ? _connection.MaxRetryCount : 0);
        var timeout = options?.Timeout ?? TimeSpan.FromSeconds(_connection.TimeoutSec);
        var trace = options?.Trace;
        if (body is not null && trace?.WantsBodies == true)
        {
            trace.Body($"{method} {uri} request body: {Truncate(_connection.Key.Redact(body))}");
        }

        for (var attempt = 1; ; attempt++)
        {
            var attemptText = maxRetries > 0 ? $" (attempt {attempt} of {maxRetries + 1})" : string.Empty;
            var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            var clock = Stopwatch.StartNew();
            HttpResponseMessage response;
            try
            {
                response = await SendFollowingRedirectsAsync(method, uri, body, timeoutSource.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                timeoutSource.Dispose();
                trace?.Request($"{method} {uri} timed out after {clock.ElapsedMilliseconds} ms{attemptText}");
                throw new RunAgentsApiException(ApiFailure.Timeout, method.Method, uri, $"the request did not complete within {Seconds(timeout)}", attempts: attempt, innerException: e);
            }
            catch (HttpRequestException e)
            {
                timeoutSource.Dispose();
                var failure = new RunAgentsApiException(ApiFailure.Network, method.Method, uri, "could not get an answer from the service: " + Innermost(e), attempts: attempt, innerException: e);
                var line = $"{method} {uri} failed after {clock.ElapsedMilliseconds} ms: {Innermost(e)}{attemptText}";
                if (attempt > maxRetries)
                {
                    trace?.Request(line);
                    throw failure;
                }

                await WaitToRetryAsync(line, _retry.Backoff(attempt), trace, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch
            {
                timeoutSource.Dispose();
                throw;
            }

            var status = (int)response.StatusCode;
            var requestLine = $"{method} {uri} -> {status} {response.ReasonPhrase} in {clock.ElapsedMilliseconds} ms{attemptText}";
            var exchange = new Exchange(this, method, uri, response, timeoutSource, attempt, trace);
            var retry = !response.IsSuccessStatusCode && RetryPolicy.IsRetryableStatus(status) && attempt <= maxRetries;
            if (!retry)
            {
                trace?.Request(requestLine);
            }

            if (response.IsSuccessStatusCode)
            {
                return exchange;
            }

            RunAgentsApiException error;
            using (exchange)
            {
                error = await exchange.StatusFailureAsync(cancellationToken).ConfigureAwait(false);
            }

            if (!retry)
            {
                throw error;
            }

            var wait = _retry.RetryAfter(response.Headers.RetryAfter, DateTimeOffset.UtcNow) ?? _retry.Backoff(attempt);
            await WaitToRetryAsync(requestLine, wait, trace, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Says what failed and how long the wait is, in one line, then waits (Ctrl+C ends the wait).</summary>
    private static async Task WaitToRetryAsync(string failure, TimeSpan wait, IRequestTrace? trace, CancellationToken cancellationToken)
    {
        trace?.Request($"{failure}; retrying in {wait.TotalSeconds:0.###} s");
        await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(HttpMethod method, Uri uri, string? body, CancellationToken cancellationToken)
    {
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(method, uri);
            request.Headers.TryAddWithoutValidation("User-Agent", _connection.UserAgent);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (SameOrigin(uri, _connection.Uri))
            {
                request.Headers.TryAddWithoutValidation(_connection.Key.HeaderName, _connection.Key.HeaderValue);
            }

            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is null || hop == MaxRedirects)
            {
                return response;
            }

            var next = response.Headers.Location.IsAbsoluteUri ? response.Headers.Location : new Uri(uri, response.Headers.Location);
            response.Dispose();
            if (status == 303 || (status is 301 or 302 && method == HttpMethod.Post))
            {
                method = HttpMethod.Get;
                body = null;
            }

            uri = next;
        }
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message;
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds == 1 ? "1 second" : $"{span.TotalSeconds:0.###} seconds";

    private static string Decode(ArraySegment<byte> bytes) => Encoding.UTF8.GetString(bytes.Array!, bytes.Offset, bytes.Count);

    private static string Truncate(string text) =>
        text.Length <= TraceBodyChars ? text : text.Substring(0, TraceBodyChars) + $"... ({text.Length - TraceBodyChars} more characters)";

    private string Excerpt(ArraySegment<byte> bytes)
    {
        var text = Decode(new ArraySegment<byte>(bytes.Array!, bytes.Offset, Math.Min(bytes.Count, ExcerptBytes)));
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        var excerpt = _connection.Key.Redact(builder.ToString().Trim());
        return bytes.Count > ExcerptBytes ? excerpt + "..." : excerpt;
    }

    private static string? ServerError(ArraySegment<byte> bytes)
    {
        if (bytes.Count == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes.AsMemory());
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.String
                ? error.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>One response being read: keeps the timeout running until its body is read.</summary>
    private sealed class Exchange : IDisposable
    {
        private readonly RunAgentsClient _client;
        private readonly CancellationTokenSource _timeout;
        private readonly int _attempts;
        private readonly IRequestTrace? _trace;

        public Exchange(RunAgentsClient client, HttpMethod method, Uri uri, HttpResponseMessage response, CancellationTokenSource timeout, int attempts, IRequestTrace? trace)
        {
            _client = client;
            Method = method;
            Uri = uri;
            Response = response;
            _timeout = timeout;
            _attempts = attempts;
            _trace = trace;
        }

        public HttpMethod Method { get; }

        public Uri Uri { get; }

        public HttpResponseMessage Response { get; }

        public CancellationToken Token => _timeout.Token;

        public void Dispose()
        {
            Response.Dispose();
            _timeout.Dispose();
        }

        /// <summary>Refuses a body that says it is something other than JSON (an HTML error page, say).</summary>
        public async Task RequireJsonAsync()
        {
            var mediaType = Response.Content.Headers.ContentType?.MediaType;
            if (mediaType is null || mediaType.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return;
            }

            ArraySegment<byte> head;
            try
            {
                head = await ReadAsync(ExcerptBytes + 1).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
            {
                head = default;
            }

            throw Failure(ApiFailure.InvalidResponse, $"expected JSON but the service sent {mediaType}: '{_client.Excerpt(head)}'", null, excerpt: _client.Excerpt(head));
        }

        public async Task<ArraySegment<byte>> ReadBodyAsync(CancellationToken userToken)
        {
            // Recorded so that a body cut short can still be quoted in the error.
            HeadRecordingStream? body = null;
            try
            {
                using (body = new HeadRecordingStream(await Response.Content.ReadAsStreamAsync().ConfigureAwait(false), ExcerptBytes))
                {
                    var bytes = await ReadAsync(body, int.MaxValue).ConfigureAwait(false);
                    TraceBody(bytes, bytes.Count);
                    return bytes;
                }
            }
            catch (Exception e) when (IsBodyFailure(e, userToken))
            {
                throw BodyFailure("the response", body, e);
            }
        }

        public void TraceBody(ArraySegment<byte> head, long length)
        {
            if (_trace?.WantsBodies == true)
            {
                _trace.Body($"{Method} {Uri} response body ({length} bytes): {Truncate(_client._connection.Key.Redact(Decode(new ArraySegment<byte>(head.Array!, head.Offset, Math.Min(head.Count, TraceBodyChars)))))}");
            }
        }

        public bool IsBodyFailure(Exception e, CancellationToken userToken) =>
            e is JsonException or IOException or HttpRequestException || (e is OperationCanceledException && !userToken.IsCancellationRequested);

        public RunAgentsApiException BodyFailure(string what, HeadRecordingStream? body, Exception e)
        {
            var head = body?.Head ?? default;
            var excerpt = head.Count > 0 ? _client.Excerpt(head) : null;
            var quoted = excerpt is null ? string.Empty : $": '{excerpt}'";
            return e switch
            {
                JsonException json when body is not null && body.BytesRead == 0 =>
                    Failure(ApiFailure.InvalidResponse, $"expected {what} as JSON but the body was empty", json),
                JsonException json =>
                    Failure(ApiFailure.InvalidResponse, $"{what} is not valid JSON of the expected shape ({json.Message.Split('.')[0]}){quoted}", json, excerpt),
                OperationCanceledException canceled =>
                    Failure(ApiFailure.Timeout, $"reading {what} did not complete within the timeout", canceled),
                _ => Failure(ApiFailure.InvalidResponse, $"the connection ended before {what} was complete ({Innermost(e)}){quoted}", e, excerpt),
            };
        }

        public RunAgentsApiException InvalidBody(string what, ArraySegment<byte> bytes, JsonException e)
        {
            if (bytes.Count == 0)
            {
                return Failure(ApiFailure.InvalidResponse, $"expected {what} as JSON but the body was empty", e);
            }

            var excerpt = _client.Excerpt(bytes);
            return Failure(ApiFailure.InvalidResponse, $"{what} is not valid JSON of the expected shape ({e.Message.Split('.')[0]}): '{excerpt}'", e, excerpt);
        }

        public async Task<RunAgentsApiException> StatusFailureAsync(CancellationToken userToken)
        {
            ArraySegment<byte> bytes;
            try
            {
                bytes = await ReadAsync(MaxErrorBodyBytes).ConfigureAwait(false);
            }
            catch (Exception e) when (IsBodyFailure(e, userToken))
            {
                bytes = default;
            }

            var server = ServerError(bytes);
            var excerpt = bytes.Count > 0 ? _client.Excerpt(bytes) : null;
            var description = server is not null
                ? _client._connection.Key.Redact(server)
                : excerpt is not null ? $"the service answered '{excerpt}'" : "the service answered with no body";
            return new RunAgentsApiException(
                ApiFailure.HttpStatus, Method.Method, Uri, description, (int)Response.StatusCode, Response.ReasonPhrase,
                server is null ? null : _client._connection.Key.Redact(server), excerpt, _attempts);
        }

        private RunAgentsApiException Failure(ApiFailure failure, string description, Exception? inner, string? excerpt = null) =>
            new(failure, Method.Method, Uri, description, (int)Response.StatusCode, Response.ReasonPhrase, null, excerpt, _attempts, inner);

        private async Task<ArraySegment<byte>> ReadAsync(int limit)
        {
            using var stream = await Response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            return await ReadAsync(stream, limit).ConfigureAwait(false);
        }

        private async Task<ArraySegment<byte>> ReadAsync(Stream stream, int limit)
        {
            var buffer = new byte[Math.Min(limit, 16 * 1024)];
            var total = 0;
            while (total < limit)
            {
                if (total == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limit));
                }

                var read = await stream.ReadAsync(buffer, total, buffer.Length - total, Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            return new ArraySegment<byte>(buffer, 0, total);
        }
    }
}
