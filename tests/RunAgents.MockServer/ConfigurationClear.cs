using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>
/// Makes the workspace an empty one that still runs its agents, as a workspace a configuration folder is imported into:
/// no tools, model providers, policies, identity providers or approval connectors, and (unless asked to keep it) each
/// agent's config blank: no system prompt, identity provider, models, tools or policies.
/// </summary>
internal static class ConfigurationClear
{
    private const string IdentityLabel = "platform.ai/identity-provider";

    /// <summary>Clears the configuration; <paramref name="agentConfig"/> false keeps the agents' config as it is.</summary>
    public static void Clear(MockState state, bool agentConfig)
    {
        state.Catalog.Tools.Clear();
        state.Catalog.ModelProviders.Clear();
        state.Catalog.Policies.Clear();
        state.Catalog.IdentityProviders.Clear();
        state.Connectors.Clear();
        if (!agentConfig)
        {
            return;
        }

        foreach ((AgentKey key, _) in state.Agents.Bindings())
        {
            state.Agents.Edit(key, Blank);
        }
    }

    private static void Blank(JsonObject agent)
    {
        (agent["labels"] as JsonObject)?.Remove(IdentityLabel);
        if (agent["spec"] is JsonObject spec)
        {
            spec.Remove("systemPrompt");
            spec.Remove("llmConfig");
            spec["llmConfigs"] = new JsonArray();
            spec["requiredTools"] = new JsonArray();
            spec["policies"] = new JsonArray();
        }
    }
}
