using System;
using System.Linq;
using System.Text.Json;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Reads an agent's answer into an <see cref="AgentResponse"/>, taking the runtime's usual fields where present.</summary>
/// <remarks>Every string of the answer goes through <see cref="ServerText.Clean(string)"/>: it is the agent's text, bound for a terminal.</remarks>
internal static class AgentAnswer
{
    public static AgentResponse Read(string ns, string name, InvokeResult result)
    {
        var text = ServerText.Clean(result.Body)!;
        var response = new AgentResponse
        {
            Namespace = ns,
            Name = name,
            StatusCode = result.StatusCode,
            ContentType = ServerText.Clean(result.ContentType),
            RawBody = text,
            Body = text,
            Response = text,
        };

        if (!LooksLikeJson(result))
        {
            return response;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(result.Body);
        }
        catch (JsonException)
        {
            // An agent may answer text that only looks like JSON: keep it as text.
            return response;
        }

        using (document)
        {
            var root = document.RootElement;
            response.Body = PSJson.ToPSObject(root);
            if (root.ValueKind != JsonValueKind.Object)
            {
                response.Response = root.ValueKind == JsonValueKind.String ? ServerText.Clean(root.GetString()) : text;
                return response;
            }

            response.Response = Text(root, "response") ?? Text(root, "output") ?? Text(root, "message");
            response.Model = Text(root, "model");
            response.RequestId = Text(root, "request_id");
            response.ConversationId = Text(root, "conversation_id");
            response.ActionId = Text(root, "action_id");
            response.DurationMs = root.TryGetProperty("duration_ms", out var duration) && duration.ValueKind == JsonValueKind.Number ? duration.GetDouble() : null;
            response.Usage = root.TryGetProperty("usage", out var usage) && usage.ValueKind != JsonValueKind.Null ? PSJson.ToPSObject(usage) : null;
            var status = Text(root, "status");
            var code = Text(root, "code");
            response.ApprovalRequired = Flag(root, "approval_required") || string.Equals(status, "approval_required", StringComparison.OrdinalIgnoreCase) || code == "APPROVAL_REQUIRED";
            response.ConsentRequired = Flag(root, "consent_required") || string.Equals(status, "consent_required", StringComparison.OrdinalIgnoreCase) || code == "CONSENT_REQUIRED";
            response.ActionId ??= Nested(root, "action_id") ?? Nested(root, "resume_id");
            response.RunId = Text(root, "run_id") ?? Nested(root, "run_id");
            response.Tool = Nested(root, "tool") ?? Text(root, "tool");
            response.AuthorizationUrl = Nested(root, "authorization_url") ?? Text(root, "authorization_url");
            if (response.Response is null && (response.ApprovalRequired || response.ConsentRequired))
            {
                // A 403 pause carries its words in "error".
                response.Response = Text(root, "error");
            }
        }

        return response;
    }

    private static bool LooksLikeJson(InvokeResult result)
    {
        if (result.ContentType?.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return true;
        }

        var start = result.Body.TrimStart();
        return start.StartsWith("{", StringComparison.Ordinal) || start.StartsWith("[", StringComparison.Ordinal);
    }

    private static string? Text(JsonElement root, string property) =>
        root.TryGetProperty(property, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => ServerText.Clean(value.GetString()),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => ServerText.Clean(value.GetRawText()),
        }
        : null;

    /// <summary>A field of the pause object (<c>approval_required</c> or <c>consent_required</c>), when the answer has one.</summary>
    private static string? Nested(JsonElement root, string field)
    {
        foreach (var pause in new[] { "approval_required", "consent_required" })
        {
            if (root.TryGetProperty(pause, out var value) && value.ValueKind == JsonValueKind.Object && Text(value, field) is string text)
            {
                return text;
            }
        }

        return null;
    }

    private static bool Flag(JsonElement root, string property) =>
        root.TryGetProperty(property, out var value)
        && (value.ValueKind == JsonValueKind.True || (value.ValueKind == JsonValueKind.Object && value.EnumerateObject().Any()));
}
