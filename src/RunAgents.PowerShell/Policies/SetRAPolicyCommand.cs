using System.Management.Automation;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Applies a policy: creates it, replaces it when it differs, or leaves it as it is.</summary>
[Cmdlet(VerbsCommon.Set, "RAPolicy", DefaultParameterSetName = ParametersSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpUris.Docs + "Set-RAPolicy.md")]
[OutputType(typeof(Policy))]
public sealed class SetRAPolicyCommand : PolicyDocumentCommand
{
    /// <summary>Rules to add to the policy's; one it has already is not added twice.</summary>
    [Parameter]
    [ValidateNotNull]
    [PolicyPartTransformation]
    public PolicyRule[]? AddRule { get; set; }

    /// <summary>Rules to take out of the policy's: those with the same permission, operations, resource and tags.</summary>
    [Parameter]
    [ValidateNotNull]
    [PolicyPartTransformation]
    public PolicyRule[]? RemoveRule { get; set; }

    /// <summary>Writes the policy as the platform has it after the apply, changed or not.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Applies a policy read earlier although the platform's copy has changed since.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc/>
    private protected override bool CreateOnly => false;

    /// <inheritdoc/>
    private protected override bool PassThruRequested => PassThru;

    /// <inheritdoc/>
    private protected override bool ForceRequested => Force;

    /// <inheritdoc/>
    private protected override PolicyRule[]? RulesToAdd => AddRule;

    /// <inheritdoc/>
    private protected override PolicyRule[]? RulesToRemove => RemoveRule;
}
