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
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Ids(nameof(CatalogAgentIdCompleter), EveryPageAsync, a => a.Id, a => a.Name.Length > 0 ? a.Name : a.Id, null, parameterName, wordToComplete, commandAst, fakeBoundParameters);

    /// <summary>
    /// The catalog's pages, 100 entries each, until the last one or until the completion's time is up; the pages read by
    /// then are offered rather than nothing, since a catalog may be larger than a completion has time to read.
    /// </summary>
    private static async Task<List<CatalogAgent>> EveryPageAsync(RAConnection connection, RequestOptions options, CancellationToken cancellationToken)
    {
        var api = new CatalogAgentsApi(connection.Transport);
        var agents = new List<CatalogAgent>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (long page = 1; ; page++)
        {
            CatalogPage result;
            try
            {
                result = await api.ListAsync(new CatalogQuery(), page, CatalogAgentsApi.MaxPageSize, options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (agents.Count > 0 && e is OperationCanceledException or RunAgentsApiException { Failure: ApiFailure.Timeout })
            {
                return agents;
            }

            var before = agents.Count;
            agents.AddRange(result.Items.Where(a => seen.Add(a.Id)));

            // A platform that ignores the paging answers the same entries again: nothing new, so nothing more to read.
            if (result.IsLast(page, CatalogAgentsApi.MaxPageSize) || agents.Count == before)
            {
                return agents;
            }
        }
    }
}

/// <summary>Completes -Version (-CatalogVersion) with the versions of the catalog agent named on the line, newest first.</summary>
public sealed class CatalogVersionCompleter : IArgumentCompleter
{
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

        var versions = CompletionCache.Get(connection, "catalog-versions " + id, (c, options, token) => new CatalogAgentsApi(c.Transport).VersionsAsync(id!, options, token));
        var typed = Completion.Wanted(parameterName, wordToComplete, commandAst, fakeBoundParameters);
        return versions.Where(v => v.Version.Length > 0 && typed(v.Version))
            .Select(v => Completion.Result(v.Version, v.Summary is { Length: > 0 } s ? $"{v.Version}: {s}" : v.Version)).ToList();
    }
}
