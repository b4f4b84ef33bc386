using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>Plays the agent behind POST .../invoke, and opens the run each invoke is; message prefixes select special answers.</summary>
internal static class InvokeResponder
{
    private const string UnreachableError = "failed to reach agent: dial tcp 10.0.0.1:8080: connect: connection refused";
    private const string ApprovalPrefix = "approval:";
    private const string Approval403Prefix = "approval403:";
    private const string ConsentPrefix = "consent:";
    private const string TextPrefix = "text:";
    private const string StatusPrefix = "status:";
    private const string WorkPrefix = "work:";

    // The tool a scripted pause waits on when the agent lists none.
    private const string DefaultTool = "stripe-api";

    /// <summary>Answers an invoke for an agent.</summary>
    public static async Task HandleAsync(ApiExchange exchange, MockState state, AgentAddress agent)
    {
        if (state.Agents.GetInvokeInfo(agent.Key) is not InvokeInfo info)
        {
            await AgentsEndpoint.NotFoundAsync(exchange, agent.Display);
            return;
        }

        if (info.Phase == "Failed")
        {
            await exchange.RespondErrorAsync(StatusCodes.Status502BadGateway, UnreachableError);
            return;
        }

        var elapsed = Stopwatch.StartNew();
        if (!await exchange.DelayAsync(state.Delays.InvokeLatencyMs))
        {
            return;
        }

        InvokeRequest request = InvokeRequest.Parse(exchange.Body);
        string message = request.Message;
        string sequence = exchange.Sequence.ToString(CultureInfo.InvariantCulture);
        var invocation = new Invocation(agent.Key, message, ConversationText(request), InvokeUrl(exchange), "act-" + sequence);
        var answer = new Answer(agent.Key, "req-" + sequence, request.ConversationId);
        string tool = info.FirstTool ?? DefaultTool;

        if (message.StartsWith(Approval403Prefix, StringComparison.Ordinal))
        {
            (Run run, _) = state.Flows.PauseForApproval(invocation, tool, message[Approval403Prefix.Length..].Trim());
            await exchange.RespondJsonAsync(StatusCodes.Status403Forbidden, new JsonObject
            {
                ["error"] = $"calling {tool} needs approval (action {invocation.ActionId})",
                ["code"] = "APPROVAL_REQUIRED",
                ["action_id"] = invocation.ActionId,
                ["run_id"] = run.Id,
                ["tool"] = tool,
            });
        }
        else if (message.StartsWith(ApprovalPrefix, StringComparison.Ordinal))
        {
            await RespondApprovalAsync(exchange, state, invocation, answer, tool, message[ApprovalPrefix.Length..].Trim());
        }
        else if (message.StartsWith(ConsentPrefix, StringComparison.Ordinal))
        {
            await RespondConsentAsync(exchange, state, invocation, answer, tool);
        }
        else if (message.StartsWith(TextPrefix, StringComparison.Ordinal))
        {
            string text = message[TextPrefix.Length..];
            state.Flows.Completed(invocation, text);
            await exchange.RespondAsync(StatusCodes.Status200OK, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text));
        }
        else if (message.StartsWith(WorkPrefix, StringComparison.Ordinal))
        {
            // work:N[:batch]: the answer comes at once, the run goes on (N tool calls, batch per resume delay).
            string[] parts = message[WorkPrefix.Length..].Split(':');
            int steps = int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? Math.Clamp(n, 1, 1_000_000) : 3;
            int batch = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int b) ? Math.Clamp(b, 1, 1_000_000) : 1;
            Run run = state.Flows.Working(invocation, steps, batch);
            await exchange.RespondJsonAsync(StatusCodes.Status200OK, new JsonObject
            {
                ["status"] = "running",
                ["response"] = $"Working on {steps} steps.",
                ["run_id"] = run.Id,
                ["request_id"] = answer.RequestId,
            });
        }
        else if (TryParseStatus(message, out int status, out string error))
        {
            state.Flows.Failed(invocation, status, error);
            await exchange.RespondErrorAsync(status, error);
        }
        else if (PolicyRules.ToolNeedingApproval(info.Policies, state.Catalog.Policies, message) is string guarded)
        {
            await RespondApprovalAsync(exchange, state, invocation, answer, guarded, message);
        }
        else
        {
            string response = "Echo: " + message;
            Run run = state.Flows.Completed(invocation, response);
            // A fixed clock does not move: the answer took the latency set, not the time the machine took.
            long durationMs = state.Clock.IsFixed ? state.Delays.InvokeLatencyMs : elapsed.ElapsedMilliseconds;
            await exchange.RespondJsonAsync(StatusCodes.Status200OK, answer.Echo(request, response, info.Model, run.Id, durationMs));
        }
    }

    // 200 with the agent's body holding approval_required (spec section 5, step 1); "status" and the top-level action_id are what older clients read.
    private static Task RespondApprovalAsync(ApiExchange exchange, MockState state, Invocation invocation, Answer answer, string tool, string work)
    {
        (Run run, _) = state.Flows.PauseForApproval(invocation, tool, work);
        return exchange.RespondJsonAsync(StatusCodes.Status200OK, answer.Paused(
            "approval_required",
            new JsonObject { ["code"] = "APPROVAL_REQUIRED", ["action_id"] = invocation.ActionId, ["run_id"] = run.Id, ["tool"] = tool },
            invocation.ActionId,
            run.Id,
            $"I need approval to use {tool} before I can finish this (action {invocation.ActionId}). I will carry on once it is approved."));
    }

    private static Task RespondConsentAsync(ApiExchange exchange, MockState state, Invocation invocation, Answer answer, string tool)
    {
        string resumeId = "resume-" + invocation.ActionId;
        string authorizationUrl = $"https://login.example.com/oauth2/authorize?client_id=runagents&scope={Uri.EscapeDataString(tool)}&state={resumeId}";
        Run run = state.Flows.PauseForConsent(invocation, tool, authorizationUrl);
        return exchange.RespondJsonAsync(StatusCodes.Status200OK, answer.Paused(
            "consent_required",
            new JsonObject
            {
                ["code"] = "CONSENT_REQUIRED",
                ["authorization_url"] = authorizationUrl,
                ["resume_id"] = resumeId,
                ["action_id"] = invocation.ActionId,
                ["run_id"] = run.Id,
            },
            invocation.ActionId,
            run.Id,
            $"I need your permission to use {tool}. Open {authorizationUrl} to grant it."));
    }

    private static string? ConversationText(InvokeRequest request) => request.ConversationId switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out string? text) => text,
        JsonNode other => other.ToJsonString(),
    };

    private static string InvokeUrl(ApiExchange exchange)
    {
        HttpRequest request = exchange.Context.Request;
        return $"{request.Scheme}://{request.Host}{exchange.Target.Path}";
    }

    // "status:503 busy" -> 503 {"error":"busy"}; anything malformed is just echoed.
    private static bool TryParseStatus(string message, out int status, out string error)
    {
        status = 0;
        error = string.Empty;
        if (!message.StartsWith(StatusPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        string rest = message[StatusPrefix.Length..];
        if (rest.Length < 3
            || !int.TryParse(rest.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out status)
            || status is < 200 or > 599
            || (rest.Length > 3 && rest[3] != ' '))
        {
            return false;
        }

        error = rest.Length > 4 ? rest[4..] : string.Empty;
        return true;
    }

    /// <summary>The agent's JSON answers.</summary>
    private sealed record Answer(AgentKey Agent, string RequestId, JsonNode? ConversationId)
    {
        public JsonObject Paused(string kind, JsonObject detail, string actionId, string runId, string response) => new()
        {
            ["status"] = kind,
            [kind] = detail,
            ["action_id"] = actionId,
            ["run_id"] = runId,
            ["response"] = response,
            ["agent"] = Agent.ToString(),
            ["conversation_id"] = ConversationId?.DeepClone(),
            ["request_id"] = RequestId,
        };

        public JsonObject Echo(InvokeRequest request, string response, JsonNode? model, string runId, long durationMs) => new()
        {
            ["response"] = response,
            ["agent"] = Agent.ToString(),
            ["conversation_id"] = request.ConversationId,
            ["model"] = model,
            ["usage"] = new JsonObject
            {
                // A rough 4-characters-per-token estimate keeps counts plausible and deterministic.
                ["prompt_tokens"] = 12 + ((request.Message.Length + 3) / 4),
                ["completion_tokens"] = (response.Length + 3) / 4,
            },
            ["duration_ms"] = durationMs,
            ["request_id"] = RequestId,
            ["run_id"] = runId,
            ["received"] = request.Received,
        };
    }
}
