using System.Management.Automation;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Creates a policy, refusing a name that is taken and a policy with no rule.</summary>
[Cmdlet(VerbsCommon.New, "RAPolicy", DefaultParameterSetName = ParametersSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpUris.Docs + "New-RAPolicy.md")]
[OutputType(typeof(Policy))]
public sealed class NewRAPolicyCommand : PolicyDocumentCommand
{
    /// <inheritdoc/>
    private protected override bool CreateOnly => true;
}
