using System.Collections.Generic;
using System.Text.Json.Serialization;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Models;

/// <summary>An agent deployed on a RunAgents platform, as the Agents API describes it.</summary>
public sealed class Agent : IFromPlatform
{
    /// <summary>The agent's name, unique within its namespace.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    /// <summary>The namespace the agent is deployed in.</summary>
    [JsonPropertyName("namespace")]
    public string Namespace { get; set; } = string.Empty;

    /// <summary>Key-value labels, such as the identity provider association.</summary>
    [JsonPropertyName("labels")]
    public Dictionary<string, string>? Labels { get; set; }

    /// <summary>What the agent runs: image, prompt, tools, model and environment.</summary>
    [JsonPropertyName("spec")]
    public AgentSpec? Spec { get; set; }

    /// <summary>The agent's current phase and status detail.</summary>
    [JsonPropertyName("status")]
    public AgentStatus? Status { get; set; }

    /// <summary>The agent's phase (Pending, Running, Failed or a phase the platform adds later).</summary>
    [JsonIgnore]
    public string? Phase => Status?.Phase;

    /// <summary>The model of the agent's primary LLM configuration.</summary>
    [JsonIgnore]
    public string? Model => Spec?.LlmConfig?.Model;

    /// <inheritdoc/>
    [JsonIgnore]
    RAConnection? IFromPlatform.Connection { get; set; }

    /// <summary>The agent's identity, <c>namespace/name</c>.</summary>
    public override string ToString() => Namespace + "/" + Name;
}
