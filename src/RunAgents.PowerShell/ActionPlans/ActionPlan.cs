using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Cmdlets;

namespace RunAgents.PowerShell.Models;

/// <summary>
/// An action plan: actions the platform validates as a whole and then applies in order, each with an idempotency key
/// that makes a replay safe. A plan is data: it names no platform, and the connection it is sent with decides where it
/// applies.
/// </summary>
public sealed class ActionPlan
{
    /// <summary>The action types the API documents.</summary>
    public static readonly string[] KnownTypes = { "tool.upsert", "model_provider.upsert", "policy.upsert", "deploy_draft.create_or_patch", "deploy.execute", "starter_kit.seed" };

    private static readonly JsonWriterOptions s_indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal ActionPlan(string? planId, bool continueOnError, IReadOnlyList<ActionPlanAction> actions)
    {
        PlanId = planId;
        ContinueOnError = continueOnError;
        Actions = actions.ToArray();
    }

    /// <summary>The plan's id, echoed in the platform's answers; null when it has none.</summary>
    public string? PlanId { get; }

    /// <summary>True when the platform goes on after an action fails.</summary>
    public bool ContinueOnError { get; }

    /// <summary>The actions, in the order the platform runs them.</summary>
    public ActionPlanAction[] Actions { get; }

    /// <summary>
    /// The plan as the API takes it, indented (<see cref="ToJson"/>): kept whole by every copy of the object (Export-Clixml,
    /// Select-Object *, Export-Csv, ConvertTo-Json at any depth), so that Test- and Invoke-RAActionPlan read a copy exactly.
    /// </summary>
    public string Json => ToJson();

    /// <summary>The plan as the API takes it (<c>ActionPlanRequest</c>), indented: what Set-Content writes to a file that Test- and Invoke-RAActionPlan read back.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_indented))
        {
            Request(Actions, ContinueOnError).WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The number of actions and their types.</summary>
    public override string ToString() => $"{Actions.Length} action(s): {string.Join(", ", Actions.Select(a => a.ToString()))}";

    /// <summary>The body of a request with <paramref name="actions"/> only.</summary>
    internal JsonObject Request(IEnumerable<ActionPlanAction> actions, bool continueOnError)
    {
        var body = new JsonObject();
        if (PlanId is not null)
        {
            body["plan_id"] = PlanId;
        }

        if (continueOnError)
        {
            body["continue_on_error"] = true;
        }

        body["actions"] = new JsonArray(actions.Select(a => (JsonNode)a.ToJson()).ToArray());
        return body;
    }

    /// <summary>A plan from a document (the API's request, or a copy of this object's properties), checked as the contract asks.</summary>
    /// <exception cref="ArgumentException">It is no plan the API takes: the message says what is wrong.</exception>
    internal static ActionPlan From(JsonObject document, string what)
    {
        // A copy of this object (Import-Clixml, Select-Object *, Import-Csv, ConvertTo-Json) may have lost the depth of its
        // actions' params, but keeps the whole plan in its Json.
        if (document["Json"] is JsonValue copied && copied.TryGetValue<string>(out var json) && document.ContainsKey("Actions"))
        {
            document = ResourceDocument.Parse(json, what);
        }

        var plan = Renamed(document, new Dictionary<string, string> { ["PlanId"] = "plan_id", ["ContinueOnError"] = "continue_on_error", ["Actions"] = "actions" });
        foreach (var field in plan.Select(p => p.Key).ToList())
        {
            if (field is not ("plan_id" or "continue_on_error" or "actions"))
            {
                throw new ArgumentException($"{what} has the field '{ServerText.Clean(field)}', which a plan does not have (plan_id, continue_on_error, actions); the platform refuses any other.");
            }
        }

        string? planId = null;
        if (plan["plan_id"] is JsonNode id)
        {
            planId = id is JsonValue v && v.TryGetValue<string>(out var text) ? text : throw new ArgumentException($"The plan_id of {what} must be a string.");
        }

        var continueOnError = plan["continue_on_error"] switch
        {
            null => false,
            JsonValue v when v.TryGetValue<bool>(out var flag) => flag,
            _ => throw new ArgumentException($"The continue_on_error of {what} must be true or false."),
        };

        if (plan["actions"] is not JsonArray { Count: > 0 } list)
        {
            throw new ArgumentException($"{what} has no actions: a plan needs at least one, under 'actions'.");
        }

        var actions = new List<ActionPlanAction>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var action = ActionPlanAction.From(list[i], $"action {i + 1} of {what}");
            if (!keys.Add(action.IdempotencyKey))
            {
                throw new ArgumentException($"Action {i + 1} of {what} has the idempotency key '{ServerText.Clean(action.IdempotencyKey)}' of an earlier action: each action needs its own.");
            }

            if (action.Id is not null && !ids.Add(action.Id))
            {
                throw new ArgumentException($"Action {i + 1} of {what} has the id '{ServerText.Clean(action.Id)}' of an earlier action: each action needs its own.");
            }

            actions.Add(action);
        }

        return new ActionPlan(planId, continueOnError, actions);
    }

    /// <summary>The first 12 hexadecimal digits of the SHA-256 of <paramref name="node"/> written canonically (keys sorted, no spaces).</summary>
    internal static string Hash(JsonNode node)
    {
        using var buffer = new MemoryStream();
        SortedJson.Write(node, indented: false, buffer);

        using var sha = SHA256.Create();
        var digest = sha.ComputeHash(buffer.ToArray());
        return string.Concat(digest.Take(6).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>A copy of <paramref name="document"/> with the property names of this module's objects turned into the API's.</summary>
    internal static JsonObject Renamed(JsonObject document, IDictionary<string, string> names)
    {
        var copy = new JsonObject();
        foreach (var pair in document)
        {
            var key = names.TryGetValue(pair.Key, out var api) ? api : pair.Key;
            if (copy.ContainsKey(key))
            {
                throw new ArgumentException($"The plan has both '{pair.Key}' and '{key}': give one.");
            }

            copy[key] = pair.Value?.DeepClone();
        }

        return copy;
    }
}

/// <summary>One action of a plan.</summary>
public sealed class ActionPlanAction
{
    internal ActionPlanAction(string? id, string type, string idempotencyKey, JsonObject? parameters)
    {
        Id = id;
        Type = type;
        IdempotencyKey = idempotencyKey;
        ParamsJson = parameters;
        Params = parameters is null ? null : PSJson.FromUserJson(JsonDocument.Parse(parameters.ToJsonString()).RootElement);
    }

    /// <summary>The action's id in the plan; results name it.</summary>
    public string? Id { get; }

    /// <summary>What it does: tool.upsert, model_provider.upsert, policy.upsert, deploy_draft.create_or_patch, deploy.execute or starter_kit.seed.</summary>
    public string Type { get; }

    /// <summary>The key that makes a replay of the action safe: the platform applies a key once.</summary>
    public string IdempotencyKey { get; }

    /// <summary>The action's parameters, such as a tool's name and spec.</summary>
    public object? Params { get; }

    /// <summary>The object the action is about: the name in its parameters (or the agent's, for a deploy); null when they name none.</summary>
    public string? Name => ParamsJson is null ? null : Text(ParamsJson, "name") ?? Text(ParamsJson, "agent_name");

    /// <summary>The parameters as they are sent.</summary>
    internal JsonObject? ParamsJson { get; }

    /// <summary>The type and what the action is about: <c>tool.upsert 'payments-api'</c>.</summary>
    public override string ToString() => Name is { } name ? $"{Type} '{name}'" : Id is { } id ? $"{Type} ({id})" : Type;

    internal JsonObject ToJson()
    {
        var body = new JsonObject();
        if (Id is not null)
        {
            body["id"] = Id;
        }

        body["type"] = Type;
        body["idempotency_key"] = IdempotencyKey;
        if (ParamsJson is not null)
        {
            body["params"] = ParamsJson.DeepClone();
        }

        return body;
    }

    internal static ActionPlanAction From(JsonNode? node, string what)
    {
        if (node is not JsonObject given)
        {
            throw new ArgumentException($"{Capital(what)} is not an object with a type, an idempotency_key and params.");
        }

        var action = ActionPlan.Renamed(given, new Dictionary<string, string> { ["Id"] = "id", ["Type"] = "type", ["IdempotencyKey"] = "idempotency_key", ["Params"] = "params" });

        // What this module's object shows beside its fields (a copy of it after ConvertTo-Json or Import-Clixml).
        action.Remove("Name");
        foreach (var field in action.Select(p => p.Key).ToList())
        {
            if (field is not ("id" or "type" or "idempotency_key" or "params"))
            {
                throw new ArgumentException($"{Capital(what)} has the field '{ServerText.Clean(field)}', which an action does not have (id, type, idempotency_key, params); the platform refuses any other.");
            }
        }

        var type = Text(action, "type") ?? throw new ArgumentException($"{Capital(what)} has no type: give one of {string.Join(", ", ActionPlan.KnownTypes)}.");
        if (Array.IndexOf(ActionPlan.KnownTypes, type) < 0)
        {
            throw new ArgumentException($"{Capital(what)} has the type '{ServerText.Clean(type)}', which the API does not have: give one of {string.Join(", ", ActionPlan.KnownTypes)}.");
        }

        var key = Text(action, "idempotency_key");
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new ArgumentException($"{Capital(what)} ({type}) has no idempotency_key: each action needs one, kept the same when the plan is sent again.");
        }

        string? id = null;
        if (action["id"] is JsonNode idNode)
        {
            id = idNode is JsonValue v && v.TryGetValue<string>(out var text) ? text : throw new ArgumentException($"The id of {what} must be a string.");
        }

        var parameters = action["params"] switch
        {
            null => null,
            JsonObject p => (JsonObject)p.DeepClone(),
            _ => throw new ArgumentException($"The params of {what} ({type}) must be an object."),
        };

        return new ActionPlanAction(id, type, key!, parameters);
    }

    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
}
