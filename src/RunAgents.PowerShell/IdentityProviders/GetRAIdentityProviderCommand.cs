using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Gets the identity providers of the platform: every one, or those whose names match.</summary>
[Cmdlet(VerbsCommon.Get, "RAIdentityProvider", HelpUri = HelpUris.Docs + "Get-RAIdentityProvider.md")]
[OutputType(typeof(IdentityProvider), typeof(string))]
public sealed class GetRAIdentityProviderCommand : GetResourceCommand<IdentityProvider>
{
    /// <inheritdoc/>
    private protected override ResourceKind Kind => IdentityProviderKind.Kind;
}
