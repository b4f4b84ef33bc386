using System.Management.Automation;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Applies an identity provider: creates it, updates what differs, or leaves it as it is.</summary>
[Cmdlet(VerbsCommon.Set, "RAIdentityProvider", DefaultParameterSetName = ParametersSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpUris.Docs + "Set-RAIdentityProvider.md")]
[OutputType(typeof(IdentityProvider))]
public sealed class SetRAIdentityProviderCommand : IdentityProviderDocumentCommand
{
    /// <summary>Writes the identity provider as the platform has it after the apply, changed or not.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Applies an identity provider read earlier although the platform's copy has changed since.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc/>
    private protected override bool CreateOnly => false;

    /// <inheritdoc/>
    private protected override bool PassThruRequested => PassThru;

    /// <inheritdoc/>
    private protected override bool ForceRequested => Force;
}
