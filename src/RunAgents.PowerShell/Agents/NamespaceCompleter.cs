using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace RunAgents.PowerShell.Completers;

/// <summary>Completes -Namespace from the namespaces the connected platform has agents in, and <c>namespace/</c> with the agents there.</summary>
public sealed class NamespaceCompleter : IArgumentCompleter
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

        var typed = Completion.Wanted(parameterName, wordToComplete, commandAst, fakeBoundParameters);
        return AgentCatalog.Get(connection)
            .GroupBy(a => a.Namespace)
            .Where(g => typed(g.Key))
            .OrderBy(g => g.Key, System.StringComparer.OrdinalIgnoreCase)
            .Select(g => Completion.Result(g.Key, $"{g.Key} ({g.Count()} agent{(g.Count() == 1 ? string.Empty : "s")})"))
            .ToList();
    }
}
