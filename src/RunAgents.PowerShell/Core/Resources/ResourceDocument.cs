using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// Reads a document of a resource in every shape it comes in, into the API's body, <c>{"name", "spec", ...}</c>: the
/// body itself, a bare spec with the name given apart, a Kubernetes-style manifest (<c>apiVersion, kind,
/// metadata.name, spec</c>), or the flat shape some clients and servers use, whose spec fields sit at the top.
/// </summary>
/// <remarks>
/// Unknown fields pass through untouched (a client that drops what it does not know loses configuration kept in
/// git); a field that is a known one misspelled is refused, naming the one meant, since sending it would silently
/// leave the known field unset.
/// </remarks>
internal static class ResourceDocument
{
    private static readonly string[] s_envelope = { "apiVersion", "kind", "metadata" };

    /// <summary>The API body a document stands for.</summary>
    /// <param name="document">The document as given; not changed unless <paramref name="owned"/>.</param>
    /// <param name="name">A name given apart from the document (-Name), which wins over the document's own; null when none was.</param>
    /// <param name="kind">The resource the document describes.</param>
    /// <param name="owned">True when the caller gives the document away (a file just read): it becomes the body, changed in place, instead of being copied.</param>
    /// <exception cref="ArgumentException">The document names no object, names two, or has a misspelled known field.</exception>
    public static JsonObject ToBody(JsonObject document, string? name, ResourceKind kind, bool owned = false)
    {
        var body = owned ? document : (JsonObject)document.DeepClone();
        if (IsManifest(body))
        {
            body = FromManifest(body, kind);
        }
        else if (!body.ContainsKey("spec") && !body.ContainsKey("name") && body.Any(p => IsSpecField(p.Key, kind)))
        {
            // A bare spec: every field of it is the spec.
            body = new JsonObject { ["spec"] = body };
        }
        else if (!body.ContainsKey("spec"))
        {
            // The flat shape: the spec's fields beside the name.
            body = Unflatten(body, kind);
        }

        if (name is not null)
        {
            if (body["name"] is JsonValue given && given.TryGetValue<string>(out var own) && !string.Equals(own, name, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The document names the {kind.Noun} '{ServerText.Clean(own)}', and -Name '{ServerText.Clean(name)}': give one name, or leave it out of one of them.");
            }

            body["name"] = name;
        }

        if (body["name"] is not JsonValue named || !named.TryGetValue<string>(out var text) || string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException($"The document names no {kind.Noun}: give -Name, or a name in the document (name, or metadata.name).");
        }

        if (AgentPath.Problem(text) is string problem)
        {
            throw new ArgumentException($"'{ServerText.Clean(text)}' cannot be the name of a {kind.Noun}: {problem}.");
        }

        if (body["spec"] is not JsonObject spec)
        {
            throw new ArgumentException($"The document of {kind.Noun} '{ServerText.Clean(text)}' has no spec: give the {kind.Noun}'s settings under spec, or as its own fields.");
        }

        kind.ToContract?.Invoke(spec);
        CheckSpelling(body, kind.DocumentFields, "The document of", kind, text);
        CheckSpelling(spec, kind.SpecFields, "The spec of", kind, text);
        return body;
    }

    /// <summary>A server's object in the API's shape (a flat one moved under spec), for reading and comparing.</summary>
    /// <param name="item">The server's object.</param>
    /// <param name="kind">The resource.</param>
    /// <param name="owned">True when the caller gives the object away (taken out of its list): one already in the API's shape is the document itself, changed in place, instead of a copy.</param>
    public static JsonObject FromServer(JsonObject item, ResourceKind kind, bool owned = false)
    {
        var body = IsManifest(item) ? FromManifest(item, kind) : item.ContainsKey("spec") ? (owned ? item : (JsonObject)item.DeepClone()) : Unflatten(item, kind);
        if (body["spec"] is JsonObject spec)
        {
            kind.ToContract?.Invoke(spec);
        }

        return body;
    }

    /// <summary>The part of a body that is the object's desired state: without what the platform writes, and without secrets, which it never gives back.</summary>
    public static JsonObject Comparable(JsonObject body, ResourceKind kind)
    {
        var copy = (JsonObject)body.DeepClone();
        foreach (var field in kind.ServerFields.Concat(kind.SecretFields))
        {
            copy.Remove(field);
        }

        return copy;
    }

    /// <summary>Parses JSON text into an object, refusing a field given twice (the platform would read one, PowerShell the other).</summary>
    /// <param name="text">The text.</param>
    /// <param name="what">What the text is, for messages: <c>the document in tool.json</c>.</param>
    /// <exception cref="ArgumentException">The text is not a JSON object, or has a field twice.</exception>
    public static JsonObject Parse(string text, string what) =>
        Parse(() => JsonDocument.Parse(text, s_lenient), what);

    /// <summary>Parses UTF-8 JSON (a file's bytes, a BOM left out) into an object, as <see cref="Parse(string, string)"/> does text.</summary>
    /// <exception cref="ArgumentException">The bytes are not a JSON object, or have a field twice.</exception>
    public static JsonObject Parse(ReadOnlyMemory<byte> utf8, string what) =>
        Parse(() => JsonDocument.Parse(utf8, s_lenient), what);

    private static readonly JsonDocumentOptions s_lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static JsonObject Parse(Func<JsonDocument> parse, string what)
    {
        JsonDocument document;
        try
        {
            document = parse();
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{Capitalized(what)} is not JSON: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"{Capitalized(what)} must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
            }

            if (JsonDuplicates.Find(document.RootElement) is var (parent, field))
            {
                var path = parent is null ? field : $"{parent}.{field}";
                throw new ArgumentException($"{Capitalized(what)} has the field '{ServerText.Clean(path)}' twice; the platform would read one and PowerShell the other. Give each field once.");
            }

            // A copy of the element that outlives the parsed document, read as an object without parsing again.
            return JsonObject.Create(document.RootElement.Clone())!;
        }
    }

    private static bool IsManifest(JsonObject body) => body.ContainsKey("metadata") && body.ContainsKey("spec") && (body.ContainsKey("apiVersion") || body.ContainsKey("kind"));

    private static JsonObject FromManifest(JsonObject manifest, ResourceKind kind)
    {
        var body = new JsonObject();
        if (manifest["metadata"] is JsonObject metadata)
        {
            if (metadata["name"] is { } name)
            {
                body["name"] = name.DeepClone();
            }

            if (metadata["namespace"] is { } ns)
            {
                body["namespace"] = ns.DeepClone();
            }
        }

        foreach (var pair in manifest)
        {
            if (Array.IndexOf(s_envelope, pair.Key) < 0)
            {
                body[pair.Key] = pair.Value?.DeepClone();
            }
        }

        return body;
    }

    private static JsonObject Unflatten(JsonObject flat, ResourceKind kind)
    {
        var body = new JsonObject();
        var spec = new JsonObject();
        foreach (var pair in flat)
        {
            if (IsSpecField(pair.Key, kind) && !kind.TopFields.Contains(pair.Key) && !kind.ServerFields.Contains(pair.Key) && pair.Key != "name")
            {
                spec[pair.Key] = pair.Value?.DeepClone();
            }
            else
            {
                body[pair.Key] = pair.Value?.DeepClone();
            }
        }

        body["spec"] = spec;
        return body;
    }

    private static bool IsSpecField(string field, ResourceKind kind) => kind.SpecFields.Contains(field, StringComparer.Ordinal);

    /// <summary>Refuses a field that is not a known one but spells one differently (<c>baseURL</c>, <c>descripton</c>).</summary>
    /// <param name="obj">The document, or its spec.</param>
    /// <param name="known">The fields known there.</param>
    /// <param name="where">What <paramref name="obj"/> is of the object, for the message: <c>The spec of</c>.</param>
    /// <param name="kind">The resource.</param>
    /// <param name="name">The object's name.</param>
    /// <remarks>A document of a folder is checked once per file: nothing is made for one whose fields are all known.</remarks>
    private static void CheckSpelling(JsonObject obj, IReadOnlyList<string> known, string where, ResourceKind kind, string name)
    {
        foreach (var pair in obj)
        {
            if (!Known(pair.Key, known) && NearestName.Of(pair.Key, known) is string meant)
            {
                throw new ArgumentException($"{where} {kind.Noun} '{name}' has the field '{ServerText.Clean(pair.Key)}', which the platform does not know. Did you mean '{meant}'?");
            }
        }
    }

    private static bool Known(string field, IReadOnlyList<string> known)
    {
        for (var i = 0; i < known.Count; i++)
        {
            if (string.Equals(field, known[i], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
}
