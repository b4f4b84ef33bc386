using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Builds the Deploy API's body (<c>agent_name</c>, <c>image</c>, <c>llm_configs</c>...) from parameters or a document in that shape.</summary>
internal static class DeployBody
{
    /// <summary>The fields of a document piped in, in order, to which parameters are then added.</summary>
    /// <exception cref="ArgumentException">The input is neither a JSON object, a hashtable nor an object with properties.</exception>
    public static Dictionary<string, object?> From(object? input)
    {
        var value = input is PSObject { BaseObject: not PSCustomObject } wrapped ? wrapped.BaseObject : input;
        var body = new Dictionary<string, object?>(StringComparer.Ordinal);
        switch (value)
        {
            case string text:
                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(text);
                }
                catch (JsonException e)
                {
                    throw new ArgumentException($"The deploy document is a string but not JSON: {e.Message}", e);
                }

                using (document)
                {
                    if (PSJson.ToPSObject(document.RootElement) is not PSObject parsed)
                    {
                        throw new ArgumentException("The deploy document must be a JSON object such as {\"agent_name\": \"...\", \"image\": \"...\"}.");
                    }

                    return From(parsed);
                }

            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    body[entry.Key?.ToString() ?? string.Empty] = entry.Value;
                }

                return body;
            case PSObject custom:
                foreach (var property in custom.Properties)
                {
                    body[property.Name] = property.Value;
                }

                return body;
            default:
                throw new ArgumentException("Pipe a deploy document in the API's shape: the output of ConvertFrom-Json, a hashtable, or JSON text.");
        }
    }

    /// <summary><c>'provider/model'</c>, or a hashtable with provider, model and role, as an <c>llm_configs</c> entry.</summary>
    public static Dictionary<string, object?> Model(object? item)
    {
        var value = item is PSObject { BaseObject: not PSCustomObject } wrapped ? wrapped.BaseObject : item;
        if (value is string text)
        {
            var slash = text.IndexOf('/');
            if (slash <= 0 || slash == text.Length - 1)
            {
                throw new ArgumentException($"-Model '{text}' must be 'provider/model', such as 'openai/gpt-4o-mini'.");
            }

            return new Dictionary<string, object?> { ["provider"] = text.Substring(0, slash), ["model"] = text.Substring(slash + 1) };
        }

        var fields = Fields(value, "-Model", "provider", "model", "role");
        if (!fields.ContainsKey("provider") || !fields.ContainsKey("model"))
        {
            throw new ArgumentException("A -Model hashtable needs provider and model (and may have role: chat, embedding, classify or reranking).");
        }

        return fields;
    }

    /// <summary>A <c>tools_to_create</c> entry from a hashtable: name and base_url, and optionally description, auth_type, port, scheme.</summary>
    public static Dictionary<string, object?> NewTool(object? item)
    {
        var fields = Fields(item is PSObject { BaseObject: not PSCustomObject } wrapped ? wrapped.BaseObject : item, "-NewTool", "name", "base_url", "description", "auth_type", "port", "scheme");
        if (!fields.ContainsKey("name") || !fields.ContainsKey("base_url"))
        {
            throw new ArgumentException("Each -NewTool needs name and base_url, such as @{ name = 'crm'; base_url = 'https://crm.example.com' }.");
        }

        return fields;
    }

    /// <summary>An <c>env</c> list of name/value pairs from a hashtable, in name order.</summary>
    public static List<Dictionary<string, object?>> Env(IDictionary env) =>
        env.Keys.Cast<object>()
            .Select(k => k.ToString() ?? string.Empty)
            .OrderBy(k => k, StringComparer.Ordinal)
            .Select(k => new Dictionary<string, object?> { ["name"] = k, ["value"] = env[k]?.ToString() })
            .ToList();

    /// <summary>
    /// The known keys of a hashtable or object in the API's spelling; <c>BaseUrl</c>, <c>base-url</c> and
    /// <c>base_url</c> all name the same field. Unknown keys are an error, so a typo never goes unsent silently.
    /// </summary>
    private static Dictionary<string, object?> Fields(object? value, string parameter, params string[] known)
    {
        IEnumerable<KeyValuePair<string, object?>> pairs = value switch
        {
            IDictionary dictionary => dictionary.Keys.Cast<object>().Select(k => new KeyValuePair<string, object?>(k.ToString() ?? string.Empty, dictionary[k])),
            PSObject custom => custom.Properties.Select(p => new KeyValuePair<string, object?>(p.Name, p.Value)),
            _ => throw new ArgumentException($"{parameter} takes a hashtable; got {value?.GetType().Name ?? "null"}."),
        };
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var key = known.FirstOrDefault(k => string.Equals(Squash(k), Squash(pair.Key), StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"{parameter} has no field '{pair.Key}'; it takes {string.Join(", ", known)}.");
            result[key] = pair.Value;
        }

        // In the API's order, whatever order a hashtable keeps, so that the same input sends the same body.
        return known.Where(result.ContainsKey).ToDictionary(k => k, k => result[k], StringComparer.Ordinal);
    }

    private static string Squash(string key) => key.Replace("_", string.Empty).Replace("-", string.Empty);
}
