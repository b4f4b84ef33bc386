using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Models;

/// <summary>Reading helpers of the catalog's shapes: text made safe to print, lists of text, times in UTC.</summary>
internal static class CatalogJson
{
    public static string? Text(JsonElement item, string field) => ModelSpendItem.Text(item, field);

    public static DateTimeOffset? Time(JsonElement item, string field) => ModelSpendItem.Time(item, field);

    /// <summary>A list of text (a CSV string is read as its items); empty when absent.</summary>
    public static string[] Strings(JsonElement item, string field)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(field, out var value))
        {
            return Array.Empty<string>();
        }

        return value.ValueKind switch
        {
            JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => ServerText.Clean(v.GetString())!).Where(v => v.Length > 0).ToArray(),
            JsonValueKind.String => (ServerText.Clean(value.GetString()) ?? string.Empty).Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Select(v => v.Trim()).Where(v => v.Length > 0).ToArray(),
            _ => Array.Empty<string>(),
        };
    }

    /// <summary>The fields of <paramref name="item"/> not in <paramref name="modelled"/>, as plain values.</summary>
    public static JsonFields Extra(JsonElement item, params string[] modelled)
    {
        var extra = new Dictionary<string, JsonElement>();
        if (item.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in item.EnumerateObject())
            {
                if (Array.IndexOf(modelled, field.Name) < 0)
                {
                    extra[field.Name] = field.Value.Clone();
                }
            }
        }

        return JsonFields.From(extra);
    }
}

/// <summary>An agent of the platform's catalog (a blueprint), as Find-RACatalogAgent lists it.</summary>
public sealed class CatalogAgent : PlatformObject
{
    private static readonly string[] s_modelled =
    {
        "id", "name", "summary", "description", "category", "tags", "latest_version", "required_integrations", "governance_traits", "default_policies", "complexity",
    };

    /// <summary>The catalog id, which Get-RACatalogAgent, Save-RACatalogAgent and Deploy-RAAgent -CatalogId take.</summary>
    public string Id { get; private set; } = string.Empty;

    /// <summary>The display name.</summary>
    public string Name { get; private set; } = string.Empty;

    /// <summary>One line on what the agent does.</summary>
    public string? Summary { get; private set; }

    /// <summary>A longer description, when the platform gives one.</summary>
    public string? Description { get; private set; }

    /// <summary>The category, such as <c>support</c>.</summary>
    public string? Category { get; private set; }

    /// <summary>The tags.</summary>
    public string[] Tags { get; private set; } = Array.Empty<string>();

    /// <summary>The newest published version.</summary>
    public string? LatestVersion { get; private set; }

    /// <summary>The integrations (tools) the agent needs, such as <c>slack</c>.</summary>
    public string[] RequiredIntegrations { get; private set; } = Array.Empty<string>();

    /// <summary>Governance traits, such as <c>approval-required</c>.</summary>
    public string[] GovernanceTraits { get; private set; } = Array.Empty<string>();

    /// <summary>The policies the template binds by default.</summary>
    public string[] DefaultPolicies { get; private set; } = Array.Empty<string>();

    /// <summary>How involved the blueprint is, such as <c>starter</c>.</summary>
    public string? Complexity { get; private set; }

    /// <summary>The entry's fields the module does not model, as plain values.</summary>
    public JsonFields AdditionalFields { get; private set; } = JsonFields.Empty;

    /// <summary>The entry's JSON text as the platform sent it, for -Raw.</summary>
    internal string? Json { get; set; }

    /// <summary>The id.</summary>
    public override string ToString() => Id;

    internal static CatalogAgent From(JsonElement item) => new()
    {
        Id = CatalogJson.Text(item, "id") ?? string.Empty,
        Name = CatalogJson.Text(item, "name") ?? string.Empty,
        Summary = CatalogJson.Text(item, "summary"),
        Description = CatalogJson.Text(item, "description"),
        Category = CatalogJson.Text(item, "category"),
        Tags = CatalogJson.Strings(item, "tags"),
        LatestVersion = CatalogJson.Text(item, "latest_version"),
        RequiredIntegrations = CatalogJson.Strings(item, "required_integrations"),
        GovernanceTraits = CatalogJson.Strings(item, "governance_traits"),
        DefaultPolicies = CatalogJson.Strings(item, "default_policies"),
        Complexity = CatalogJson.Text(item, "complexity"),
        AdditionalFields = CatalogJson.Extra(item, s_modelled),
    };
}

/// <summary>The deployment template of a catalog manifest: what a deploy from the catalog sends.</summary>
public sealed class CatalogDeploymentTemplate
{
    private static readonly string[] s_modelled = { "agentName", "systemPrompt", "requiredTools", "policies", "identityProvider", "sourceType", "sourceFiles" };

    /// <summary>The agent name a deploy uses unless -Name gives another.</summary>
    public string? AgentName { get; private set; }

    /// <summary>The system prompt.</summary>
    public string? SystemPrompt { get; private set; }

    /// <summary>The tools the agent calls.</summary>
    public string[] RequiredTools { get; private set; } = Array.Empty<string>();

    /// <summary>The policies bound.</summary>
    public string[] Policies { get; private set; } = Array.Empty<string>();

    /// <summary>The identity provider the agent's users sign in with.</summary>
    public string? IdentityProvider { get; private set; }

    /// <summary>How the agent is built, such as <c>source</c>.</summary>
    public string? SourceType { get; private set; }

    /// <summary>The source files, keyed by their paths; sent as they are (not cleaned for printing).</summary>
    public IReadOnlyDictionary<string, string> SourceFiles { get; private set; } = new Dictionary<string, string>();

    /// <summary>The template's fields the module does not model, as plain values.</summary>
    public JsonFields AdditionalFields { get; private set; } = JsonFields.Empty;

    /// <summary>The agent name and the number of files.</summary>
    public override string ToString() => $"{AgentName} ({SourceFiles.Count} files)";

    internal static CatalogDeploymentTemplate From(JsonElement item)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("sourceFiles", out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var file in map.EnumerateObject())
            {
                if (file.Value.ValueKind == JsonValueKind.String)
                {
                    files[file.Name] = file.Value.GetString()!;
                }
            }
        }

        return new CatalogDeploymentTemplate
        {
            AgentName = CatalogJson.Text(item, "agentName"),
            SystemPrompt = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("systemPrompt", out var prompt) && prompt.ValueKind == JsonValueKind.String ? prompt.GetString() : null,
            RequiredTools = CatalogJson.Strings(item, "requiredTools"),
            Policies = CatalogJson.Strings(item, "policies"),
            IdentityProvider = CatalogJson.Text(item, "identityProvider"),
            SourceType = CatalogJson.Text(item, "sourceType"),
            SourceFiles = files,
            AdditionalFields = CatalogJson.Extra(item, s_modelled),
        };
    }
}

/// <summary>One version of a catalog agent's manifest, as Get-RACatalogAgent reads it (the platform's camelCase shape).</summary>
public sealed class CatalogAgentManifest : PlatformObject
{
    private static readonly string[] s_modelled =
    {
        "id", "version", "name", "summary", "description", "category", "tags", "defaultModel", "requiredIntegrations", "governanceTraits", "defaultPolicies", "publishedAt", "deploymentTemplate",
    };

    /// <summary>The catalog id.</summary>
    public string Id { get; private set; } = string.Empty;

    /// <summary>The manifest's version, such as <c>1.2.0</c>.</summary>
    public string Version { get; private set; } = string.Empty;

    /// <summary>The display name.</summary>
    public string Name { get; private set; } = string.Empty;

    /// <summary>One line on what the agent does.</summary>
    public string? Summary { get; private set; }

    /// <summary>A longer description.</summary>
    public string? Description { get; private set; }

    /// <summary>The category.</summary>
    public string? Category { get; private set; }

    /// <summary>The tags.</summary>
    public string[] Tags { get; private set; } = Array.Empty<string>();

    /// <summary>The model the blueprint is written for, such as <c>gpt-4o-mini</c> or <c>openai/gpt-4o-mini</c>.</summary>
    public string? DefaultModel { get; private set; }

    /// <summary>The integrations (tools) the agent needs.</summary>
    public string[] RequiredIntegrations { get; private set; } = Array.Empty<string>();

    /// <summary>Governance traits.</summary>
    public string[] GovernanceTraits { get; private set; } = Array.Empty<string>();

    /// <summary>The policies the blueprint recommends.</summary>
    public string[] DefaultPolicies { get; private set; } = Array.Empty<string>();

    /// <summary>When this version was published, in UTC.</summary>
    public DateTimeOffset? Published { get; private set; }

    /// <summary>What a deploy from the catalog sends: agent name, prompt, tools, policies, identity provider, source files.</summary>
    public CatalogDeploymentTemplate DeploymentTemplate { get; private set; } = CatalogDeploymentTemplate.From(default);

    /// <summary>The paths of the template's source files.</summary>
    public string[] SourceFiles => DeploymentTemplate.SourceFiles.Keys.ToArray();

    /// <summary>The manifest's fields the module does not model (prompts, useCases, changelog...), as plain values.</summary>
    public JsonFields AdditionalFields { get; private set; } = JsonFields.Empty;

    /// <summary>The manifest's JSON text as the platform sent it, for -Raw and the runagents.catalog.json Save-RACatalogAgent writes.</summary>
    internal string? Json { get; set; }

    /// <summary><c>id@version</c>.</summary>
    public override string ToString() => $"{Id}@{Version}";

    internal static CatalogAgentManifest From(JsonElement item) => new()
    {
        Id = CatalogJson.Text(item, "id") ?? string.Empty,
        Version = CatalogJson.Text(item, "version") ?? string.Empty,
        Name = CatalogJson.Text(item, "name") ?? string.Empty,
        Summary = CatalogJson.Text(item, "summary"),
        Description = CatalogJson.Text(item, "description"),
        Category = CatalogJson.Text(item, "category"),
        Tags = CatalogJson.Strings(item, "tags"),
        DefaultModel = CatalogJson.Text(item, "defaultModel"),
        RequiredIntegrations = CatalogJson.Strings(item, "requiredIntegrations"),
        GovernanceTraits = CatalogJson.Strings(item, "governanceTraits"),
        DefaultPolicies = CatalogJson.Strings(item, "defaultPolicies"),
        Published = CatalogJson.Time(item, "publishedAt"),
        DeploymentTemplate = CatalogDeploymentTemplate.From(item.ValueKind == JsonValueKind.Object && item.TryGetProperty("deploymentTemplate", out var t) ? t : default),
        AdditionalFields = CatalogJson.Extra(item, s_modelled),
    };
}

/// <summary>One published version of a catalog agent, as Get-RACatalogAgentVersion lists them (newest first).</summary>
public sealed class CatalogAgentVersion : PlatformObject
{
    /// <summary>The catalog id.</summary>
    public string Id { get; internal set; } = string.Empty;

    /// <summary>The version, such as <c>1.2.0</c>.</summary>
    public string Version { get; private set; } = string.Empty;

    /// <summary>When it was published, in UTC.</summary>
    public DateTimeOffset? Published { get; private set; }

    /// <summary>One line on the version.</summary>
    public string? Summary { get; private set; }

    /// <summary>What changed.</summary>
    public string? Changelog { get; private set; }

    /// <summary>The version's fields the module does not model.</summary>
    public JsonFields AdditionalFields { get; private set; } = JsonFields.Empty;

    /// <summary>The version's JSON text, for -Raw.</summary>
    internal string? Json { get; set; }

    /// <summary><c>id@version</c>.</summary>
    public override string ToString() => $"{Id}@{Version}";

    internal static CatalogAgentVersion From(string id, JsonElement item) => new()
    {
        Id = id,
        Version = CatalogJson.Text(item, "version") ?? string.Empty,
        Published = CatalogJson.Time(item, "published_at") ?? CatalogJson.Time(item, "publishedAt"),
        Summary = CatalogJson.Text(item, "summary"),
        Changelog = CatalogJson.Text(item, "changelog"),
        AdditionalFields = CatalogJson.Extra(item, "version", "published_at", "publishedAt", "summary", "changelog"),
    };
}

/// <summary>One page of the catalog list.</summary>
internal sealed class CatalogPage
{
    public CatalogPage(List<CatalogAgent> items, long? total)
    {
        Items = items;
        Total = total;
    }

    public List<CatalogAgent> Items { get; }

    public long? Total { get; }

    /// <summary>
    /// True when no page follows page <paramref name="page"/> of <paramref name="size"/> items: a short page, the total
    /// reached, or a platform that ignored the paging and answered more at once.
    /// </summary>
    public bool IsLast(long page, int size) => Items.Count != size || (Total is long total && page * size >= total);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
