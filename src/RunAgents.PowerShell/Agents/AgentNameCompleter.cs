using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace RunAgents.PowerShell.Completers;

/// <summary>Completes -Name from the connected platform's agents, within a -Namespace already on the line; <c>namespace/</c> with the agents there.</summary>
public sealed class AgentNameCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var connection = Completion.Connection(fakeBoundParameters);
        if (connection is null)
        {
            return Enumerable.Empty<CompletionResult>();
        }

        if (Completion.AgentPaths(connection, parameterName, wordToComplete, commandAst, fakeBoundParameters) is { } paths)
        {
            return paths;
        }

        var namespaces = Completion.Bound(fakeBoundParameters, "Namespace");
        var typed = Completion.Wanted(parameterName, wordToComplete, commandAst, fakeBoundParameters);
        return AgentCatalog.Get(connection)
            .Where(a => typed(a.Name) && (namespaces.Length == 0 || namespaces.Any(p => p.IsMatch(a.Namespace))))
            .GroupBy(a => a.Name)
            .OrderBy(g => g.Key, System.StringComparer.OrdinalIgnoreCase)
            .Select(g => Completion.Result(g.Key, string.Join(", ", g.Select(a => $"{a.Namespace}/{a.Name} ({a.Phase})"))))
            .ToList();
    }
}
