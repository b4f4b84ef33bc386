using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Removes identity providers: the users of agents that sign in with one cannot call them from then on. Asks first, and
/// refuses while an agent uses the provider, unless -Force.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "RAIdentityProvider", DefaultParameterSetName = NameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpUris.Docs + "Remove-RAIdentityProvider.md")]
[OutputType(typeof(IdentityProvider))]
public sealed class RemoveRAIdentityProviderCommand : RemoveResourceCommand<IdentityProvider>
{
    /// <summary>The most agents whose config is read for the provider: beyond them, their labels alone tell.</summary>
    internal const int MaxConfigReads = 200;

    /// <summary>How many configs are read at once.</summary>
    private const int Parallel = 8;

    /// <inheritdoc/>
    private protected override ResourceKind Kind => IdentityProviderKind.Kind;

    /// <inheritdoc/>
    /// <remarks>
    /// An agent uses the provider when its label <c>platform.ai/identity-provider</c> names it (one list of agents tells),
    /// or its config's <c>identity_provider</c> does: the configs of the agents whose label does not name it are read,
    /// 8 at a time and at most 200, on a platform that has the config route (the root API may not: then labels alone tell).
    /// </remarks>
    private protected override IEnumerable<string> Dependents(RAConnection connection, string name)
    {
        var found = new List<string>();
        var others = new List<Agent>();
        foreach (var agent in AwaitEach(connection.Client.ListAgentsAsync(Requests, StopToken)))
        {
            if (agent.Labels is { } labels && labels.TryGetValue(DeployFromAgent.IdentityProviderLabel, out var label) && string.Equals(label, name, StringComparison.Ordinal))
            {
                found.Add($"agent '{agent}' signs its users in with it");
            }
            else
            {
                others.Add(agent);
            }
        }

        if (others.Count > MaxConfigReads)
        {
            WriteWarning($"Only the labels of {others.Count - MaxConfigReads} of the agents were checked for identity provider '{name}': the configs of the first {MaxConfigReads} were read.");
        }

        var api = new AgentConfigApi(connection.Transport, connection.Client);
        var supported = true;
        foreach (var batch in others.Take(MaxConfigReads).Select((a, i) => (a, i)).GroupBy(p => p.i / Parallel, p => p.a))
        {
            if (!supported)
            {
                break;
            }

            var reads = batch.Select(a => (Agent: a, Task: api.GetAsync(connection.FindsAgentsByName ? null : a.Namespace, a.Name, Requests, StopToken))).ToList();
            try
            {
                Await(Task.WhenAll(reads.Select(r => (Task)r.Task)));
            }
            catch (RunAgentsApiException)
            {
                // Each read is judged below.
            }

            foreach (var (agent, task) in reads)
            {
                if (task.Status == TaskStatus.RanToCompletion)
                {
                    if (string.Equals(task.Result.IdentityProvider, name, StringComparison.Ordinal))
                    {
                        found.Add($"agent '{agent}' names it in its config");
                    }
                }
                else if (task.Exception?.InnerException is RunAgentsApiException e)
                {
                    if (api.NotSupported(e))
                    {
                        // The root API without the config route: the labels are all there is.
                        supported = false;
                        WriteVerbose($"The platform has no agent config route ({e.StatusCode}): agents' labels alone tell which use identity provider '{name}'.");
                        break;
                    }

                    if (e.Failure != ApiFailure.NotFound)
                    {
                        // Not known to be unused: removing it could lock that agent's users out.
                        throw e;
                    }
                }
            }
        }

        return found;
    }
}
