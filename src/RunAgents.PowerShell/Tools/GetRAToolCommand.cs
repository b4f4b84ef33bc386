using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Gets the tools registered on the platform: every one, or those whose names match.</summary>
[Cmdlet(VerbsCommon.Get, "RATool", HelpUri = HelpUris.Docs + "Get-RATool.md")]
[OutputType(typeof(Tool))]
public sealed class GetRAToolCommand : GetResourceCommand<Tool>
{
    /// <summary>Only tools in these phases (Pending, Available, Unreachable); wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ToolPhaseCompleter))]
    public string[]? Phase { get; set; }

    /// <inheritdoc/>
    private protected override ResourceKind Kind => ToolKind.Kind;

    /// <inheritdoc/>
    private protected override bool Keep(Tool item) =>
        Phase is null || Patterns(Phase).Any(p => p.IsMatch(item.Phase ?? string.Empty));
}
