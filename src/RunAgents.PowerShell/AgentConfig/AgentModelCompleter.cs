using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Cmdlets;

namespace RunAgents.PowerShell.Completers;

/// <summary>
/// Completes Set-RAAgentConfig -Model: first a role (<c>chat=</c>), then <c>role=provider/model</c> with the
/// <c>provider/model</c> pairs the platform's model providers offer.
/// </summary>
public sealed class AgentModelCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = wordToComplete.Trim('\'', '"');
        var equals = typed.IndexOf('=');
        if (equals < 0)
        {
            return SetRAAgentConfigCommand.Roles.Where(r => r.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Select(r => Completion.Result(r + "=", $"the {r} model")).ToList();
        }

        var connection = Completion.Connection(fakeBoundParameters);
        if (connection is null)
        {
            return Array.Empty<CompletionResult>();
        }

        var role = typed.Substring(0, equals);
        var rest = typed.Substring(equals + 1);
        var models = CompletionCache.Get(connection, nameof(ModelCompleter), static (c, options, token) => c.Catalog.ModelsAsync(options, token));
        return models.Where(m => m.IndexOf('/') > 0 && m.StartsWith(rest, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(m => m, StringComparer.OrdinalIgnoreCase)
            .Select(m => Completion.Result(role + "=" + m, m))
            .ToList();
    }
}
