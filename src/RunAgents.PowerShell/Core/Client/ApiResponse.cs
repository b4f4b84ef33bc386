using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// One answer being read: its body comes through the size cap and the request's timeout, and every
/// failure to read it becomes a <see cref="RunAgentsApiException"/> that quotes what came back.
/// </summary>
internal sealed class ApiResponse : IDisposable
{
    /// <summary>How much of a body an error quotes.</summary>
    public const int ExcerptBytes = 512;

    private const int TraceBodyChars = 2048;
    private const int MaxErrorBodyBytes = 64 * 1024;

    private readonly RAConnection _connection;
    private readonly ApiRequest _request;
    private readonly CancellationTokenSource _timer;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _waited;
    private readonly IRequestTrace? _trace;
    private GuardedStream? _guard;
    private HeadRecordingStream? _body;

    public ApiResponse(RAConnection connection, ApiRequest request, Uri uri, bool redirected, HttpResponseMessage response, CancellationTokenSource timer, TimeSpan timeout, TimeSpan waited, int attempts, string? earlierFailure, IRequestTrace? trace)
    {
        _connection = connection;
        _request = request;
        Uri = uri;
        Redirected = redirected;
        Response = response;
        _timer = timer;
        _timeout = timeout;
        _waited = waited;
        Attempts = attempts;
        EarlierFailure = earlierFailure;
        _trace = trace;
    }

    /// <summary>Where the answer came from: the request's URI, or where a redirect led.</summary>
    public Uri Uri { get; }

    /// <summary>True when the answer came after a redirect.</summary>
    public bool Redirected { get; }

    public HttpResponseMessage Response { get; }

    /// <summary>The reason phrase of the status line, made safe to print and free of the key.</summary>
    public string? Reason => ServerText.Clean(Response.ReasonPhrase, _connection.Key);

    /// <summary>The key of the connection, for cleaning text that quotes the answer.</summary>
    public ApiKey Key => _connection.Key;

    /// <summary>How many times the request was sent.</summary>
    public int Attempts { get; }

    /// <summary>How the attempt before the last one failed, when the request was retried.</summary>
    public string? EarlierFailure { get; }

    /// <summary>The token body reads take: cancelled by Ctrl+C, or when the request has waited for the server as long as its timeout allows.</summary>
    public CancellationToken Token => _timer.Token;

    /// <summary>The first bytes of the body read so far, for messages.</summary>
    public ArraySegment<byte> Head => _body?.Head ?? default;

    /// <summary>How many bytes of the body have been read.</summary>
    public long BytesRead => _body?.BytesRead ?? 0;

    public void Dispose()
    {
        _body?.Dispose();
        Response.Dispose();
        _timer.Dispose();
    }

    /// <summary>A URI as messages show it: no query, which may carry a sign-in page's state.</summary>
    public static string Describe(Uri uri) => uri.IsAbsoluteUri ? uri.GetLeftPart(UriPartial.Path) : uri.ToString();

    /// <summary>The innermost exception's message: the one that says what really happened.</summary>
    public static string Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message;
    }

    /// <summary>Cuts a body for the debug stream.</summary>
    public static string Truncate(string text) =>
        text.Length <= TraceBodyChars ? text : text.Substring(0, TraceBodyChars) + $"... ({text.Length - TraceBodyChars} more characters)";

    /// <summary>The body as a stream, capped and bounded by what is left of the request's timeout; opened once.</summary>
    public async Task<Stream> OpenBodyAsync()
    {
        if (_body is null)
        {
            // The cap counts the bytes the server sent; everything read after it sees them free of the key.
            _guard = new GuardedStream(await Response.Content.ReadAsStreamAsync().ConfigureAwait(false), Limit, _timer, _timeout, _waited);
            _body = new HeadRecordingStream(new RedactingStream(_guard, _connection.Key), ExcerptBytes);
        }

        return _body;
    }

    /// <summary>Fails at once when the answer announces a body larger than the cap, before reading any of it.</summary>
    public void CheckAnnouncedLength()
    {
        if (Response.Content.Headers.ContentLength is long announced && announced > Limit)
        {
            throw Failure(ApiFailure.TooLarge, TooLargeText(new ResponseTooLargeException(Limit), announced), null);
        }
    }

    /// <summary>Starts the size cap anew, as each agent of a streamed list begins.</summary>
    public void MarkItem() => _guard?.Mark();

    /// <summary>Refuses a body that says it is something other than JSON (an HTML sign-in page, say).</summary>
    public async Task RequireJsonAsync(CancellationToken userToken)
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
        catch (Exception e) when (IsBodyFailure(e, userToken))
        {
            head = default;
        }

        var excerpt = Excerpt(head);
        var where = Redirected ? $" at {ServerText.Clean(Describe(Uri), _connection.Key)}, where a redirect led" : string.Empty;
        var sent = ServerText.Clean(mediaType, _connection.Key);
        throw Failure(ApiFailure.InvalidResponse, $"expected JSON but the service sent {sent}{where}: '{excerpt}'", null, excerpt);
    }

    /// <summary>Reads the whole body, within the size cap.</summary>
    public async Task<ArraySegment<byte>> ReadBodyAsync(CancellationToken userToken)
    {
        CheckAnnouncedLength();
        try
        {
            var bytes = await ReadAsync(int.MaxValue).ConfigureAwait(false);
            TraceBody(bytes, bytes.Count);
            return bytes;
        }
        catch (Exception e) when (IsBodyFailure(e, userToken))
        {
            throw BodyFailure(e);
        }
    }

    /// <summary>Reads the whole body as one JSON value of the API's shape; null, another shape or not JSON is an error.</summary>
    public async Task<T> ReadJsonAsync<T>(JsonTypeInfo<T> type, CancellationToken userToken)
        where T : class
    {
        await RequireJsonAsync(userToken).ConfigureAwait(false);
        var bytes = await ReadBodyAsync(userToken).ConfigureAwait(false);
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(bytes, type);
        }
        catch (JsonException e)
        {
            throw InvalidBody(bytes, $"{_request.What} is not valid JSON of the expected shape ({e.Message})", e);
        }

        return value ?? throw InvalidBody(bytes, $"expected {_request.What} but the body is the JSON value null");
    }

    /// <summary>
    /// The answer to a write that the platform acknowledged (2xx), as <see cref="ReadJsonAsync"/> reads it; but a body
    /// that is not the JSON expected is a warning, not a failure: the write happened, and calling it a failure would
    /// invite a retry that then fails (404, 409). After a redirect such a body may be a sign-in page, so it stays a failure.
    /// </summary>
    /// <param name="type">The type the answer should be.</param>
    /// <param name="done">What the platform did, for the warning: <c>approved the access request 'ar-1'</c>.</param>
    /// <param name="userToken">Ctrl+C.</param>
    public async Task<WriteOutcome<T>> ReadWriteAnswerAsync<T>(JsonTypeInfo<T> type, string done, CancellationToken userToken)
        where T : class
    {
        try
        {
            return new WriteOutcome<T>(await ReadJsonAsync(type, userToken).ConfigureAwait(false), null);
        }
        catch (RunAgentsApiException e) when (e.Failure == ApiFailure.InvalidResponse && !Redirected)
        {
            return new WriteOutcome<T>(null, $"The platform {done} (HTTP {(int)Response.StatusCode}), but its answer is not what the API gives: {e.Description}. What changed is not known from it; read it again to see.");
        }
    }

    /// <summary>Writes the start of the body to the debug stream, when it is wanted.</summary>
    /// <remarks>JSON may carry DEL and the C1 controls unescaped, so the text is cleaned like any other from the server.</remarks>
    public void TraceBody(ArraySegment<byte> head, long length)
    {
        if (_trace?.WantsBodies == true)
        {
            var text = _request.ResponseMask is null && _request.MaskedValues.Length == 0
                ? Decode(new ArraySegment<byte>(head.Array!, head.Offset, Math.Min(head.Count, TraceBodyChars)))
                : Masked(Decode(head));
            _trace.Body($"{_request.Method} {Uri} response body ({length} bytes): {Truncate(ServerText.Clean(text, _connection.Key)!)}");
        }
    }

    /// <summary>True for what reading a body can throw when the body, not the user, is at fault.</summary>
    public bool IsBodyFailure(Exception e, CancellationToken userToken) =>
        e is JsonException or IOException or HttpRequestException || (e is OperationCanceledException && !userToken.IsCancellationRequested);

    /// <summary>
    /// The failure of a streamed body that is not the JSON expected, quoting up to an excerpt of it: the
    /// parser may have stopped after a few bytes, so a little more is read, within the cap and the timeout.
    /// </summary>
    public async Task<RunAgentsApiException> BodyFailureAsync(Exception e)
    {
        if (e is JsonException && _body is not null && _body.Head.Count < ExcerptBytes)
        {
            var scratch = new byte[ExcerptBytes];
            try
            {
                while (_body.Head.Count < ExcerptBytes && await _body.ReadAsync(scratch, 0, scratch.Length, Token).ConfigureAwait(false) > 0)
                {
                }
            }
            catch (Exception more) when (more is IOException or HttpRequestException or OperationCanceledException)
            {
                // The excerpt is a courtesy: what was read is quoted, the first failure is what is reported.
            }
        }

        return BodyFailure(e);
    }

    /// <summary>The failure of reading the body: not JSON, too large, cut short, or still arriving when the timeout ran out.</summary>
    public RunAgentsApiException BodyFailure(Exception e)
    {
        var what = _request.What;
        var excerpt = Head.Count > 0 ? Excerpt(Head) : null;
        var quoted = excerpt is null ? string.Empty : $": '{excerpt}'";
        return e switch
        {
            ResponseTooLargeException large => Failure(ApiFailure.TooLarge, TooLargeText(large, null), large),
            JsonException json when BytesRead == 0 =>
                Failure(ApiFailure.InvalidResponse, $"expected {what} as JSON but the body was empty", json),
            JsonException json =>
                Failure(ApiFailure.InvalidResponse, $"{what} is not valid JSON of the expected shape ({json.Message}){quoted}", json, excerpt),
            OperationCanceledException canceled =>
                Failure(ApiFailure.Timeout, $"{what} was still arriving after the request had waited {ApiTransport.Seconds(_timeout)} for the service in all, its timeout ({_guard?.Position ?? 0} bytes had come)", canceled),
            _ => Failure(ApiFailure.InvalidResponse, $"the connection ended before {what} was complete ({Innermost(e)}){quoted}", e, excerpt),
        };
    }

    /// <summary>A body that was read whole but is not what the API promises.</summary>
    public RunAgentsApiException InvalidBody(ArraySegment<byte> bytes, string problem, Exception? inner = null)
    {
        if (bytes.Count == 0)
        {
            return Failure(ApiFailure.InvalidResponse, $"expected {_request.What} as JSON but the body was empty", inner);
        }

        var excerpt = Excerpt(bytes);
        return Failure(ApiFailure.InvalidResponse, $"{problem}: '{excerpt}'", inner, excerpt);
    }

    /// <summary>A 2xx answer about another object than the one asked for: acting on it would act on the wrong one.</summary>
    public RunAgentsApiException AnswerForAnother(string asked, string answered) =>
        Failure(ApiFailure.InvalidResponse, $"asked for {asked} but the service answered with {answered}", null);

    /// <summary>A 2xx answer that shows the object asked for is not there: an agent in another namespace than the one named.</summary>
    public RunAgentsApiException NotFound(string description) =>
        new(ApiFailure.NotFound, _request.Method.Method, Uri, description, attempts: Attempts, earlierFailure: EarlierFailure);

    /// <summary>The failure a non-2xx answer stands for, with the service's own words.</summary>
    public async Task<RunAgentsApiException> StatusFailureAsync(CancellationToken userToken)
    {
        ArraySegment<byte> bytes;
        try
        {
            bytes = await ReadAsync(MaxErrorBodyBytes).ConfigureAwait(false);
        }
        catch (Exception e) when (IsBodyFailure(e, userToken))
        {
            bytes = Head;
        }

        return StatusFailure(bytes);
    }

    /// <summary>The failure a non-2xx answer whose body has been read stands for.</summary>
    public RunAgentsApiException StatusFailure(ArraySegment<byte> bytes)
    {
        var server = ServerError(bytes);
        var excerpt = bytes.Count > 0 ? Excerpt(bytes) : null;
        var description = server is not null
            ? server
            : excerpt is not null ? $"the service answered '{excerpt}'" : "the service answered with no body";
        var status = (int)Response.StatusCode;
        var failure = status == 404 && server is not null && Array.Exists(_request.NotFoundMessages, m => string.Equals(m, server.Trim(), StringComparison.OrdinalIgnoreCase))
            ? ApiFailure.NotFound
            : ApiFailure.HttpStatus;
        return new RunAgentsApiException(failure, _request.Method.Method, Uri, description, status, Reason, server, excerpt, Attempts, earlierFailure: EarlierFailure);
    }

    /// <summary>A text from the body with the request's secrets hidden: those it sent, and those its answers hold.</summary>
    private string Masked(string text)
    {
        text = TraceMask.Apply(text, _request.MaskedValues);
        return _request.ResponseMask is { } mask ? mask(text) : text;
    }

    private long Limit => (long)_connection.MaxResponseSizeMB * 1024 * 1024;

    private static string Decode(ArraySegment<byte> bytes) => Encoding.UTF8.GetString(bytes.Array ?? Array.Empty<byte>(), bytes.Offset, bytes.Count);

    private static string TooLargeText(ResponseTooLargeException e, long? announced) =>
        $"the answer is {(announced is long size ? $"{size} bytes, " : string.Empty)}larger than the limit of {ResponseTooLargeException.Megabytes(e.Limit)}; raise it with Connect-RAService -MaxResponseSizeMB if the answer is expected to be this large";

    /// <remarks>
    /// The description may quote a parser's or the handler's message, which can hold a property name or a
    /// character from the body: it is cleaned like the server's own text.
    /// </remarks>
    private RunAgentsApiException Failure(ApiFailure failure, string description, Exception? inner, string? excerpt = null) =>
        new(failure, _request.Method.Method, Uri, ServerText.Clean(description, _connection.Key)!, (int)Response.StatusCode, Reason, null, excerpt, Attempts, inner, EarlierFailure);

    /// <summary>The start of a body as one line of text, free of the key and of control characters.</summary>
    private string Excerpt(ArraySegment<byte> bytes)
    {
        var text = _request.ResponseMask is null && _request.MaskedValues.Length == 0
            ? Decode(new ArraySegment<byte>(bytes.Array ?? Array.Empty<byte>(), bytes.Offset, Math.Min(bytes.Count, ExcerptBytes)))
            : Masked(Decode(bytes));
        if (text.Length > ExcerptBytes)
        {
            text = text.Substring(0, ExcerptBytes);
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        var excerpt = _connection.Key.Redact(builder.ToString().Trim());
        return bytes.Count > ExcerptBytes ? excerpt + "..." : excerpt;
    }

    private string? ServerError(ArraySegment<byte> bytes)
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
                ? ServerText.Clean(Masked(error.GetString() ?? string.Empty))
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<ArraySegment<byte>> ReadAsync(int limit)
    {
        var stream = await OpenBodyAsync().ConfigureAwait(false);
        var initial = Response.Content.Headers.ContentLength is long length && length < limit ? (int)length + 1 : Math.Min(limit, 16 * 1024);
        var buffer = new byte[Math.Max(initial, 1)];
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
