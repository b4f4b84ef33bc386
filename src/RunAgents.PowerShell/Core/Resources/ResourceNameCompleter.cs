using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Completers;

/// <summary>
/// Completes -Name of the cmdlets of any named resource with the names the platform has, finding the resource by the
/// cmdlet's noun (an attribute on a generic base cannot name its type argument); quiet when the platform is slow or away.
/// </summary>
public sealed class ResourceNameCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var dash = commandName.IndexOf('-');
        var kind = dash < 0 ? null : ResourceKind.ByCommandNoun(commandName.Substring(dash + 1));
        var connection = Completion.Connection(fakeBoundParameters);
        if (kind is null || connection is null)
        {
            return Array.Empty<CompletionResult>();
        }

        var items = CompletionCache.Get(connection, "resources " + kind.Noun, (c, options, token) => new ResourceApi<AnyResource>(c.Transport, kind).ListAsync(options, token));
        var typed = Completion.Wanted(parameterName, wordToComplete, commandAst, fakeBoundParameters);
        return items.Select(i => i.Name).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Where(typed)
            .OrderBy(n => n, StringComparer.OrdinalIgnoreCase).Select(n => Completion.Result(n, $"{kind.Noun} {n}")).ToList();
    }
}
