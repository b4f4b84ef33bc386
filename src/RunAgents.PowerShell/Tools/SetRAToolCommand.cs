using System.Management.Automation;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Applies a tool: creates it, updates what differs, or leaves it as it is.</summary>
[Cmdlet(VerbsCommon.Set, "RATool", DefaultParameterSetName = ParametersSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpUris.Docs + "Set-RATool.md")]
[OutputType(typeof(Tool))]
public sealed class SetRAToolCommand : ToolDocumentCommand
{
    /// <summary>Writes the tool as the platform has it after the apply, changed or not.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Applies a tool read earlier although the platform's copy has changed since.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc/>
    private protected override bool CreateOnly => false;

    /// <inheritdoc/>
    private protected override bool PassThruRequested => PassThru;

    /// <inheritdoc/>
    private protected override bool ForceRequested => Force;
}
