using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Gets runs: what happened in each invoke of an agent.</summary>
[Cmdlet(VerbsCommon.Get, "RARun", DefaultParameterSetName = ListSet)]
[OutputType(typeof(Run))]
public sealed class GetRARunCommand : RunAgentsCmdlet
{
    private const string ListSet = "List";
    private const string ByIdSet = "ById";

    /// <summary>The ids of the runs to get; binds from an invoke answer's RunId.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ByIdSet)]
    [Alias("Id")]
    [ValidateAgentName(What = "run id")]
    public string[]? RunId { get; set; }

    /// <summary>Only the runs of this agent.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateNotNullOrEmpty]
    public string? Agent { get; set; }

    /// <summary>Only runs in these statuses; wildcards allowed, and <c>*</c> lists every status. Without it (and without -Agent) the platform lists RUNNING runs only.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RunStatusCompleter))]
    public string[]? Status { get; set; }

    /// <summary>The timeout of each request in seconds, instead of the connection's.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; }

    /// <summary>How many times to retry a transient failure, instead of the connection's setting.</summary>
    [Parameter]
    [ValidateRange(0, 10)]
    public int MaxRetryCount { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == ByIdSet)
        {
            foreach (var id in RunId!)
            {
                try
                {
                    WriteFromPlatform(Await(ActiveConnection.Runs.GetAsync(id, Requests, StopToken)), ActiveConnection);
                }
                catch (RunAgentsApiException e)
                {
                    WriteApiError(e, "Cannot get run", id, notFoundId: "RunNotFound");
                }
            }

            return;
        }

        // PAUSED is a filter the platform takes for both pauses, though no run has that status.
        var filters = RunStatus.Known.Concat(new[] { "PAUSED" }).ToArray();
        var statuses = StatusFilter.Expand(Status, RunStatus.Known, s => WriteWarning($"'{s}' is not a run status the API documents ({string.Join(", ", filters)}); asking for it anyway."), filters);
        if (statuses is { Count: 0 })
        {
            WriteWarning($"-Status {string.Join(",", Status!)} matches none of the run statuses the API documents ({string.Join(", ", RunStatus.Known)}).");
            return;
        }

        List<Run> runs;
        try
        {
            runs = StatusFilter.PerStatus(statuses, filter => Await(ActiveConnection.Runs.ListAsync(Agent, filter, Requests, StopToken)), r => r.Id);
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot list runs of", ActiveConnection.Uri);
            return;
        }

        foreach (var run in runs.OrderBy(r => r.CreatedAt ?? DateTime.MinValue))
        {
            WriteFromPlatform(run, ActiveConnection);
        }
    }
}
