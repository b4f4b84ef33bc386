using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Gets the policies of the platform: every one, or those whose names match, or those bound to an agent.</summary>
[Cmdlet(VerbsCommon.Get, "RAPolicy", HelpUri = HelpUris.Docs + "Get-RAPolicy.md")]
[OutputType(typeof(Policy), typeof(string))]
public sealed class GetRAPolicyCommand : GetResourceCommand<Policy>
{
    /// <summary>Only policies bound to these agents, by name or <c>namespace/name</c>; wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AgentNameCompleter))]
    public string[]? UsedBy { get; set; }

    /// <inheritdoc/>
    private protected override ResourceKind Kind => PolicyKind.Kind;

    /// <inheritdoc/>
    private protected override bool Keep(Policy item)
    {
        if (UsedBy is null)
        {
            return true;
        }

        var patterns = Patterns(UsedBy);
        return item.UsedBy.Any(agent => patterns.Any(p => p.IsMatch(agent) || p.IsMatch(agent.Substring(agent.LastIndexOf('/') + 1))));
    }
}
