using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Gets the model providers of the platform: every one, or those whose names match, or those that offer a model.</summary>
[Cmdlet(VerbsCommon.Get, "RAModelProvider", HelpUri = HelpUris.Docs + "Get-RAModelProvider.md")]
[OutputType(typeof(ModelProvider), typeof(string))]
public sealed class GetRAModelProviderCommand : GetResourceCommand<ModelProvider>
{
    /// <summary>Only the providers that list one of these models; wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Model { get; set; }

    /// <inheritdoc/>
    private protected override ResourceKind Kind => ModelProviderKind.Kind;

    /// <inheritdoc/>
    private protected override bool Keep(ModelProvider item) =>
        Model is null || Patterns(Model).Any(p => item.Models.Any(p.IsMatch));
}
