using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Models;

/// <summary>An agent deployed on a RunAgents platform, as the Agents API describes it.</summary>
/// <remarks>
/// Every column the views show is a property here (the ones after <see cref="Status"/> are read-only
/// shortcuts into <see cref="Spec"/> and <see cref="Status"/>), so that Select-Object, Where-Object,
/// Sort-Object, strict mode and deserialized copies all see what the table shows.
/// </remarks>
public sealed class Agent : PlatformObject
{
    private string _namespace = string.Empty;
    private string _name = string.Empty;
    private AgentLabels? _labels;
    private JsonFields? _additionalFields;

    /// <summary>The agent's name, unique within its namespace.</summary>
    [JsonPropertyName("name")]
    public string Name
    {
        get => _name;

        // A JSON null is taken as empty: a server that sends one must not turn a lookup into a NullReferenceException.
        set => _name = value ?? string.Empty;
    }

    /// <summary>The namespace the agent is deployed in.</summary>
    [JsonPropertyName("namespace")]
    public string Namespace
    {
        get => _namespace;

        // A JSON null is taken as empty: a server that sends one must not turn a lookup into a NullReferenceException.
        set => _namespace = value ?? string.Empty;
    }

    /// <summary>Key-value labels, such as the identity provider association; never null (empty when the server sends none or null).</summary>
    [JsonPropertyName("labels")]
    public AgentLabels Labels
    {
        get => _labels ??= new AgentLabels();
        set => _labels = value;
    }

    /// <summary>What the agent runs: image, prompt, tools, model and environment.</summary>
    [JsonPropertyName("spec")]
    public AgentSpec? Spec { get; set; }

    /// <summary>The agent's current phase and status detail.</summary>
    [JsonPropertyName("status")]
    public AgentStatus? Status { get; set; }

    /// <summary>The agent's phase (Pending, Running, Failed or a phase the platform adds later).</summary>
    [JsonIgnore]
    public string? Phase => Status?.Phase;

    /// <summary>The status detail, such as why the agent failed.</summary>
    [JsonIgnore]
    public string? StatusMessage => Status?.Message;

    /// <summary>The model of the agent's primary LLM configuration.</summary>
    [JsonIgnore]
    public string? Model => Spec?.LlmConfig?.Model;

    /// <summary>The provider of the agent's primary LLM configuration, such as <c>openai</c>.</summary>
    [JsonIgnore]
    public string? Provider => Spec?.LlmConfig?.Provider;

    /// <summary>The container image the agent runs.</summary>
    [JsonIgnore]
    public string? Image => Spec?.Image;

    /// <summary>
    /// The image without the registry and path it comes from: its name and tag (or digest), such as
    /// <c>payment-agent:a1b2c3</c>; what tells images apart where the table has no room for the whole image.
    /// </summary>
    [JsonIgnore]
    public string? ImageName => Image is { Length: > 0 } image ? image.Substring(image.LastIndexOf('/') + 1) : null;

    /// <summary>The system prompt injected into the agent's LLM context.</summary>
    [JsonIgnore]
    public string? SystemPrompt => Spec?.SystemPrompt;

    /// <summary>The names of the tools the agent needs; its text is the names joined by <c>", "</c>.</summary>
    [JsonIgnore]
    public JoinedList<string> Tools =>
        new(Spec?.RequiredTools?.Select(t => t?.Name).OfType<string>().ToList() ?? new List<string>(), ", ");

    /// <summary>The environment variables of the agent's container; its text is <c>NAME=value</c> pairs joined by <c>"; "</c>.</summary>
    [JsonIgnore]
    public JoinedList<EnvVar> Env => new(Spec?.Env ?? (IList<EnvVar>)Array.Empty<EnvVar>(), "; ");

    /// <summary>The agent's fields the module does not model, such as <c>createdAt</c>, as plain values; empty when there are none.</summary>
    [JsonIgnore]
    public JsonFields AdditionalFields => _additionalFields ??= JsonFields.From(ExtensionData);

    /// <summary>The agent's fields the module does not model, as the server sent them.</summary>
    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>
    /// The agent's JSON text as the server sent it (the key scrubbed, control characters shown), for Get-RAAgent
    /// -Raw: kept by a single GET, and by a list only when asked for; null otherwise.
    /// </summary>
    [JsonIgnore]
    internal string? Json { get; set; }

    /// <summary>The agent's identity, <c>namespace/name</c>.</summary>
    public override string ToString() => AgentPath.Identity(Namespace, Name);
}
