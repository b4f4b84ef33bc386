using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Completers;

/// <summary>Completes the ids of the pending access requests, the ones there is to decide, newest first, with the agent and tool as the tooltip.</summary>
public sealed class AccessRequestIdCompleter : IArgumentCompleter
{
    private static readonly string[] s_pending = { AccessRequestStatus.Pending };

    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var connection = Completion.Connection(fakeBoundParameters);
        if (connection is null)
        {
            return Array.Empty<CompletionResult>();
        }

        var requests = CompletionCache.Get(connection, "requests-pending", static (c, options, token) => c.AccessRequests.ListAsync(s_pending, options, token));
        var typed = Completion.Wanted(parameterName, wordToComplete, commandAst, fakeBoundParameters);
        return requests.Where(r => r.Id.Length > 0 && typed(r.Id))
            .OrderByDescending(r => r.CreatedAt ?? DateTimeOffset.MinValue)
            .Select(r => Completion.Result(r.Id, $"{r.Agent ?? "?"}: {r.Tool ?? "?"}"))
            .ToList();
    }
}
