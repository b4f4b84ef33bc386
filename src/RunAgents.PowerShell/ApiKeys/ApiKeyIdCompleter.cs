using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Completers;

/// <summary>Completes -Id of the API key cmdlets with the ids of the workspace's keys, their names as tooltips; quiet when the platform is slow or away.</summary>
public sealed class ApiKeyIdCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var connection = Completion.Connection(fakeBoundParameters);
        if (connection is null)
        {
            return Array.Empty<CompletionResult>();
        }

        var keys = CompletionCache.Get(connection, nameof(ApiKeyIdCompleter), static (c, options, token) => new WorkspaceAuthApi(c.Transport).ListKeysAsync(options, token));
        var typed = Completion.Wanted(parameterName, wordToComplete, commandAst, fakeBoundParameters);
        return keys.Where(k => k.Id.Length > 0 && typed(k.Id)).OrderBy(k => k.Id, StringComparer.OrdinalIgnoreCase)
            .Select(k => Completion.Result(k.Id, k.Name.Length > 0 ? k.Name : k.Id)).ToList();
    }
}
