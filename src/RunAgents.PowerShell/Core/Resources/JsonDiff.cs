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
        Walk(desired, current, string.Empty, differences);
        return differences;
    }

    /// <summary>
    /// The differences of the fields of <paramref name="desired"/> but those <paramref name="leftOut"/> names, as
    /// <see cref="Compare(JsonNode?, JsonNode?)"/> finds them in copies of both without those fields (without making the copies).
    /// </summary>
    public static List<JsonDifference> Compare(JsonObject desired, JsonObject current, ICollection<string> leftOut)
    {
        var differences = new List<JsonDifference>();
        foreach (var pair in desired)
        {
            if (!leftOut.Contains(pair.Key))
            {
                current.TryGetPropertyValue(pair.Key, out var other);
                Walk(pair.Value, other, pair.Key, differences);
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
                return b is null || (b is JsonValue v && v.ToJsonString() == "null");
            case JsonObject leftObject:
                return b is JsonObject rightObject && leftObject.Count == rightObject.Count
                    && leftObject.All(p => rightObject.TryGetPropertyValue(p.Key, out var other) && Same(p.Value, other));
            case JsonArray leftArray:
                return b is JsonArray rightArray && leftArray.Count == rightArray.Count
                    && leftArray.Zip(rightArray, (x, y) => Same(x, y)).All(same => same);
            default:
                if (b is not JsonValue bv)
                {
                    return a.ToJsonString() == "null" && b is null;
                }

                var av = (JsonValue)a;
                if (av.TryGetValue<string>(out var left) && bv.TryGetValue<string>(out var right))
                {
                    // Two strings are the same JSON text when they are the same string: no text to write.
                    return string.Equals(left, right, System.StringComparison.Ordinal);
                }

                if (av.TryGetValue<double>(out var x) && bv.TryGetValue<double>(out var y))
                {
                    return x.Equals(y);
                }

                return av.ToJsonString() == bv.ToJsonString();
        }
    }

    private static void Walk(JsonNode? desired, JsonNode? current, string path, List<JsonDifference> differences)
    {
        if (desired is JsonObject wanted && current is JsonObject have)
        {
            foreach (var pair in wanted)
            {
                have.TryGetPropertyValue(pair.Key, out var other);
                Walk(pair.Value, other, path.Length == 0 ? pair.Key : path + "." + pair.Key, differences);
            }

            return;
        }

        if (!Same(desired, current))
        {
            differences.Add(new JsonDifference(path, desired is null ? null : Text(desired), current is null ? null : Text(current)));
        }
    }
}
