using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RunAgents.PowerShell.Models;

/// <summary>The desired state of an agent.</summary>
public sealed class AgentSpec
{
    private JsonFields? _additionalFields;

    /// <summary>The container image URI.</summary>
    [JsonPropertyName("image")]
    public string? Image { get; set; }

    /// <summary>The system prompt injected into the agent's LLM context.</summary>
    [JsonPropertyName("systemPrompt")]
    public string? SystemPrompt { get; set; }

    /// <summary>The tools the agent needs.</summary>
    [JsonPropertyName("requiredTools")]
    public List<ToolReference>? RequiredTools { get; set; }

    /// <summary>The primary LLM configuration.</summary>
    [JsonPropertyName("llmConfig")]
    public LlmConfig? LlmConfig { get; set; }

    /// <summary>The environment variables of the agent's container.</summary>
    [JsonPropertyName("env")]
    public List<EnvVar>? Env { get; set; }

    /// <summary>The spec's fields the module does not model, such as <c>replicas</c>, as plain values; empty when there are none.</summary>
    [JsonIgnore]
    public JsonFields AdditionalFields => _additionalFields ??= JsonFields.From(ExtensionData);

    /// <summary>The spec's fields the module does not model, as the server sent them.</summary>
    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The image, which says best what the agent runs.</summary>
    public override string ToString() => Image ?? string.Empty;
}

/// <summary>A reference to a tool an agent needs.</summary>
public sealed class ToolReference
{
    /// <summary>The tool's name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The tool's name.</summary>
    public override string ToString() => Name ?? string.Empty;
}

/// <summary>An LLM provider and model.</summary>
public sealed class LlmConfig
{
    /// <summary>The LLM provider, such as <c>openai</c>.</summary>
    [JsonPropertyName("provider")]
    public string? Provider { get; set; }

    /// <summary>The model, such as <c>gpt-4o-mini</c>.</summary>
    [JsonPropertyName("model")]
    public string? Model { get; set; }

    /// <summary><c>provider/model</c>.</summary>
    public override string ToString() => Provider + "/" + Model;
}

/// <summary>An environment variable of an agent's container.</summary>
public sealed class EnvVar
{
    /// <summary>The variable's name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The variable's value.</summary>
    [JsonPropertyName("value")]
    public string? Value { get; set; }

    /// <summary><c>NAME=value</c>.</summary>
    public override string ToString() => Name + "=" + Value;
}

/// <summary>The observed state of an agent.</summary>
public sealed class AgentStatus
{
    private JsonFields? _additionalFields;

    /// <summary>Pending, Running, Failed, or a phase the platform adds later.</summary>
    [JsonPropertyName("phase")]
    public string? Phase { get; set; }

    /// <summary>Human-readable status detail.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>The status's fields the module does not model, such as <c>conditions</c>, as plain values; empty when there are none.</summary>
    [JsonIgnore]
    public JsonFields AdditionalFields => _additionalFields ??= JsonFields.From(ExtensionData);

    /// <summary>The status's fields the module does not model, as the server sent them.</summary>
    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The phase.</summary>
    public override string ToString() => Phase ?? string.Empty;
}

/// <summary>The phases the Agents API documents.</summary>
public static class AgentPhase
{
    /// <summary>The agent is being provisioned.</summary>
    public const string Pending = "Pending";

    /// <summary>The agent is deployed and healthy.</summary>
    public const string Running = "Running";

    /// <summary>The agent failed to start or encountered an error.</summary>
    public const string Failed = "Failed";

    /// <summary>The documented phases, in lifecycle order.</summary>
    public static readonly string[] Known = { Pending, Running, Failed };
}
