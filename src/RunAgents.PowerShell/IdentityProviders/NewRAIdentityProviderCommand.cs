using System.Management.Automation;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Adds an identity provider, refusing a name that is taken.</summary>
[Cmdlet(VerbsCommon.New, "RAIdentityProvider", DefaultParameterSetName = ParametersSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpUris.Docs + "New-RAIdentityProvider.md")]
[OutputType(typeof(IdentityProvider))]
public sealed class NewRAIdentityProviderCommand : IdentityProviderDocumentCommand
{
    /// <inheritdoc/>
    private protected override bool CreateOnly => true;
}
