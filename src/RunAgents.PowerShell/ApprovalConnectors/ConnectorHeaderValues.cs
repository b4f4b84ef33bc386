using System;
using System.Linq;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Configuration;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// The header values a document of an approval connector gives, read against the values the connector holds: the
/// placeholder a configuration folder writes (<see cref="ConfigurationFile.SecretPlaceholder"/>) and the mask Get- shows
/// (<c>****abcd</c>) each stand for the connector's own value of that header, which is kept.
/// </summary>
/// <remarks>
/// Header names are compared as HTTP compares them, without regard to case. No message here holds a header's value.
/// A place the connector cmdlets can share too (Set-RAApprovalConnector resolves masks the same way).
/// </remarks>
internal static class ConnectorHeaderValues
{
    /// <summary>True when <paramref name="value"/> stands for a stored value rather than being one: the placeholder or a mask.</summary>
    public static bool StandsIn(string value) =>
        value == ConfigurationFile.SecretPlaceholder || value.StartsWith("****", StringComparison.Ordinal);

    /// <summary>The value <paramref name="headers"/> holds for the header <paramref name="name"/>, its name in any case; null when none.</summary>
    public static string? Stored(JsonObject? headers, string name)
    {
        if (headers is null)
        {
            return null;
        }

        foreach (var pair in headers)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return pair.Value is JsonValue text && text.TryGetValue<string>(out var value) ? value : null;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="given"/> names the value <paramref name="stored"/>: the same text, the placeholder, or its mask.</summary>
    public static bool Names(string given, string? stored) =>
        stored is not null && (given == stored || given == ConfigurationFile.SecretPlaceholder || ConnectorSecrets.IsMaskOf(given, stored));

    /// <summary>
    /// The headers to send: <paramref name="given"/> with each placeholder or mask replaced by the value of
    /// <paramref name="stored"/> it stands for.
    /// </summary>
    /// <param name="given">The headers of the document.</param>
    /// <param name="stored">The connector's headers, in clear; null for a connector not created yet.</param>
    /// <param name="connector">The connector in messages: <c>approval connector 'x'</c>.</param>
    /// <exception cref="ArgumentException">A placeholder or mask stands for no value the connector has.</exception>
    public static JsonObject Resolve(JsonObject given, JsonObject? stored, string connector)
    {
        var sent = new JsonObject();
        foreach (var pair in given)
        {
            var text = pair.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (text is null || !StandsIn(text))
            {
                sent[pair.Key] = pair.Value?.DeepClone();
                continue;
            }

            var kept = Stored(stored, pair.Key);
            if (kept is null || !Names(text, kept))
            {
                var why = stored is null
                    ? $"the {connector} does not exist yet, so there is no value to keep"
                    : $"the {connector} has no value {(text == ConfigurationFile.SecretPlaceholder ? "of that header" : "that it masks")} to keep";
                throw new ArgumentException($"The header '{ServerText.Clean(pair.Key)}' holds '{ServerText.Clean(text)}' in place of its value, and {why}: write the value itself (Export-RAConfiguration -IncludeSecret writes them), or set it with Set-RAApprovalConnector -Header.");
            }

            sent[pair.Key] = kept;
        }

        return sent;
    }

    /// <summary>True when two sets of headers are the same: the same names (in any case) with the same values.</summary>
    public static bool Same(JsonObject? left, JsonObject? right)
    {
        var a = left ?? new JsonObject();
        var b = right ?? new JsonObject();
        return a.Count == b.Count && a.All(pair => pair.Value is JsonValue v && v.TryGetValue<string>(out var value) && Stored(b, pair.Key) == value);
    }
}
