using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Completers;

/// <summary>Completes -Id of the API key cmdlets with the ids of the workspace's keys, their names as tooltips; quiet when the platform is slow or away.</summary>
public sealed class ApiKeyIdCompleter : IArgumentCompleter
{
    private static readonly TimeSpan s_budget = TimeSpan.FromSeconds(3);

    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var connection = Completion.Connection(fakeBoundParameters);
        if (connection is null)
        {
            return Array.Empty<CompletionResult>();
        }

        List<WorkspaceApiKey> keys;
        using (var cancel = new CancellationTokenSource(s_budget))
        {
            try
            {
                var api = new WorkspaceAuthApi(connection.Transport);
                keys = Task.Run(() => api.ListKeysAsync(new RequestOptions { Timeout = s_budget, MaxRetryCount = 0 }, cancel.Token)).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is RunAgentsApiException or OperationCanceledException or ArgumentException)
            {
                // A completer must never print an error at the prompt: no service, no suggestions.
                return Array.Empty<CompletionResult>();
            }
        }

        var typed = Completion.Wanted(parameterName, wordToComplete, commandAst, fakeBoundParameters);
        return keys.Where(k => k.Id.Length > 0 && typed(k.Id)).OrderBy(k => k.Id, StringComparer.OrdinalIgnoreCase)
            .Select(k => Completion.Result(k.Id, k.Name.Length > 0 ? k.Name : k.Id)).ToList();
    }
}
