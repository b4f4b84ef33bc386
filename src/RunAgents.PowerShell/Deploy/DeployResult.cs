using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Models;

/// <summary>What the platform answered to a deploy: the agent, the tools it created, and any build.</summary>
public sealed class DeployResult : PlatformObject
{
    private JsonFields? _additionalFields;

    /// <summary>The agent's name.</summary>
    [JsonPropertyName("agent")]
    public string? Name { get; set; }

    /// <summary>The agent's namespace.</summary>
    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    /// <summary>The tools the deploy registered; never null. Its text is the names joined by ", ", as Export-Csv writes it.</summary>
    [JsonIgnore]
    public JoinedList<string> ToolsCreated => new(ToolsCreatedJson ?? new List<string>(), ", ");

    /// <summary>The tools the deploy registered, as the server sent them.</summary>
    [JsonPropertyName("tools_created")]
    [JsonInclude]
    internal List<string>? ToolsCreatedJson { get; set; }

    /// <summary>The build started for source files, if any.</summary>
    [JsonPropertyName("build_id")]
    public string? BuildId { get; set; }

    /// <summary>The image the agent runs.</summary>
    [JsonPropertyName("image_uri")]
    public string? Image { get; set; }

    /// <summary>True when the platform had to build an image.</summary>
    [JsonPropertyName("build_required")]
    public bool? BuildRequired { get; set; }

    /// <summary>How the agent runs, such as FAST_OVERLAY or INSTANT_RUNTIME.</summary>
    [JsonPropertyName("execution_mode")]
    public string? ExecutionMode { get; set; }

    /// <summary>The build profile the platform chose.</summary>
    [JsonPropertyName("build_profile")]
    public string? BuildProfile { get; set; }

    /// <summary>Why the platform chose that execution mode.</summary>
    [JsonPropertyName("decision_reason")]
    public string? DecisionReason { get; set; }

    /// <summary>The answer's fields the module does not model, as plain values; empty when there are none.</summary>
    [JsonIgnore]
    public JsonFields AdditionalFields => _additionalFields ??= JsonFields.From(ExtensionData);

    /// <summary>The answer's fields the module does not model, as the server sent them.</summary>
    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>Some servers name the agent <c>agent_name</c>.</summary>
    [JsonPropertyName("agent_name")]
    [JsonInclude]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    internal string? NameAlias
    {
        get => null;
        set => Name ??= value;
    }

    /// <summary>The agent's identity, <c>namespace/name</c>.</summary>
    public override string ToString() => AgentPath.Identity(Namespace, Name ?? string.Empty);
}
