using System;
using System.Linq;
using System.Text.Json;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Client;

/// <summary>A run event in one sentence, such as "Approval required for stripe-api", from its type, its actor and the fields of its data the platform fills.</summary>
internal static class EventSummary
{
    // Who acts for the platform itself rather than a person: an actor of these names approves nothing by name.
    private static readonly string[] s_systemActors = { "platform", "agent", "user", "system", "governance" };

    /// <summary>
    /// The sentence for a documented type: a message's text, or what happened with the tool, approver, scope, reason,
    /// status code or error the data names; for another type, the text of its message, detail, summary, content or
    /// error; null when there is nothing to say.
    /// </summary>
    public static string? Of(string? type, string? actor, JsonElement data)
    {
        var fields = data.ValueKind == JsonValueKind.Object ? data : default;
        var sentence = (type ?? string.Empty).ToUpperInvariant() switch
        {
            RunEventType.RunCreated => Agent(fields) is { } agent ? $"Run started for {agent}" : "Run started",
            RunEventType.UserMessage or RunEventType.AgentMessage => Text(fields, "content", "message", "text"),
            RunEventType.InvokeRequested => "Agent invoked",
            RunEventType.InvokeCompleted => Code(fields) is { } code ? $"Agent answered with HTTP {code}" : "Agent answered",
            RunEventType.InvokeFailed => "Invoke failed" + (Code(fields) is { } code ? $" with HTTP {code}" : string.Empty) + Colon(Error(fields)),
            RunEventType.LlmCall => Text(fields, "model") is { } model ? $"Agent called the model {model}" : "Agent called its model",
            RunEventType.ToolRequest => $"Agent asked to call {Tool(fields) ?? "a tool"}" + Parenthesized(Call(fields)),
            RunEventType.ToolCalled or RunEventType.ToolCall => $"Agent called {Tool(fields) ?? "a tool"}" + Colon(Code(fields) is { } code ? $"HTTP {code}" : Error(fields)),
            RunEventType.ToolResponse => $"{Tool(fields) ?? "The tool"} answered" + (Code(fields) is { } code ? $" with HTTP {code}" : string.Empty) + Colon(Error(fields)),
            RunEventType.ApprovalRequired => Tool(fields) is { } tool ? $"Approval required for {tool}" : "Approval required",
            RunEventType.ConsentRequired => Tool(fields) is { } tool ? $"Consent required for {tool}" : "Consent required",
            RunEventType.Approved or RunEventType.ApprovalGranted => "Approved" + By(fields, actor) + Scope(fields) + Colon(Text(fields, "reason")),
            RunEventType.Rejected or RunEventType.ApprovalRejected => "Denied" + By(fields, actor) + Colon(Text(fields, "reason")),
            RunEventType.Resumed => "Run resumed",
            RunEventType.Error => "Error" + Colon(Error(fields)),
            RunEventType.Completed => "Run completed",
            RunEventType.Failed => "Run failed" + Colon(Error(fields)),
            _ => Text(fields, "message", "detail", "summary", "content", "error"),
        };

        return sentence is null ? null : OneLine(sentence);
    }

    /// <summary>Who decided, <c> by bob@example.com</c>: the data's approver, else an actor that is a person; empty when neither says.</summary>
    private static string By(JsonElement fields, string? actor)
    {
        var approver = Text(fields, "approver_id", "approver")
            ?? (string.IsNullOrWhiteSpace(actor) || s_systemActors.Contains(actor, StringComparer.OrdinalIgnoreCase) ? null : actor);
        return approver is null ? string.Empty : " by " + approver;
    }

    /// <summary>What an approval covers, as the scopes of Approve-RAAccessRequest read: <c> for this run</c>.</summary>
    private static string Scope(JsonElement fields) => Text(fields, "scope")?.ToLowerInvariant() switch
    {
        null => string.Empty,
        "once" => " for this call",
        "run" => " for this run",
        "agent_user_ttl" or "window" or "ttl" => Text(fields, "duration") is { } duration ? $" for {duration}" : " for a time window",
        var other => $" (scope {other})",
    };

    private static string? Agent(JsonElement fields) =>
        Text(fields, "agent_id", "agent") is { } agent ? AgentPath.Identity(Text(fields, "namespace"), agent) : null;

    private static string? Tool(JsonElement fields) => Text(fields, "tool_id", "tool", "tool_name");

    private static string? Code(JsonElement fields) => Text(fields, "status_code");

    private static string? Error(JsonElement fields) => Text(fields, "error", "message", "detail", "reason");

    /// <summary>What a tool call does: its capability, else its method and URL.</summary>
    private static string? Call(JsonElement fields) =>
        Text(fields, "capability") ?? (string.Join(" ", new[] { Text(fields, "tool_method", "method"), Text(fields, "tool_url", "url") }.Where(p => p is not null)) is { Length: > 0 } call ? call : null);

    private static string Colon(string? text) => text is null ? string.Empty : ": " + text;

    private static string Parenthesized(string? text) => text is null ? string.Empty : $" ({text})";

    /// <summary>The first of the fields that holds text (or a number or a boolean, as written); null when none does.</summary>
    private static string? Text(JsonElement fields, params string[] names)
    {
        if (fields.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in names)
        {
            if (fields.TryGetProperty(name, out var value))
            {
                var text = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                    _ => null,
                };
                if (!string.IsNullOrWhiteSpace(text))
                {
                    return text;
                }
            }
        }

        return null;
    }

    private static string OneLine(string text)
    {
        var line = ServerText.Clean(text.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ').Trim())!;
        return line.Length <= 200 ? line : line.Substring(0, 199) + "…";
    }
}
