using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// Hides an approval connector's header values, which are secrets (a Slack signing secret, a PagerDuty routing key)
/// and which the platform echoes in clear in every answer about a connector.
/// </summary>
/// <remarks>
/// A value is shown as the module shows its own key: <c>****</c> and its last four characters, and only when it is 12
/// characters or longer; a shorter one is <c>****</c> alone. No start of a value is ever shown.
/// </remarks>
internal static class ConnectorSecrets
{
    private static readonly Regex s_headersObject = new("\"headers\"\\s*:\\s*\\{(?<body>[^{}]*)(\\}|$)", RegexOptions.CultureInvariant);
    private static readonly Regex s_stringValue = new("(?<key>\"(?:[^\"\\\\]|\\\\.)*\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*(\"|$)", RegexOptions.CultureInvariant);

    /// <summary>What a secret value is shown as: <c>****abcd</c>, or <c>****</c> for a short one.</summary>
    public static string Mask(string value) => value.Length >= 12 ? "****" + value.Substring(value.Length - 4) : "****";

    /// <summary>True when <paramref name="given"/> is the masked form of <paramref name="value"/>, as Get- wrote it.</summary>
    public static bool IsMaskOf(string given, string value) => given.StartsWith("****", StringComparison.Ordinal) && string.Equals(given, Mask(value), StringComparison.Ordinal);

    /// <summary>Masks the values of the <c>headers</c> object of <paramref name="connector"/>, in place.</summary>
    public static void MaskHeaders(JsonObject connector)
    {
        if (connector["headers"] is JsonObject headers)
        {
            foreach (var name in headers.Select(h => h.Key).ToList())
            {
                headers[name] = headers[name] is JsonValue value && value.TryGetValue<string>(out var text) ? Mask(text) : "****";
            }
        }
    }

    /// <summary>
    /// A JSON text (an answer of the connectors' API) with every <c>headers</c> object's values masked: the whole text
    /// parsed and written again, or, when it is not JSON (cut short, say), every string value of such an object hidden.
    /// </summary>
    public static string MaskText(string text)
    {
        if (text.IndexOf("\"headers\"", StringComparison.Ordinal) < 0)
        {
            return text;
        }

        try
        {
            var node = JsonNode.Parse(text);
            MaskAll(node);
            return node?.ToJsonString() ?? text;
        }
        catch (JsonException)
        {
            return s_headersObject.Replace(text, m => m.Value.Substring(0, m.Groups["body"].Index - m.Index)
                + s_stringValue.Replace(m.Groups["body"].Value, v => v.Groups["key"].Value + "\"****\"")
                + m.Value.Substring(m.Groups["body"].Index - m.Index + m.Groups["body"].Length));
        }
    }

    private static void MaskAll(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                MaskHeaders(obj);
                foreach (var child in obj.Where(p => p.Key != "headers").Select(p => p.Value).ToList())
                {
                    MaskAll(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    MaskAll(child);
                }

                break;
        }
    }
}
