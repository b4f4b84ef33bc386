using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Models;

/// <summary>
/// An object of the platform's configuration addressed by name (a tool, a model provider, a policy), as the platform
/// answered it: typed properties to read and filter on, over the document itself, kept whole.
/// </summary>
/// <remarks>
/// The document is kept as the platform sent it, unknown fields included, because the same object is written back by
/// Set-* and by configuration kept in git: a field the module does not model must survive the round trip. Every
/// string a property gives is made safe to print (<see cref="ServerText"/>); the document is not, since it is sent back.
/// </remarks>
public abstract class NamedResource : PlatformObject
{
    private JsonObject _document = new();
    private JsonFields? _additionalFields;
    private JsonFields? _spec;

    /// <summary>The object's name, unique on its platform.</summary>
    public string Name => Text("name") ?? string.Empty;

    /// <summary>The namespace the platform keeps it in, when it says.</summary>
    public string? Namespace => Text("namespace");

    /// <summary>The object's spec as plain values, as <c>AdditionalFields</c> holds fields; its text is the spec as JSON.</summary>
    public JsonFields Spec => _spec ??= JsonFields.From(Fields(Node("spec") as JsonObject));

    /// <summary>The fields of the object the module does not model, beside <c>name</c>, <c>namespace</c>, <c>spec</c> and <c>status</c>, as plain values.</summary>
    public JsonFields AdditionalFields => _additionalFields ??= JsonFields.From(Fields(_document, ModelledFields));

    /// <summary>The object as the platform sent it, whole.</summary>
    internal JsonObject Document
    {
        get => _document;
        set
        {
            _document = value;
            _spec = null;
            _additionalFields = null;
        }
    }

    /// <summary>The object's JSON text as the server sent it (the key scrubbed, control characters shown), for -Raw.</summary>
    internal string? Json { get; set; }

    /// <summary>The top-level fields a derived type models itself, left out of <see cref="AdditionalFields"/>.</summary>
    protected virtual IEnumerable<string> ModelledFields => new[] { "name", "namespace", "spec", "status" };

    /// <summary>The object's name.</summary>
    public override string ToString() => Name;

    /// <summary>The node at a path of field names (<c>spec</c>, <c>connection</c>, <c>baseUrl</c>), or null.</summary>
    protected JsonNode? Node(params string[] path)
    {
        JsonNode? node = _document;
        foreach (var field in path)
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(field, out var next) ? next : null;
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>A text value at a path, safe to print; a number or boolean as its JSON text; null when absent.</summary>
    protected string? Text(params string[] path) => Node(path) switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => ServerText.Clean(text),
        JsonValue value => value.ToJsonString(),
        _ => null,
    };

    /// <summary>The first of several paths that has text: a field the platform's shapes put in different places.</summary>
    protected string? FirstText(params string[][] paths) => paths.Select(p => Text(p)).FirstOrDefault(t => t is not null);

    /// <summary>A whole number at a path, or null.</summary>
    protected long? Number(params string[] path)
    {
        if (Node(path) is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue<long>(out var number))
        {
            return number;
        }

        return value.TryGetValue<double>(out var real) && real == Math.Floor(real) && Math.Abs(real) < long.MaxValue ? (long)real : null;
    }

    /// <summary>A true/false value at a path, or null.</summary>
    protected bool? Flag(params string[] path) => Node(path) is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    /// <summary>The texts of an array at a path (of strings, or of objects' <paramref name="field"/>), each safe to print.</summary>
    protected JoinedList<string> Texts(string[] path, string? field = null, string separator = ", ")
    {
        var items = new List<string>();
        if (Node(path) is JsonArray array)
        {
            foreach (var item in array)
            {
                var text = item switch
                {
                    JsonValue value when value.TryGetValue<string>(out var s) => s,
                    JsonObject obj when field is not null && obj[field] is JsonValue named && named.TryGetValue<string>(out var s) => s,
                    _ => null,
                };
                if (text is not null)
                {
                    items.Add(ServerText.Clean(text)!);
                }
            }
        }

        return new JoinedList<string>(items, separator);
    }

    /// <summary>A time at a path, or null when absent or unreadable.</summary>
    protected DateTimeOffset? Time(params string[] path) =>
        Text(path) is { } text && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : null;

    private static Dictionary<string, JsonElement>? Fields(JsonObject? obj, IEnumerable<string>? except = null)
    {
        if (obj is null)
        {
            return null;
        }

        var skip = new HashSet<string>(except ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);
        var fields = new Dictionary<string, JsonElement>();
        foreach (var pair in obj)
        {
            if (!skip.Contains(pair.Key))
            {
                fields[pair.Key] = JsonDocument.Parse(pair.Value?.ToJsonString() ?? "null").RootElement.Clone();
            }
        }

        return fields;
    }
}
