using System.Management.Automation;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Registers a tool, refusing a name that is taken.</summary>
[Cmdlet(VerbsCommon.New, "RATool", DefaultParameterSetName = ParametersSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpUris.Docs + "New-RATool.md")]
[OutputType(typeof(Tool))]
public sealed class NewRAToolCommand : ToolDocumentCommand
{
    /// <inheritdoc/>
    private protected override bool CreateOnly => true;
}
