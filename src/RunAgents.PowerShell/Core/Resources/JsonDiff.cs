using System.Collections.Generic;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunAgents.PowerShell.Client;

/// <summary>One place where a desired document and the platform's object differ.</summary>
public sealed class JsonDifference
{
    internal JsonDifference(string path, string? desired, string? current)
    {
        Path = path;
        Desired = desired;
        Current = current;
    }

    /// <summary>Where, as a JSON path below the object: <c>spec.connection.baseUrl</c>, <c>spec.capabilities[0]</c>.</summary>
    public string Path { get; }

    /// <summary>The value the document gives, as JSON text; null when it gives none.</summary>
    public string? Desired { get; }

    /// <summary>The value the platform has, as JSON text; null when it has none.</summary>
    public string? Current { get; }

    /// <summary>The path and both values.</summary>
    public override string ToString() => $"{Path}: {Current ?? "(none)"} -> {Desired ?? "(none)"}";
}

/// <summary>Compares the fields a desired document gives with the platform's object, and says where they differ.</summary>
/// <remarks>
/// Only what the document gives is compared: a field the platform fills by itself (a default port, a status) is no
/// difference, so that applying a document the platform already matches sends nothing. An array is compared whole,
/// in order; numbers by value (443 and 443.0 are the same).
/// </remarks>
internal static class JsonDiff
{
    private static readonly JsonSerializerOptions s_text = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A value as compact JSON text that is safe to print (control characters escaped, other text as it is).</summary>
    public static string Text(JsonNode? node) => node?.ToJsonString(s_text) ?? "null";

    /// <summary>The differences, in document order; empty when the platform already has what the document says.</summary>
    public static List<JsonDifference> Compare(JsonNode? desired, JsonNode? current)
    {
        var differences = new List<JsonDifference>();
        Walk(desired, current, new List<string>(), differences);
        return differences;
    }

    /// <summary>
    /// The differences of the fields of <paramref name="desired"/> but those <paramref name="leftOut"/> names, as
    /// <see cref="Compare(JsonNode?, JsonNode?)"/> finds them in copies of both without those fields (without making the copies).
    /// </summary>
    public static List<JsonDifference> Compare(JsonObject desired, JsonObject current, ICollection<string> leftOut)
    {
        var differences = new List<JsonDifference>();
        var path = new List<string>();
        foreach (var pair in desired)
        {
            if (!leftOut.Contains(pair.Key))
            {
                current.TryGetPropertyValue(pair.Key, out var other);
                path.Add(pair.Key);
                Walk(pair.Value, other, path, differences);
                path.RemoveAt(path.Count - 1);
            }
        }

        return differences;
    }

    /// <summary>True when two JSON values are the same value: objects with the same fields (in any order), equal arrays, equal scalars.</summary>
    public static bool Same(JsonNode? a, JsonNode? b)
    {
        switch (a)
        {
            case null:
                return b is null || (b is JsonValue v && v.GetValueKind() == JsonValueKind.Null);
            case JsonObject leftObject:
                if (b is not JsonObject rightObject || leftObject.Count != rightObject.Count)
                {
                    return false;
                }

                foreach (var pair in leftObject)
                {
                    if (!rightObject.TryGetPropertyValue(pair.Key, out var other) || !Same(pair.Value, other))
                    {
                        return false;
                    }
                }

                return true;
            case JsonArray leftArray:
                if (b is not JsonArray rightArray || leftArray.Count != rightArray.Count)
                {
                    return false;
                }

                for (var i = 0; i < leftArray.Count; i++)
                {
                    if (!Same(leftArray[i], rightArray[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                var av = (JsonValue)a;
                if (b is not JsonValue bv)
                {
                    return b is null && av.GetValueKind() == JsonValueKind.Null;
                }

                var kind = av.GetValueKind();
                if (kind != bv.GetValueKind())
                {
                    return false;
                }

                switch (kind)
                {
                    case JsonValueKind.String:
                        // Two strings are the same JSON text when they are the same string: no text to write. Two read
                        // from JSON are compared as read (one made a string, not both).
                        if (av.TryGetValue<JsonElement>(out var left) && bv.TryGetValue<JsonElement>(out var right))
                        {
                            return left.ValueEquals(right.GetString());
                        }

                        return av.TryGetValue<string>(out var x) && bv.TryGetValue<string>(out var y)
                            ? string.Equals(x, y, System.StringComparison.Ordinal)
                            : av.ToJsonString() == bv.ToJsonString();
                    case JsonValueKind.Number:
                        // By value: 443 and 443.0 are the same; a number too large for a double by its text.
                        return av.TryGetValue<double>(out var m) && bv.TryGetValue<double>(out var n) ? m.Equals(n) : av.ToJsonString() == bv.ToJsonString();
                    case JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null:
                        return true;
                    default:
                        return av.ToJsonString() == bv.ToJsonString();
                }
        }
    }

    /// <summary>Compares one field; <paramref name="path"/> holds its steps (a name, or <c>[i]</c>), made text only for a difference.</summary>
    private static void Walk(JsonNode? desired, JsonNode? current, List<string> path, List<JsonDifference> differences)
    {
        if (desired is JsonObject wanted && current is JsonObject have)
        {
            foreach (var pair in wanted)
            {
                have.TryGetPropertyValue(pair.Key, out var other);
                path.Add(pair.Key);
                Walk(pair.Value, other, path, differences);
                path.RemoveAt(path.Count - 1);
            }

            return;
        }

        if (!Same(desired, current))
        {
            differences.Add(new JsonDifference(string.Join(".", path), desired is null ? null : Text(desired), current is null ? null : Text(current)));
        }
    }
}
