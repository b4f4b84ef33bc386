using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;
using System.Text.Json;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Builds the Deploy API's body (<c>agent_name</c>, <c>image</c>, <c>llm_configs</c>...) from parameters or a document in that shape.</summary>
internal static class DeployBody
{
    /// <summary>The fields of a document piped in, in order, to which parameters are then added; an agent's, when it is an agent (<see cref="DeployFromAgent"/>).</summary>
    /// <param name="input">The document: JSON text, a hashtable, or an object with properties.</param>
    /// <param name="notCarried">Receives the spec fields of an agent that the Deploy API has no field for.</param>
    /// <exception cref="ArgumentException">The input is neither a JSON object, a hashtable nor an object with properties.</exception>
    public static Dictionary<string, object?> From(object? input, ICollection<string> notCarried)
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
                    if (document.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        throw new ArgumentException("The deploy document must be a JSON object such as {\"agent_name\": \"...\", \"image\": \"...\"}.");
                    }

                    if (JsonDuplicates.Find(document.RootElement) is var (parent, field))
                    {
                        throw new ArgumentException($"{parent ?? "The deploy document"} has the field '{DeployCheck.Shown(field)}' twice; the platform would read one and PowerShell the other. Give each field once.");
                    }

                    return From(PSJson.FromUserJson(document.RootElement), notCarried);
                }

            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    body[entry.Key?.ToString() ?? string.Empty] = entry.Value;
                }

                return body;
            case PSObject custom when DeployFromAgent.IsAgent(custom):
                return DeployFromAgent.Body(custom, notCarried);
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

    /// <summary>True when <paramref name="text"/>, one line, opens a JSON object or array and ends before closing it, with nothing wrong on the way: the first line of a document sent line by line.</summary>
    public static bool StartsDocument(string text)
    {
        if (text.IndexOfAny(new[] { '\r', '\n' }) >= 0)
        {
            return false;
        }

        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), isFinalBlock: false, state: default);
        var open = 0;
        try
        {
            while (reader.Read())
            {
                open += reader.TokenType switch
                {
                    JsonTokenType.StartObject or JsonTokenType.StartArray => 1,
                    JsonTokenType.EndObject or JsonTokenType.EndArray => -1,
                    _ => 0,
                };
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return open > 0;
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

        var fields = Fields(value, "-Model", DeployFields.FieldsOf("llm_configs"));
        if (!fields.ContainsKey("provider") || !fields.ContainsKey("model"))
        {
            throw new ArgumentException("A -Model hashtable needs provider and model (and may have role: chat, embedding, classify or reranking).");
        }

        return fields;
    }

    /// <summary>A <c>tools_to_create</c> entry from a hashtable: name and base_url, and optionally description, auth_type, port, scheme.</summary>
    public static Dictionary<string, object?> NewTool(object? item)
    {
        var fields = Fields(item is PSObject { BaseObject: not PSCustomObject } wrapped ? wrapped.BaseObject : item, "-NewTool", DeployFields.FieldsOf("tools_to_create"));
        if (!fields.ContainsKey("name") || !fields.ContainsKey("base_url"))
        {
            throw new ArgumentException("Each -NewTool needs name and base_url, such as @{ name = 'crm'; base_url = 'https://crm.example.com' }.");
        }

        return fields;
    }

    /// <summary>An <c>env</c> list of name/value pairs from a hashtable, in name order, each value as text (<see cref="EnvText"/>).</summary>
    /// <param name="env">The variables.</param>
    /// <param name="secrets">Receives the value of each SecureString, which traces must then mask.</param>
    /// <exception cref="ArgumentException">A value is not one value that can be text, such as a PSCredential or a hashtable.</exception>
    public static List<Dictionary<string, object?>> Env(IDictionary env, ICollection<string> secrets) =>
        env.Keys.Cast<object>()
            .Select(k => (Name: k.ToString() ?? string.Empty, Value: env[k]))
            .OrderBy(pair => pair.Name, StringComparer.Ordinal)
            .Select(pair => new Dictionary<string, object?> { ["name"] = pair.Name, ["value"] = EnvText(pair.Name, pair.Value, secrets) })
            .ToList();

    /// <summary>
    /// An environment variable's value as the text the agent reads: a SecureString's own value (a secret the agent
    /// needs, added to <paramref name="secrets"/>), numbers in the invariant culture, booleans as <c>true</c> and
    /// <c>false</c>, and any other single value by its text.
    /// </summary>
    /// <remarks>
    /// The value is never quoted in an error: it may be a secret given as plain text. Anything that is not one
    /// value (a hashtable, an array, a script block) or has no text of its own (its type name) is refused,
    /// since sending <c>System.Collections.Hashtable</c> as the value would break the agent silently.
    /// </remarks>
    private static string? EnvText(string name, object? item, ICollection<string> secrets)
    {
        var value = item is PSObject wrapped ? wrapped.BaseObject : item;
        switch (value)
        {
            case null:
                return null;
            case string text:
                return text;
            case char c:
                return c.ToString();
            case bool flag:
                return flag ? "true" : "false";
            case SwitchParameter flag:
                return flag.IsPresent ? "true" : "false";
            case SecureString secure:
                var plain = Plain(secure);
                secrets.Add(plain);
                return plain;
            case PSCredential:
                throw new ArgumentException(
                    $"-Env '{name}' is a PSCredential, which holds both a user name and a password, so it is not sent. Pass the part the agent needs, each as its own variable: "
                    + $"@{{ {name}_USER = $credential.UserName; {name}_PASSWORD = $credential.Password }} (a SecureString is sent as its value and never shown).");
            case float or double:
                return ((IFormattable)value).ToString("R", CultureInfo.InvariantCulture);
            case DateTime or DateTimeOffset:
                return ((IFormattable)value).ToString("o", CultureInfo.InvariantCulture);
            case IDictionary or IEnumerable or ScriptBlock or PSCustomObject:
                throw NotOneValue(name, value);
            default:
                var shown = value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value.ToString();
                if (shown is null || shown == value.GetType().FullName || shown == value.GetType().ToString())
                {
                    throw NotOneValue(name, value);
                }

                return shown;
        }
    }

    private static ArgumentException NotOneValue(string name, object value) => new(
        $"-Env '{name}' is a {value.GetType().Name}, not one value, so it is not sent as its type name. An environment variable is text: "
        + "pass a string, a number, a boolean or a SecureString (ConvertTo-Json -Compress makes one string of a hashtable or an array).");

    /// <summary>Copies a SecureString's value out just long enough to put it in the body.</summary>
    private static string Plain(SecureString secure)
    {
        var pointer = IntPtr.Zero;
        try
        {
            pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
            return Marshal.PtrToStringUni(pointer, secure.Length);
        }
        finally
        {
            if (pointer != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }

    /// <summary>
    /// The known keys of a hashtable or object in the API's spelling; <c>BaseUrl</c>, <c>base-url</c> and
    /// <c>base_url</c> all name the same field. Unknown keys are an error, so a typo never goes unsent silently.
    /// </summary>
    private static Dictionary<string, object?> Fields(object? value, string parameter, DeployField[] fields)
    {
        var known = fields.Select(f => f.Name).ToArray();
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
