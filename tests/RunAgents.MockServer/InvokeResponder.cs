using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>Plays the agent behind POST .../invoke; message prefixes select special answers.</summary>
internal static class InvokeResponder
{
    private const string UnreachableError = "failed to reach agent: dial tcp 10.0.0.1:8080: connect: connection refused";
    private const string ApprovalPrefix = "approval:";
    private const string ConsentPrefix = "consent:";
    private const string TextPrefix = "text:";
    private const string StatusPrefix = "status:";

    /// <summary>Answers an invoke for an agent.</summary>
    public static async Task HandleAsync(ApiExchange exchange, MockState state, AgentAddress agent)
    {
        AgentKey key = agent.Key;
        if (!state.Agents.TryGetInvokeInfo(key, out string? phase, out JsonNode? model))
        {
            await AgentsEndpoint.NotFoundAsync(exchange, agent.Display);
            return;
        }

        if (phase == "Failed")
        {
            await exchange.RespondErrorAsync(StatusCodes.Status502BadGateway, UnreachableError);
            return;
        }

        var elapsed = Stopwatch.StartNew();
        if (!await exchange.DelayAsync(state.InvokeLatencyMs))
        {
            return;
        }

        InvokeRequest request = InvokeRequest.Parse(exchange.Body);
        string message = request.Message;
        string requestId = "req-" + exchange.Sequence.ToString(CultureInfo.InvariantCulture);

        if (message.StartsWith(ApprovalPrefix, StringComparison.Ordinal))
        {
            await exchange.RespondJsonAsync(StatusCodes.Status200OK, PendingAction(exchange, key, requestId, "approval_required", "Waiting for approval"));
        }
        else if (message.StartsWith(ConsentPrefix, StringComparison.Ordinal))
        {
            await exchange.RespondJsonAsync(StatusCodes.Status200OK, PendingAction(exchange, key, requestId, "consent_required", "Waiting for consent"));
        }
        else if (message.StartsWith(TextPrefix, StringComparison.Ordinal))
        {
            await exchange.RespondAsync(StatusCodes.Status200OK, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(message[TextPrefix.Length..]));
        }
        else if (TryParseStatus(message, out int status, out string error))
        {
            await exchange.RespondErrorAsync(status, error);
        }
        else
        {
            await exchange.RespondJsonAsync(StatusCodes.Status200OK, Echo(key, request, model, requestId, elapsed));
        }
    }

    private static JsonObject PendingAction(ApiExchange exchange, AgentKey key, string requestId, string kind, string response) => new()
    {
        ["status"] = kind,
        [kind] = true,
        ["action_id"] = "act-" + exchange.Sequence.ToString(CultureInfo.InvariantCulture),
        ["response"] = response,
        ["agent"] = key.ToString(),
        ["request_id"] = requestId,
    };

    private static JsonObject Echo(AgentKey key, InvokeRequest request, JsonNode? model, string requestId, Stopwatch elapsed)
    {
        string response = "Echo: " + request.Message;
        return new JsonObject
        {
            ["response"] = response,
            ["agent"] = key.ToString(),
            ["conversation_id"] = request.ConversationId,
            ["model"] = model,
            ["usage"] = new JsonObject
            {
                // A rough 4-characters-per-token estimate keeps counts plausible and deterministic.
                ["prompt_tokens"] = 12 + ((request.Message.Length + 3) / 4),
                ["completion_tokens"] = (response.Length + 3) / 4,
            },
            ["duration_ms"] = elapsed.ElapsedMilliseconds,
            ["request_id"] = requestId,
            ["received"] = request.Received,
        };
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
}
