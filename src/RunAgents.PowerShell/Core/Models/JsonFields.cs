using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Models;

/// <summary>
/// The fields of a JSON object that the module does not model, as plain values PowerShell reads and
/// compares as they are: strings, whole numbers as <see cref="long"/>, other numbers as <see cref="double"/>,
/// booleans, null, objects as nested <see cref="JsonFields"/> and arrays as object arrays.
/// </summary>
/// <remarks>
/// Names match case-insensitively, as PowerShell's property names do. Strings and names come from the
/// service, so they are made safe to print (<see cref="ServerText"/>). The text of the whole is the
/// fields as compact JSON, which is what Export-Csv writes.
/// </remarks>
public sealed class JsonFields : ReadOnlyDictionary<string, object?>
{
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly IReadOnlyList<KeyValuePair<string, JsonElement>> _json;

    private JsonFields(IReadOnlyList<KeyValuePair<string, JsonElement>> json)
        : base(new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase))
    {
        _json = json;
        foreach (var field in json)
        {
            Dictionary[ServerText.Clean(field.Key)!] = PlainValue(field.Value);
        }
    }

    /// <summary>No fields.</summary>
    public static JsonFields Empty { get; } = new(Array.Empty<KeyValuePair<string, JsonElement>>());

    /// <summary>The fields as compact JSON, in the server's order; empty when there are none.</summary>
    /// <remarks>The writer escapes every control character, so the text is safe to print as it is.</remarks>
    public override string ToString()
    {
        if (_json.Count == 0)
        {
            return string.Empty;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            writer.WriteStartObject();
            foreach (var field in _json)
            {
                writer.WritePropertyName(field.Key);
                field.Value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The plain view of the fields a model's <c>[JsonExtensionData]</c> caught; <see cref="Empty"/> for none.</summary>
    internal static JsonFields From(IDictionary<string, JsonElement>? fields) =>
        fields is null || fields.Count == 0 ? Empty : new JsonFields(fields.ToList());

    /// <summary>A JSON string, number, boolean or null as the plain value PowerShell would have: long, double, bool, string or null.</summary>
    /// <remarks>The cast keeps whole numbers as long: without it the conditional would make every number a double.</remarks>
    internal static object? ScalarValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => ServerText.Clean(element.GetString()),
        JsonValueKind.Number => element.TryGetInt64(out var whole) ? (object)whole : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static object? PlainValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new JsonFields(element.EnumerateObject().Select(p => new KeyValuePair<string, JsonElement>(p.Name, p.Value)).ToList()),
        JsonValueKind.Array => element.EnumerateArray().Select(PlainValue).ToArray(),
        _ => ScalarValue(element),
    };
}
