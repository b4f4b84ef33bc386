using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Configuration;

/// <summary>Every kind a configuration folder holds, in apply order.</summary>
internal static class ConfigurationKinds
{
    private static IReadOnlyList<ConfigurationKind>? s_all;

    /// <summary>The kinds, ordered by <see cref="ConfigurationKind.Order"/>: the order Import applies them in (Prune goes in reverse).</summary>
    public static IReadOnlyList<ConfigurationKind> All => s_all ??= Kinds().OrderBy(k => k.Order).ToList();

    /// <summary>The kind of a -Resource value (case-insensitive), or null.</summary>
    public static ConfigurationKind? ByName(string name) =>
        All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<ConfigurationKind> Kinds()
    {
        yield return new ResourceConfigurationKind<IdentityProvider>(IdentityProviderKind.Kind, "IdentityProvider", "identity-providers", 10);
        yield return new ResourceConfigurationKind<Tool>(ToolKind.Kind, "Tool", "tools", 30, hasSecret: ToolAuthenticates);
        yield return new ResourceConfigurationKind<ModelProvider>(ModelProviderKind.Kind, "ModelProvider", "model-providers", 40);
        yield return new ResourceConfigurationKind<Policy>(PolicyKind.Kind, "Policy", "policies", 50, dependsOn: PolicyNames);
        yield return ApprovalConnectorConfiguration.Instance;
        yield return AgentConfigConfiguration.Instance;
    }

    /// <summary>True when a tool authenticates to its API (APIKey, OAuth2...): then the platform holds credentials for it, which it never gives back.</summary>
    private static bool ToolAuthenticates(JsonObject tool) =>
        tool["spec"]?["connection"]?["authentication"]?["type"] is JsonValue type && type.TryGetValue<string>(out var text)
        && text.Length > 0 && !string.Equals(text, "None", StringComparison.OrdinalIgnoreCase);

    /// <summary>What a policy names: the tools of its approval bindings (<c>toolIds</c>) and the connectors they deliver to (by name).</summary>
    private static IEnumerable<(string Kind, string Name)> PolicyNames(JsonObject policy)
    {
        if (policy["spec"]?["approvals"] is not JsonArray approvals)
        {
            yield break;
        }

        foreach (var approval in approvals.OfType<JsonObject>())
        {
            foreach (var tool in Strings(approval["toolIds"]))
            {
                yield return ("Tool", tool);
            }

            foreach (var connector in Strings(approval["delivery"]?["connectors"]))
            {
                yield return ("ApprovalConnector", connector);
            }
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray array
            ? array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).Where(s => !string.IsNullOrEmpty(s)).Select(s => s!)
            : Enumerable.Empty<string>();
}
