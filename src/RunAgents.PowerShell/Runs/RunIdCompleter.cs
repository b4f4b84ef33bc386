using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Completers;

/// <summary>Completes run ids from the platform's runs, newest first, each with its agent, status, time and message as the tooltip.</summary>
public class RunIdCompleter : IArgumentCompleter
{
    // PAUSED asks for both pauses at once; the platform filters by one status a request.
    private static readonly string[] s_every = { RunStatus.Running, "PAUSED", RunStatus.Completed, RunStatus.Failed };
    private static readonly string[] s_unfinished = { RunStatus.Running, "PAUSED" };

    /// <summary>True to offer only the runs that have not ended, which are the ones worth waiting for.</summary>
    private protected virtual bool UnfinishedOnly => false;

    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var statuses = UnfinishedOnly ? s_unfinished : s_every;
        return Completion.Ids(
            UnfinishedOnly ? "runs-unfinished" : "runs",
            (c, options, token) => ListAsync(c, statuses, options, token),
            r => r.Id,
            ToolTip,
            runs => runs.OrderByDescending(r => r.CreatedAt ?? DateTimeOffset.MinValue),
            parameterName,
            wordToComplete,
            commandAst,
            fakeBoundParameters);
    }

    /// <summary>What a run is, in one line: <c>finance/payment-approver, PAUSED_APPROVAL, 2026-11-29 05:15 UTC: Refund order 1042</c>.</summary>
    private static string ToolTip(Run run)
    {
        var parts = new List<string> { AgentPath.Identity(run.Namespace, run.Agent ?? "?"), run.Status ?? "?" };
        if (run.CreatedAt is { } created)
        {
            parts.Add(created.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC");
        }

        var line = string.Join(", ", parts);
        return string.IsNullOrEmpty(run.Message) ? line : $"{line}: {run.Message}";
    }

    private static async Task<List<Run>> ListAsync(RAConnection connection, string[] statuses, RequestOptions options, CancellationToken token)
    {
        var runs = new List<Run>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var status in statuses)
        {
            foreach (var run in await connection.Runs.ListAsync(null, new[] { status }, options, token).ConfigureAwait(false))
            {
                if (seen.Add(run.Id))
                {
                    runs.Add(run);
                }
            }
        }

        return runs;
    }
}

/// <summary>Completes the run ids of Wait-RARun: the runs still running or paused, newest first.</summary>
public sealed class UnfinishedRunIdCompleter : RunIdCompleter
{
    private protected override bool UnfinishedOnly => true;
}
