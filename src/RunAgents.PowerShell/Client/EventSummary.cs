using System.Text.Json;

namespace RunAgents.PowerShell.Client;

/// <summary>A one-line summary of a run event, from the fields of its data the platform fills.</summary>
internal static class EventSummary
{
    private static readonly string[] s_general = { "message", "detail", "summary", "content" };
    private static readonly string[] s_specific = { "tool_id", "capability", "status_code", "approver_id", "error" };

    /// <summary>The first of message, detail, summary, content, then tool, capability, status code, approver, error.</summary>
    public static string? Of(string? type, JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in s_general)
        {
            if (Text(data, name) is { Length: > 0 } text)
            {
                return OneLine(text);
            }
        }

        foreach (var name in s_specific)
        {
            if (Text(data, name) is { Length: > 0 } text)
            {
                return OneLine(name.Replace('_', ' ') + " " + text);
            }
        }

        return null;
    }

    private static string? Text(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        }
        : null;

    private static string OneLine(string text)
    {
        var line = ServerText.Clean(text.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ').Trim())!;
        return line.Length <= 200 ? line : line.Substring(0, 199) + "…";
    }
}
