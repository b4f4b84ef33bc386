using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Models;

/// <summary>
/// What a running agent is configured with on the platform, beside its deployment: its system prompt, the identity
/// provider its users sign in with, its models and their budgets, the tools it may call and the policies bound to it.
/// </summary>
/// <remarks>The document is kept as the platform sent it, so that Set-RAAgentConfig writes back what it does not model.</remarks>
public sealed class AgentConfig : PlatformObject
{
    /// <summary>The fields of the update request (<c>AgentConfigUpdateRequest</c>): the ones Set-RAAgentConfig writes.</summary>
    internal static readonly string[] UpdateFields = { "system_prompt", "identity_provider", "llm_configs", "required_tools", "policies" };

    private static readonly string[] s_modelled = { "agent_name", "namespace", "image", "runtime", "system_prompt", "identity_provider", "llm_configs", "model_usage", "required_tools", "policies" };

    private JsonObject _document = new();
    private JsonFields? _additionalFields;

    /// <summary>The agent's name.</summary>
    public string Agent => Text("agent_name") ?? string.Empty;

    /// <summary>The agent's namespace.</summary>
    public string? Namespace => Text("namespace");

    /// <summary>The agent's container image.</summary>
    public string? Image => Text("image");

    /// <summary>The agent's runtime, as the platform names it.</summary>
    public string? Runtime => Text("runtime");

    /// <summary>The system prompt the agent runs with.</summary>
    public string? SystemPrompt => Text("system_prompt");

    /// <summary>The identity provider the agent's users sign in with.</summary>
    public string? IdentityProvider => Text("identity_provider");

    /// <summary>The agent's models, one per role, with their monthly budgets; its text is <c>role=provider/model</c> joined by <c>", "</c>.</summary>
    public JoinedList<AgentConfigModel> Models =>
        new((_document["llm_configs"] as JsonArray)?.OfType<JsonObject>().Select(AgentConfigModel.From).ToList() ?? new List<AgentConfigModel>(), ", ");

    /// <summary>What each of the agent's models has spent this period against its budget.</summary>
    public JoinedList<ModelSpendItem> ModelUsage =>
        new((_document["model_usage"] as JsonArray)?.OfType<JsonObject>().Select(Usage).ToList() ?? new List<ModelSpendItem>(), "; ");

    /// <summary>The tools the agent may call; its text is them joined by <c>", "</c>.</summary>
    public JoinedList<string> Tools => Texts("required_tools");

    /// <summary>The policies bound to the agent; its text is them joined by <c>", "</c>.</summary>
    public JoinedList<string> Policies => Texts("policies");

    /// <summary>The fields of the answer the module does not model, as plain values.</summary>
    public JsonFields AdditionalFields => _additionalFields ??= JsonFields.From(Fields(_document));

    /// <summary>The config as the platform sent it, whole.</summary>
    internal JsonObject Document
    {
        get => _document;
        set
        {
            _document = value;
            _additionalFields = null;
        }
    }

    /// <summary>The config's JSON text as the server sent it (the key scrubbed, control characters shown), for -Raw.</summary>
    internal string? Json { get; set; }

    /// <summary>The agent's identity, <c>namespace/name</c>.</summary>
    public override string ToString() => AgentPath.Identity(Namespace, Agent);

    private ModelSpendItem Usage(JsonObject row)
    {
        var copy = (JsonObject)row.DeepClone();
        if (!copy.ContainsKey("agent_name"))
        {
            copy["agent_name"] = _document["agent_name"]?.DeepClone();
        }

        if (!copy.ContainsKey("agent_namespace"))
        {
            copy["agent_namespace"] = _document["namespace"]?.DeepClone();
        }

        using var parsed = JsonDocument.Parse(copy.ToJsonString());
        var item = ModelSpendItem.From(parsed.RootElement.Clone());
        ((IFromPlatform)item).Connection = ((IFromPlatform)this).Connection;
        return item;
    }

    private string? Text(string field) => _document[field] switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => ServerText.Clean(text),
        _ => null,
    };

    private JoinedList<string> Texts(string field)
    {
        var items = new List<string>();
        if (_document[field] is JsonArray array)
        {
            foreach (var item in array)
            {
                var text = item switch
                {
                    JsonValue value when value.TryGetValue<string>(out var s) => s,
                    JsonObject obj when obj["name"] is JsonValue named && named.TryGetValue<string>(out var s) => s,
                    _ => null,
                };
                if (text is not null)
                {
                    items.Add(ServerText.Clean(text)!);
                }
            }
        }

        return new JoinedList<string>(items, ", ");
    }

    private static Dictionary<string, JsonElement> Fields(JsonObject obj)
    {
        var fields = new Dictionary<string, JsonElement>();
        foreach (var pair in obj.Where(p => Array.IndexOf(s_modelled, p.Key) < 0))
        {
            using var parsed = JsonDocument.Parse(pair.Value?.ToJsonString() ?? "null");
            fields[pair.Key] = parsed.RootElement.Clone();
        }

        return fields;
    }
}

/// <summary>One of an agent's models: its role, the registered provider its calls go to, the model and its monthly budget.</summary>
public sealed class AgentConfigModel
{
    /// <summary>The model's role in the agent: chat, embedding, classify or reranking.</summary>
    public string? Role { get; private set; }

    /// <summary>The name of the registered model provider the calls go to.</summary>
    public string? ModelProvider { get; private set; }

    /// <summary>The kind of provider, such as <c>openai</c>.</summary>
    public string? Provider { get; private set; }

    /// <summary>The model.</summary>
    public string? Model { get; private set; }

    /// <summary>The monthly budget in US dollars; null when the model has none.</summary>
    public decimal? MonthlyBudgetUsd { get; private set; }

    /// <summary><c>role=provider/model</c>, as Set-RAAgentConfig -Model takes it.</summary>
    public override string ToString() => $"{Role ?? "?"}={ModelProvider ?? Provider ?? "?"}/{Model}";

    internal static AgentConfigModel From(JsonObject item) => new()
    {
        Role = Text(item["role"]),
        ModelProvider = Text(item["model_provider"]),
        Provider = Text(item["provider"]),
        Model = Text(item["model"]),
        MonthlyBudgetUsd = item["monthly_budget_usd"] is JsonValue value && value.TryGetValue<decimal>(out var amount) ? amount
            : item["monthly_budget_usd"] is JsonValue real && real.TryGetValue<double>(out var d) ? (decimal)d : null,
    };

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? ServerText.Clean(text) : null;
}
