using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// Writes a JSON value with every object's keys in ordinal order (arrays keep theirs): the one order in which two equal
/// documents give the same text, for an action plan's hash and a configuration file's bytes.
/// </summary>
internal static class SortedJson
{
    // As deep as a writer writes by default.
    private const int MaxDepth = 1000;

    // The value as it is, before it is written sorted, and its writer, one per thread: folders are compared on several
    // threads at once. Strings are read back unescaped and written by the caller's writer, so its encoder is the one that
    // counts; this one only escapes least.
    [ThreadStatic]
    private static MemoryStream? t_plain;

    [ThreadStatic]
    private static Utf8JsonWriter? t_plainWriter;

    // The fields of the objects being written, innermost last, one list per thread.
    [ThreadStatic]
    private static List<KeyValuePair<string, JsonElement>>? t_pairs;

    private static readonly JsonWriterOptions s_plain = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = MaxDepth };

    private static readonly JsonDocumentOptions s_read = new() { MaxDepth = MaxDepth };

    /// <summary>Writes <paramref name="node"/> to <paramref name="writer"/>, keys sorted by ordinal at every level.</summary>
    /// <remarks>
    /// The value is first written as it is, then read back and written sorted. That is the cheaper way: a part of a
    /// document read from the platform that nothing has looked into is written as the platform's text, where sorting it
    /// as nodes would first make a node of every field in it (for hundreds of documents, most of the time a compare
    /// took). The bytes are those sorting the nodes would write: names and strings are written by
    /// <paramref name="writer"/> either way, numbers as their text.
    /// </remarks>
    public static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        if (node is null)
        {
            writer.WriteNullValue();
            return;
        }

        var plain = t_plain ??= new MemoryStream();
        plain.SetLength(0);
        var plainWriter = t_plainWriter ??= new Utf8JsonWriter(plain, s_plain);
        plainWriter.Reset(plain);
        node.WriteTo(plainWriter);
        plainWriter.Flush();

        using var read = JsonDocument.Parse(new ReadOnlyMemory<byte>(plain.GetBuffer(), 0, (int)plain.Length), s_read);
        Write(writer, read.RootElement);
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                // The object's fields go on the thread's list, after those of the objects it is in, and leave it once written.
                var pairs = t_pairs ??= new List<KeyValuePair<string, JsonElement>>();
                var start = pairs.Count;
                var sorted = true;
                string? last = null;
                foreach (var property in element.EnumerateObject())
                {
                    var name = property.Name;
                    sorted &= last is null || string.CompareOrdinal(last, name) <= 0;
                    last = name;
                    pairs.Add(new KeyValuePair<string, JsonElement>(name, property.Value));
                }

                var count = pairs.Count - start;
                if (!sorted)
                {
                    pairs.Sort(start, count, ByName.Instance);
                }

                writer.WriteStartObject();
                for (var i = start; i < start + count; i++)
                {
                    writer.WritePropertyName(pairs[i].Key);
                    Write(writer, pairs[i].Value);
                }

                writer.WriteEndObject();
                pairs.RemoveRange(start, count);
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    /// <summary>Fields by their names' ordinal order.</summary>
    private sealed class ByName : IComparer<KeyValuePair<string, JsonElement>>
    {
        public static readonly ByName Instance = new();

        public int Compare(KeyValuePair<string, JsonElement> x, KeyValuePair<string, JsonElement> y) => string.CompareOrdinal(x.Key, y.Key);
    }
}
