using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>
/// Plays the agent behind POST .../invoke/stream as the runtime does (server-sent events: <c>data: {json}</c> and a
/// blank line per event, then <c>data: [DONE]</c>; status 200 even when the agent fails mid-way). Message prefixes
/// select scripted streams; each event is flushed as it is written, so a client sees it when the server sends it.
/// </summary>
internal static class StreamResponder
{
    private const string ErrorPrefix = "stream-error:";
    private const string StallPrefix = "stream-stall:";
    private const string TimedPrefix = "stream-timed:";
    private const string ApprovalPrefix = "approval:";
    private const string DefaultTool = "stripe-api";

    /// <summary>Answers a streamed invoke for an agent.</summary>
    public static async Task HandleAsync(ApiExchange exchange, MockState state, AgentAddress agent)
    {
        if (state.Agents.GetInvokeInfo(agent.Key) is not InvokeInfo info)
        {
            await AgentsEndpoint.NotFoundAsync(exchange, agent.Display);
            return;
        }

        if (info.Phase == "Failed")
        {
            await exchange.RespondErrorAsync(StatusCodes.Status502BadGateway, "failed to reach agent: dial tcp 10.0.0.1:8080: connect: connection refused");
            return;
        }

        InvokeRequest request = InvokeRequest.Parse(exchange.Body);
        string message = request.Message;
        if (string.IsNullOrEmpty(message))
        {
            // Before the stream, as the runtime: a JSON 400.
            await exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, "message is required");
            return;
        }

        if (!await exchange.DelayAsync(state.Delays.InvokeLatencyMs))
        {
            return;
        }

        string sequence = exchange.Sequence.ToString(CultureInfo.InvariantCulture);
        var invocation = new Invocation(agent.Key, message, null, $"{exchange.Context.Request.Scheme}://{exchange.Context.Request.Host}{exchange.Target.Path}", "act-" + sequence);
        string tool = info.FirstTool ?? DefaultTool;
        HttpResponse response = exchange.Context.Response;
        exchange.RecordStatus(StatusCodes.Status200OK);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Request-Id"] = "req-" + sequence;
        var send = new Sender(response, exchange.Cancellation);
        try
        {
            await response.StartAsync(exchange.Cancellation);
            if (message.StartsWith(TimedPrefix, StringComparison.Ordinal))
            {
                // stream-timed:N[:gapMs]: N deltas, each the server's clock (DateTime ticks, UTC) when it was sent.
                string[] parts = message[TimedPrefix.Length..].Split(':');
                int count = int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? Math.Clamp(n, 1, 100_000) : 10;
                int gap = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int g) ? Math.Clamp(g, 0, 10_000) : 20;
                for (var i = 0; i < count; i++)
                {
                    if (i > 0)
                    {
                        await Task.Delay(gap, exchange.Cancellation);
                    }

                    await send.EventAsync(new JsonObject { ["type"] = "content", ["delta"] = "@" + DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture) + "\n" });
                }

                await send.DoneAsync(info, 0);
                state.Flows.Completed(invocation, "timed");
                return;
            }

            string? guarded = PolicyRules.ToolNeedingApproval(info.Policies, state.Catalog.Policies, message);
            if (message.StartsWith(ApprovalPrefix, StringComparison.Ordinal) || guarded is not null)
            {
                // As the plain invoke: the prefix, or a policy's require_approval rule that the message meets.
                string work = guarded is null ? message[ApprovalPrefix.Length..].Trim() : message;
                tool = guarded ?? tool;
                (Run run, _) = state.Flows.PauseForApproval(invocation, tool, work);
                await send.EventAsync(new JsonObject { ["type"] = "tool_call", ["tool"] = tool, ["arguments"] = new JsonObject { ["work"] = work } });
                await send.EventAsync(new JsonObject
                {
                    ["type"] = "approval_required",
                    ["tool"] = tool,
                    ["detail"] = new JsonObject { ["code"] = "APPROVAL_REQUIRED", ["action_id"] = invocation.ActionId, ["run_id"] = run.Id },
                });
                await send.LineAsync("data: [DONE]\n\n");
                return;
            }

            bool fails = message.StartsWith(ErrorPrefix, StringComparison.Ordinal);
            bool stalls = message.StartsWith(StallPrefix, StringComparison.Ordinal);
            string text = fails ? message[ErrorPrefix.Length..] : stalls ? message[StallPrefix.Length..] : message;
            await send.EventAsync(new JsonObject { ["type"] = "tool_call", ["tool"] = tool, ["arguments"] = new JsonObject { ["query"] = text } });
            await send.EventAsync(new JsonObject { ["type"] = "tool_result", ["tool"] = tool, ["result"] = "ok" });
            string answer = "Echo: " + text;
            string[] pieces = Pieces(answer);
            for (var i = 0; i < pieces.Length; i++)
            {
                if (stalls && i == 1)
                {
                    // Nothing more until the client goes away.
                    await Task.Delay(Timeout.Infinite, exchange.Cancellation);
                }

                if (fails && i == pieces.Length / 2)
                {
                    state.Flows.Failed(invocation, 500, "model provider failed mid-answer");
                    await send.EventAsync(new JsonObject { ["type"] = "error", ["message"] = "model provider failed mid-answer" });
                    await send.LineAsync("data: [DONE]\n\n");
                    return;
                }

                await send.EventAsync(new JsonObject { ["type"] = "content", ["delta"] = pieces[i] });
            }

            state.Flows.Completed(invocation, answer);
            await send.DoneAsync(info, 1);
        }
        catch (OperationCanceledException)
        {
            exchange.Context.Abort();
        }
    }

    /// <summary>The answer cut after each space, as a model writes it a few tokens at a time.</summary>
    private static string[] Pieces(string answer)
    {
        var pieces = new List<string>();
        var start = 0;
        for (var i = 0; i < answer.Length; i++)
        {
            if (answer[i] == ' ')
            {
                pieces.Add(answer[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < answer.Length)
        {
            pieces.Add(answer[start..]);
        }

        return [.. pieces];
    }

    private sealed class Sender(HttpResponse response, CancellationToken cancellation)
    {
        public Task EventAsync(JsonNode node) => LineAsync("data: " + node.ToJsonString() + "\n\n");

        public Task DoneAsync(InvokeInfo info, int toolCalls) =>
            LineAsync("data: " + new JsonObject { ["type"] = "done", ["model"] = info.Model?.DeepClone(), ["tool_calls_made"] = toolCalls }.ToJsonString() + "\n\ndata: [DONE]\n\n");

        public async Task LineAsync(string text)
        {
            await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellation);
            await response.Body.FlushAsync(cancellation);
        }
    }
}
