using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace RunAgents.PowerShell.Client;

/// <summary>One event of a streamed invoke, its strings made safe to print and free of the key.</summary>
internal sealed class AgentStreamEvent
{
    /// <summary>
    /// The event's <c>type</c>: content, tool_call, tool_result, approval_required, consent_required, error, done; or
    /// <c>answer</c> for a body that was not a stream, or <c>start</c> (the module's own, first) when the stream began.
    /// </summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>A content event's text.</summary>
    public string? Delta { get; set; }

    /// <summary>The tool of a tool call, its result or a pause.</summary>
    public string? Tool { get; set; }

    /// <summary>A tool call's arguments, or a tool result's result, as JSON text.</summary>
    public string? Detail { get; set; }

    /// <summary>An error event's message.</summary>
    public string? Message { get; set; }

    /// <summary>A pause's action id.</summary>
    public string? ActionId { get; set; }

    /// <summary>A pause's run id.</summary>
    public string? RunId { get; set; }

    /// <summary>For <c>start</c>: the request id the platform gave the stream (its <c>X-Request-Id</c> header), if any.</summary>
    public string? RequestId { get; set; }

    /// <summary>The done event's model.</summary>
    public string? Model { get; set; }

    /// <summary>The done event's count of tool calls.</summary>
    public int? ToolCallsMade { get; set; }

    /// <summary>For <c>answer</c>: the whole answer of a route that did not stream (JSON or text).</summary>
    public InvokeResult? Answer { get; set; }
}

/// <summary>
/// Reads a streamed invoke (server-sent events, <c>data: {json}</c> per event, <c>data: [DONE]</c> at the end):
/// the request's timeout bounds the wait for the first event, an idle timeout each wait for the next one; each
/// event is capped at the connection's size limit; the key is hidden in the bytes before they are parsed.
/// </summary>
internal static class AgentStream
{
    private const string Done = "[DONE]";

    public static async IAsyncEnumerable<AgentStreamEvent> ReadAsync(ApiTransport transport, ApiRequest request, TimeSpan idle, RequestOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connection = transport.Connection;
        var firstByte = options?.Timeout ?? TimeSpan.FromSeconds(connection.TimeoutSec);
        var clock = Stopwatch.StartNew();
        var uri = new Uri(connection.Uri, request.Path);
        using var answer = await transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        var mediaType = answer.Response.Content.Headers.ContentType?.MediaType;
        if (!string.Equals(mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            // A platform or an agent that answered the whole answer at once (or a 403 pause): read as the plain invoke reads it.
            if (answer.Redirected)
            {
                await answer.RequireJsonAsync(cancellationToken).ConfigureAwait(false);
            }

            var bytes = await answer.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
            if (answer.Response.StatusCode == System.Net.HttpStatusCode.Forbidden && !RunAgentsClient.IsPause(bytes))
            {
                throw answer.StatusFailure(bytes);
            }

            yield return new AgentStreamEvent
            {
                Type = "answer",
                Answer = new InvokeResult((int)answer.Response.StatusCode, answer.Reason, ServerText.Clean(mediaType, connection.Key), Encoding.UTF8.GetString(bytes.Array!, bytes.Offset, bytes.Count)),
            };
            yield break;
        }

        // The stream's events carry no request id: the header is where the platform says which request this was.
        yield return new AgentStreamEvent
        {
            Type = "start",
            RequestId = answer.Response.Headers.TryGetValues("X-Request-Id", out var ids) ? ServerText.Clean(string.Join(",", ids), connection.Key) : null,
        };
        var body = new RedactingStream(await answer.Response.Content.ReadAsStreamAsync().ConfigureAwait(false), connection.Key);
        var reader = new EventReader(body, (long)connection.MaxResponseSizeMB * 1024 * 1024);
        var wait = firstByte - clock.Elapsed;
        var first = true;
        while (true)
        {
            var data = await NextAsync(reader, wait, first, firstByte, idle, request, uri, answer, cancellationToken).ConfigureAwait(false);
            if (data is null || data == Done)
            {
                yield break;
            }

            first = false;
            wait = idle;
            if (Parse(data, connection.Key) is AgentStreamEvent item)
            {
                yield return item;
            }
        }
    }

    private static async Task<string?> NextAsync(EventReader reader, TimeSpan wait, bool first, TimeSpan firstByte, TimeSpan idle, ApiRequest request, Uri uri, ApiResponse answer, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1));
        string? data;
        try
        {
            data = await reader.NextAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            var description = first
                ? $"the stream sent no event within {ApiTransport.Seconds(firstByte)} of the request (its first-byte timeout, -TimeoutSec)"
                : $"the stream stalled: no event came for {ApiTransport.Seconds(idle)} (its idle timeout, -IdleTimeoutSec); the answer so far is incomplete";
            throw new RunAgentsApiException(ApiFailure.Timeout, request.Method.Method, uri, description, 200, answer.Reason, attempts: answer.Attempts, innerException: e);
        }
        catch (ResponseTooLargeException e)
        {
            throw new RunAgentsApiException(ApiFailure.TooLarge, request.Method.Method, uri, $"an event of the stream is larger than the limit of {ResponseTooLargeException.Megabytes(e.Limit)}; raise it with Connect-RAService -MaxResponseSizeMB if events are expected to be this large", 200, answer.Reason, attempts: answer.Attempts, innerException: e);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new RunAgentsApiException(ApiFailure.InvalidResponse, request.Method.Method, uri, ServerText.Clean($"the stream ended before it was complete ({ApiResponse.Innermost(e)})", answer.Key)!, 200, answer.Reason, attempts: answer.Attempts, innerException: e);
        }

        if (data is null)
        {
            throw new RunAgentsApiException(ApiFailure.InvalidResponse, request.Method.Method, uri, "the stream ended before its end mark (data: [DONE]); the answer so far may be incomplete", 200, answer.Reason, attempts: answer.Attempts);
        }

        return data;
    }

    /// <summary>An event's JSON as an event; null for one that is not a JSON object (ignored, as the runtime's own clients do).</summary>
    internal static AgentStreamEvent? Parse(string data, ApiKey key)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(data);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var item = new AgentStreamEvent
            {
                Type = Text(root, "type") ?? string.Empty,
                Delta = Text(root, "delta"),
                Tool = Text(root, "tool"),
                Message = Text(root, "message"),
                Model = Text(root, "model"),
                ToolCallsMade = root.TryGetProperty("tool_calls_made", out var made) && made.ValueKind == JsonValueKind.Number && made.TryGetInt32(out var count) ? count : null,
                Detail = Text(root, "arguments") ?? Text(root, "result"),
            };
            if (root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.Object)
            {
                item.ActionId = Text(detail, "action_id") ?? Text(detail, "resume_id");
                item.RunId = Text(detail, "run_id");
                item.Detail = Text(detail, "authorization_url") ?? Text(detail, "error");
            }

            return item;
        }
    }

    private static string? Text(JsonElement root, string property) =>
        root.TryGetProperty(property, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => ServerText.Clean(value.GetString()),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => ServerText.Clean(value.GetRawText()),
        }
        : null;

    /// <summary>Reads the data of one event at a time: lines up to a blank one; only <c>data:</c> lines count.</summary>
    private sealed class EventReader
    {
        private readonly Stream _body;
        private readonly long _limit;
        private readonly byte[] _buffer = new byte[8192];
        private readonly MemoryStream _line = new();
        private readonly StringBuilder _data = new();
        private int _start;
        private int _end;

        public EventReader(Stream body, long limit)
        {
            _body = body;
            _limit = limit;
        }

        /// <summary>The data of the next event, or null when the stream ends first.</summary>
        public async Task<string?> NextAsync(CancellationToken cancellationToken)
        {
            _data.Clear();
            var hasData = false;
            while (true)
            {
                var line = await LineAsync(cancellationToken).ConfigureAwait(false);
                if (line is null)
                {
                    return hasData ? _data.ToString() : null;
                }

                if (line.Length == 0)
                {
                    if (hasData)
                    {
                        return _data.ToString();
                    }

                    continue;
                }

                if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    var value = line.Substring(line.Length > 5 && line[5] == ' ' ? 6 : 5);
                    if (hasData)
                    {
                        _data.Append('\n');
                    }

                    _data.Append(value);
                    hasData = true;
                    if (_data.Length > _limit)
                    {
                        throw new ResponseTooLargeException(_limit);
                    }
                }

                // event:, id:, retry: and comments (": ...") carry nothing the runtime sends.
            }
        }

        private async Task<string?> LineAsync(CancellationToken cancellationToken)
        {
            _line.SetLength(0);
            while (true)
            {
                for (var i = _start; i < _end; i++)
                {
                    if (_buffer[i] == (byte)'\n')
                    {
                        _line.Write(_buffer, _start, i - _start);
                        _start = i + 1;
                        return Decode();
                    }
                }

                _line.Write(_buffer, _start, _end - _start);
                _start = _end = 0;
                if (_line.Length > _limit)
                {
                    throw new ResponseTooLargeException(_limit);
                }

                var read = await _body.ReadAsync(_buffer, 0, _buffer.Length, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return _line.Length > 0 ? Decode() : null;
                }

                _end = read;
            }
        }

        private string Decode()
        {
            if (_line.Length > _limit)
            {
                throw new ResponseTooLargeException(_limit);
            }

            var count = (int)_line.Length;
            if (count > 0 && _line.GetBuffer()[count - 1] == (byte)'\r')
            {
                count--;
            }

            return Encoding.UTF8.GetString(_line.GetBuffer(), 0, count);
        }
    }
}
