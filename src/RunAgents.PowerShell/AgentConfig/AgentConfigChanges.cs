using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace RunAgents.PowerShell.Models;

/// <summary>
/// What an agent's config is changed by and how two of its update bodies are told apart: the fields of the update
/// request, the fields that differ (tools and policies as sets of names; a null, a missing field and an empty text or
/// list as nothing), and the shape a document of them must have. Shared by Set-RAAgentConfig and the configuration
/// folder's agent config.
/// </summary>
internal static class AgentConfigChanges
{
    /// <summary>The fields that differ, each with what changed in words for -WhatIf and -Verbose.</summary>
    public static List<(string Field, string Detail)> Differences(JsonObject want, JsonObject have)
    {
        var changed = new List<(string, string)>();
        foreach (var field in AgentConfig.UpdateFields)
        {
            var a = want[field];
            var b = have[field];
            if (field is "required_tools" or "policies")
            {
                var wanted = Names(a);
                var had = Names(b);
                var added = wanted.Except(had, StringComparer.Ordinal).ToList();
                var removed = had.Except(wanted, StringComparer.Ordinal).ToList();
                if (added.Count + removed.Count > 0)
                {
                    changed.Add((field, $"{field} {string.Join(", ", added.Select(t => "+" + t).Concat(removed.Select(t => "-" + t)))}"));
                }
            }
            else if (!JsonNode.DeepEquals(Empty(a), Empty(b)))
            {
                changed.Add((field, field == "llm_configs" ? $"llm_configs {Shown(a as JsonArray)}" : field));
            }
        }

        return changed;
    }

    /// <summary>A null, a missing field and an empty text or list are the same: nothing.</summary>
    private static JsonNode? Empty(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) && text.Length == 0 => null,
        JsonArray { Count: 0 } => null,
        _ => node,
    };

    private static string Shown(JsonArray? configs) =>
        string.Join(", ", (configs ?? new JsonArray()).OfType<JsonObject>().Select(c =>
            $"{Text(c["role"]) ?? "chat"}={Text(c["model_provider"]) ?? Text(c["provider"])}/{Text(c["model"])}"
            + (c["monthly_budget_usd"] is JsonValue budget ? $" ${budget.ToJsonString()}" : string.Empty)));

    /// <summary>The names of a list of tools or policies: strings, or objects with a name.</summary>
    public static List<string> Names(JsonNode? node) =>
        (node as JsonArray)?.Select(i => i switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonObject o => Text(o["name"]),
            _ => null,
        }).OfType<string>().Distinct(StringComparer.Ordinal).ToList() ?? new List<string>();

    /// <summary>The update fields of a config or document: the ones it has, as they are.</summary>
    public static JsonObject Update(JsonObject config)
    {
        var update = new JsonObject();
        foreach (var field in AgentConfig.UpdateFields)
        {
            if (config.TryGetPropertyValue(field, out var value))
            {
                update[field] = value?.DeepClone();
            }
        }

        return update;
    }

    /// <summary>Refuses a document whose fields have the wrong shape before any request.</summary>
    public static void Check(JsonObject document)
    {
        foreach (var pair in document)
        {
            var ok = pair.Key switch
            {
                "system_prompt" or "identity_provider" => pair.Value is null || (pair.Value is JsonValue v && v.TryGetValue<string>(out _)),
                "required_tools" or "policies" => pair.Value is JsonArray list && list.All(i => i is JsonValue s && s.TryGetValue<string>(out _)),
                "llm_configs" => pair.Value is JsonArray configs && configs.All(c => c is JsonObject o && Text(o["model"]) is not null
                    && (o["monthly_budget_usd"] is null || (o["monthly_budget_usd"] is JsonValue b && b.TryGetValue<double>(out var amount) && amount >= 0))),
                _ => true,
            };
            if (!ok)
            {
                var shape = pair.Key switch
                {
                    "required_tools" or "policies" => "a list of names",
                    "llm_configs" => "a list of objects, each with a model (and role, model_provider, provider, monthly_budget_usd of 0 or more)",
                    _ => "text",
                };
                throw new ArgumentException($"The document's {pair.Key} must be {shape}.");
            }
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
