using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Removes policies: the agents bound to one lose what it allowed. Asks first, and refuses while an agent is bound to the policy, unless -Force.</summary>
[Cmdlet(VerbsCommon.Remove, "RAPolicy", DefaultParameterSetName = NameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpUris.Docs + "Remove-RAPolicy.md")]
[OutputType(typeof(Policy))]
public sealed class RemoveRAPolicyCommand : RemoveResourceCommand<Policy>
{
    /// <inheritdoc/>
    private protected override ResourceKind Kind => PolicyKind.Kind;

    /// <inheritdoc/>
    /// <remarks>The platform says which agents are bound to a policy when it is read (<c>used_by</c>); read it now, not from a piped copy.</remarks>
    private protected override IEnumerable<string> Dependents(RAConnection connection, string name) =>
        Await(Api(connection).GetAsync(name, Requests, StopToken)).UsedBy.Select(agent => $"agent '{agent}' is bound to it").ToList();
}
