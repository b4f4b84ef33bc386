using System.Management.Automation;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Adds a model provider, refusing a name that is taken.</summary>
[Cmdlet(VerbsCommon.New, "RAModelProvider", DefaultParameterSetName = ParametersSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpUris.Docs + "New-RAModelProvider.md")]
[OutputType(typeof(ModelProvider))]
public sealed class NewRAModelProviderCommand : ModelProviderDocumentCommand
{
    /// <inheritdoc/>
    private protected override bool CreateOnly => true;
}
