using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Completers;

/// <summary>Completes -Id of the API key cmdlets with the ids of the workspace's keys, their names as tooltips; quiet when the platform is slow or away.</summary>
public sealed class ApiKeyIdCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Ids(
            nameof(ApiKeyIdCompleter),
            static (c, options, token) => new WorkspaceAuthApi(c.Transport).ListKeysAsync(options, token),
            k => k.Id,
            k => k.Name.Length > 0 ? k.Name : k.Id,
            null,
            parameterName,
            wordToComplete,
            commandAst,
            fakeBoundParameters);
}
