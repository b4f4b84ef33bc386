using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Removes model providers: agents' calls to their models fail from then on. Asks first, and refuses while an agent's
/// model configuration uses the provider, unless -Force.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "RAModelProvider", DefaultParameterSetName = NameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpUris.Docs + "Remove-RAModelProvider.md")]
[OutputType(typeof(ModelProvider))]
public sealed class RemoveRAModelProviderCommand : RemoveResourceCommand<ModelProvider>
{
    private static readonly string[] s_configLists = { "llmConfigs", "llm_configs" };

    /// <inheritdoc/>
    private protected override ResourceKind Kind => ModelProviderKind.Kind;

    /// <inheritdoc/>
    /// <remarks>
    /// An agent uses the provider when its model configuration (<c>spec.llmConfig</c>, or each of a list of them)
    /// names the provider, or asks for a model the provider lists: the gateway finds the provider by the model's name.
    /// A provider that does not exist has no dependents; the delete then says it was not found.
    /// </remarks>
    private protected override IEnumerable<string> Dependents(RAConnection connection, string name)
    {
        ModelProvider provider;
        try
        {
            provider = Await(Api(connection).GetAsync(name, Requests, StopToken));
        }
        catch (RunAgentsApiException e) when (e.Failure == ApiFailure.NotFound)
        {
            return Array.Empty<string>();
        }

        var models = new HashSet<string>(provider.Models, StringComparer.OrdinalIgnoreCase);
        var found = new List<string>();
        foreach (var agent in AwaitEach(connection.Client.ListAgentsAsync(Requests, StopToken)))
        {
            foreach (var (named, model) in Configs(agent))
            {
                if (string.Equals(named, name, StringComparison.OrdinalIgnoreCase))
                {
                    found.Add($"agent '{agent}' names it as its model provider");
                    break;
                }

                if (model is not null && models.Contains(model))
                {
                    found.Add($"agent '{agent}' uses its model '{model}'");
                    break;
                }
            }
        }

        return found;
    }

    /// <summary>The provider and model of each of an agent's model configurations.</summary>
    private static IEnumerable<(string? Provider, string? Model)> Configs(Agent agent)
    {
        if (agent.Spec?.LlmConfig is { } primary)
        {
            yield return (primary.Provider, primary.Model);
        }

        foreach (var list in s_configLists)
        {
            if (agent.Spec?.ExtensionData is { } extra && extra.TryGetValue(list, out var configs) && configs.ValueKind == JsonValueKind.Array)
            {
                foreach (var config in configs.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object))
                {
                    yield return (Text(config, "model_provider") ?? Text(config, "modelProvider") ?? Text(config, "provider"), Text(config, "model"));
                }
            }
        }
    }

    private static string? Text(JsonElement item, string field) =>
        item.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
