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
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Ids(
            "requests-pending",
            static (c, options, token) => c.AccessRequests.ListAsync(s_pending, options, token),
            r => r.Id,
            r => $"{r.Agent ?? "?"}: {r.Tool ?? "?"}",
            requests => requests.OrderByDescending(r => r.CreatedAt ?? DateTimeOffset.MinValue),
            parameterName,
            wordToComplete,
            commandAst,
            fakeBoundParameters);
}
