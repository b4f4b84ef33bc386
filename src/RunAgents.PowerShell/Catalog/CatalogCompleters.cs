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

/// <summary>Completes catalog ids from the platform's catalog, their names as tooltips; quiet when the platform is slow or away.</summary>
public sealed class CatalogAgentIdCompleter : IArgumentCompleter
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

        List<CatalogAgent> agents;
        using (var cancel = new CancellationTokenSource(s_budget))
        {
            try
            {
                var api = new CatalogAgentsApi(connection.Transport);
                agents = Task.Run(() => api.ListAsync(new CatalogQuery(), 1, CatalogAgentsApi.MaxPageSize, new RequestOptions { Timeout = s_budget, MaxRetryCount = 0 }, cancel.Token)).GetAwaiter().GetResult().Items;
            }
            catch (Exception e) when (e is RunAgentsApiException or OperationCanceledException or ArgumentException)
            {
                // A completer must never print an error at the prompt: no service, no suggestions.
                return Array.Empty<CompletionResult>();
            }
        }

        var typed = Completion.Wanted(parameterName, wordToComplete, commandAst, fakeBoundParameters);
        return agents.Where(a => a.Id.Length > 0 && typed(a.Id)).OrderBy(a => a.Id, StringComparer.OrdinalIgnoreCase)
            .Select(a => Completion.Result(a.Id, a.Name.Length > 0 ? a.Name : a.Id)).ToList();
    }
}

/// <summary>Completes -Version (-CatalogVersion) with the versions of the catalog agent named on the line, newest first.</summary>
public sealed class CatalogVersionCompleter : IArgumentCompleter
{
    private static readonly TimeSpan s_budget = TimeSpan.FromSeconds(3);

    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var connection = Completion.Connection(fakeBoundParameters);
        var id = (fakeBoundParameters["Id"] ?? fakeBoundParameters["CatalogId"]) switch
        {
            string text => text,
            string[] { Length: 1 } one => one[0],
            object[] { Length: 1 } one => one[0]?.ToString(),
            _ => null,
        };
        if (connection is null || string.IsNullOrEmpty(id) || WildcardPattern.ContainsWildcardCharacters(id))
        {
            return Array.Empty<CompletionResult>();
        }

        List<CatalogAgentVersion> versions;
        using (var cancel = new CancellationTokenSource(s_budget))
        {
            try
            {
                var api = new CatalogAgentsApi(connection.Transport);
                versions = Task.Run(() => api.VersionsAsync(id!, new RequestOptions { Timeout = s_budget, MaxRetryCount = 0 }, cancel.Token)).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is RunAgentsApiException or OperationCanceledException or ArgumentException)
            {
                return Array.Empty<CompletionResult>();
            }
        }

        var typed = Completion.Wanted(parameterName, wordToComplete, commandAst, fakeBoundParameters);
        return versions.Where(v => v.Version.Length > 0 && typed(v.Version))
            .Select(v => Completion.Result(v.Version, v.Summary is { Length: > 0 } s ? $"{v.Version}: {s}" : v.Version)).ToList();
    }
}
