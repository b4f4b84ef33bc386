using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Removes tools: agents' calls to them are denied from then on. Asks first, and refuses while an agent or a policy names the tool, unless -Force.</summary>
[Cmdlet(VerbsCommon.Remove, "RATool", DefaultParameterSetName = NameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpUris.Docs + "Remove-RATool.md")]
[OutputType(typeof(Tool))]
public sealed class RemoveRAToolCommand : RemoveResourceCommand<Tool>
{
    /// <inheritdoc/>
    private protected override ResourceKind Kind => ToolKind.Kind;

    /// <inheritdoc/>
    private protected override IEnumerable<string> Dependents(RAConnection connection, string name)
    {
        var found = new List<string>();
        foreach (var agent in AwaitEach(connection.Client.ListAgentsAsync(Requests, StopToken)))
        {
            if (agent.Tools.Contains(name, System.StringComparer.OrdinalIgnoreCase))
            {
                found.Add($"agent '{agent}' requires it");
            }
        }

        var policies = Await(new ResourceApi<Policy>(connection.Transport, PolicyKind.Kind).ListAsync(Requests, StopToken));
        found.AddRange(policies.Where(p => p.NamesTool(name)).Select(p => $"policy '{p}' names it in an approval"));
        return found;
    }
}
