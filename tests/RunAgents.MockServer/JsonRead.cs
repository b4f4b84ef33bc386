using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>Tolerant reads from JSON documents of any shape.</summary>
internal static class JsonRead
{
    /// <summary>The property when it is a string, else null.</summary>
    public static string? String(JsonObject? obj, string property) =>
        obj?[property] is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    /// <summary>The strings of an array (items that are not strings are skipped); empty when it is not an array.</summary>
    public static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray array
            ? array.OfType<JsonValue>().Select(v => v.TryGetValue(out string? text) ? text : null).OfType<string>().ToArray()
            : [];

    /// <summary>Parses a request body that must be a JSON object; an empty body is an empty object. Null when it is anything else.</summary>
    public static JsonObject? OptionalObject(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Parses one object or an array of them (each detached); throws ArgumentException on anything else.</summary>
    public static IReadOnlyList<JsonObject> Objects(string json, string what)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"invalid JSON: {ex.Message}", ex);
        }

        return root switch
        {
            JsonObject single => [single],
            // Detach from the array so each item can live on its own.
            JsonArray array => array
                .Select(n => (n as JsonObject ?? throw new ArgumentException($"every {what} must be a JSON object")).DeepClone().AsObject())
                .ToArray(),
            _ => throw new ArgumentException($"expected one {what} (a JSON object) or an array of them"),
        };
    }
}
