using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Models;

/// <summary>
/// One rule of a policy: whether calls to a resource (a URL, <c>*</c> as a suffix) with these operations (HTTP methods;
/// none for every one), or to tools with these risk tags, are allowed, denied, or held for a person's approval.
/// </summary>
/// <remarks>
/// Made by New-RAPolicyRule, written by ConvertTo-RAPolicyRule, or read from a policy; a hashtable with the same keys
/// (the API's <c>permission</c>, <c>operations</c>, <c>resource</c>, <c>tags</c>) converts to one. Fields of the
/// platform's rule the module does not model are kept, and written back with the rule.
/// </remarks>
public sealed class PolicyRule
{
    private static readonly string[] s_modelled = { "permission", "operations", "resource", "tags" };

    private JsonObject? _extra;

    /// <summary>What the rule does: <c>allow</c>, <c>deny</c> or <c>approval_required</c>.</summary>
    public string? Permission { get; set; }

    /// <summary>The HTTP methods the rule covers; none for every method.</summary>
    public string[] Operations { get; set; } = Array.Empty<string>();

    /// <summary>The URL the rule covers, <c>*</c> matching the rest of it (<c>https://api.stripe.com/v1/*</c>), or <c>*</c> for any.</summary>
    public string? Resource { get; set; }

    /// <summary>The risk tags of tools the rule covers.</summary>
    public string[] Tags { get; set; } = Array.Empty<string>();

    /// <summary>The fields of the rule the module does not model, as the platform gave them.</summary>
    public JsonFields AdditionalFields => _extra is null || _extra.Count == 0
        ? JsonFields.Empty
        : JsonFields.From(_extra.ToDictionary(p => p.Key, p => JsonDocument.Parse(p.Value?.ToJsonString() ?? "null").RootElement.Clone()));

    /// <summary>The rule in one line: <c>allow GET https://api.stripe.com/v1/*</c>.</summary>
    public override string ToString()
    {
        var parts = new List<string> { Permission ?? "?" };
        parts.Add(Operations.Length == 0 ? "*" : string.Join(",", Operations));
        if (Resource is not null)
        {
            parts.Add(Resource);
        }

        if (Tags.Length > 0)
        {
            parts.Add("tags:" + string.Join(",", Tags));
        }

        return string.Join(" ", parts);
    }

    /// <summary>The API's name of a permission given in any of the spellings in use: <c>Allow</c>, <c>ApprovalRequired</c>, <c>approval_required</c>.</summary>
    internal static string? ApiPermission(string? permission) => permission?.Replace("_", string.Empty).Replace("-", string.Empty).ToLowerInvariant() switch
    {
        null => null,
        "allow" => "allow",
        "deny" => "deny",
        "approvalrequired" => "approval_required",
        _ => permission,
    };

    /// <summary>A rule as the platform wrote it; texts made safe to print, unknown fields kept.</summary>
    internal static PolicyRule FromJson(JsonObject rule)
    {
        var made = new PolicyRule
        {
            Permission = PolicyJson.Text(rule["permission"]),
            Operations = PolicyJson.Texts(rule["operations"]),
            Resource = PolicyJson.Text(rule["resource"]),
            Tags = PolicyJson.Texts(rule["tags"]),
        };
        var extra = new JsonObject();
        foreach (var pair in rule.Where(p => Array.IndexOf(s_modelled, p.Key) < 0))
        {
            extra[pair.Key] = pair.Value?.DeepClone();
        }

        made._extra = extra;
        return made;
    }

    /// <summary>The rule as the API's JSON: the permission in the API's spelling, methods upper case, empty lists left out.</summary>
    internal JsonObject ToJson()
    {
        var rule = new JsonObject { ["permission"] = ApiPermission(Permission) };
        if (Operations.Length > 0)
        {
            rule["operations"] = new JsonArray(Operations.Select(o => (JsonNode?)o.ToUpperInvariant()).ToArray());
        }

        if (Resource is not null)
        {
            rule["resource"] = Resource;
        }

        if (Tags.Length > 0)
        {
            rule["tags"] = new JsonArray(Tags.Select(t => (JsonNode?)t).ToArray());
        }

        foreach (var pair in _extra ?? new JsonObject())
        {
            rule[pair.Key] = pair.Value?.DeepClone();
        }

        return rule;
    }

    /// <summary>True when a rule of the platform's says what this one says: same permission, methods, resource and tags (methods and tags in any order and case).</summary>
    internal bool SameAs(JsonObject other)
    {
        var them = FromJson(other);
        return string.Equals(ApiPermission(Permission), ApiPermission(them.Permission), StringComparison.OrdinalIgnoreCase)
            && string.Equals(Resource, them.Resource, StringComparison.Ordinal)
            && SameSet(Operations, them.Operations)
            && SameSet(Tags, them.Tags);
    }

    private static bool SameSet(string[] a, string[] b) =>
        new HashSet<string>(a, StringComparer.OrdinalIgnoreCase).SetEquals(b);
}

/// <summary>Reading the values of a policy's JSON into the texts its objects show.</summary>
internal static class PolicyJson
{
    /// <summary>A string value, made safe to print; a number or boolean as its JSON text; null when absent.</summary>
    public static string? Text(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => ServerText.Clean(text),
        JsonValue value => value.ToJsonString(),
        _ => null,
    };

    /// <summary>The strings of an array (a lone string as one), each made safe to print.</summary>
    public static string[] Texts(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(Text).Where(t => t is not null).Select(t => t!).ToArray(),
        JsonValue => Text(node) is string one ? new[] { one } : Array.Empty<string>(),
        _ => Array.Empty<string>(),
    };

    /// <summary>A true/false value, or null.</summary>
    public static bool? Flag(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;
}
