using System;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Records a stuck run as FAILED. It changes the run's record only: work the agent has in flight is not stopped.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "RARun", DefaultParameterSetName = ByIdSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpUris.Docs + "Stop-RARun.md")]
[OutputType(typeof(Run))]
public sealed class StopRARunCommand : RequestCmdlet
{
    private const string ByIdSet = "ById";
    private const string ByInputObjectSet = "ByInputObject";
    private const string Action = "Mark the run FAILED (records it as failed; work the agent has in flight is not stopped)";

    /// <summary>The ids of the runs.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet)]
    [Alias("Id")]
    [ValidateAgentName(What = "run id")]
    [ArgumentCompleter(typeof(RunIdCompleter))]
    public string[] RunId { get; set; } = Array.Empty<string>();

    /// <summary>The runs: runs, invoke answers, access requests or run events (their run), or run ids; from the pipeline, or given here.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByInputObjectSet)]
    [ValidateNotNull]
    public PSObject[]? InputObject { get; set; }

    /// <summary>Marks the runs without asking.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Writes each run as the platform recorded it.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (var (id, connection) in RunIds.Given(this, RunId, InputObject, () => ActiveConnection))
        {
            Stop(id, connection);
        }
    }

    private void Stop(string id, RAConnection connection)
    {
        var runs = connection.Runs;
        Run run;
        try
        {
            run = Await(runs.GetAsync(id, Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot get run", id, notFoundId: "RunNotFound");
            return;
        }

        if (run.IsFinished)
        {
            WriteError(NotStoppable(run, $"Run '{id}' has already ended: it is {run.Status}."));
            return;
        }

        var target = $"{run.Id} (agent '{run.Agent ?? "unknown"}', status {run.Status ?? "unknown"})";
        if (!ShouldProcessUnlessForced(OnPlatform(target, connection), Action, Force))
        {
            return;
        }

        Run? marked;
        try
        {
            var outcome = Await(runs.MarkFailedAsync(id, Requests, StopToken));
            marked = outcome.Value;
            if (outcome.Warning is not null)
            {
                WriteWarning(outcome.Warning);
            }
        }
        catch (RunAgentsApiException e) when (e.StatusCode == 409)
        {
            // A conflict may be the answer to a copy sent again after the first landed: the run's status says which.
            Run now;
            try
            {
                now = Await(runs.GetAsync(id, Requests, StopToken));
            }
            catch (RunAgentsApiException again)
            {
                WriteApiError(again, "Cannot get run", id, notFoundId: "RunNotFound");
                return;
            }

            if (!string.Equals(now.Status, RunStatus.Failed, StringComparison.OrdinalIgnoreCase))
            {
                WriteError(NotStoppable(now, $"Run '{id}' cannot be marked failed: it is {now.Status ?? "of unknown status"} ({e.Message})."));
                return;
            }

            WriteVerbose($"The platform refused the change ({e.Message}), and run '{id}' is FAILED: an earlier copy of the request was recorded.");
            marked = now;
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot mark failed run", id, notFoundId: "RunNotFound");
            return;
        }

        WriteVerbose($"Marked run '{id}' FAILED. Work the agent had in flight is not stopped by this.");
        if (PassThru)
        {
            // The namespaced API answers only {id, agent_id, status, updated_at}: the rest is the run as it was read.
            marked ??= run;
            marked.Status ??= RunStatus.Failed;
            marked.Agent ??= run.Agent;
            marked.Namespace ??= run.Namespace;
            marked.UserId ??= run.UserId;
            marked.Message ??= run.Message;
            marked.ConversationId ??= run.ConversationId;
            marked.InvokeUrl ??= run.InvokeUrl;
            marked.CreatedAt ??= run.CreatedAt;
            WriteFromPlatform(marked, connection);
        }
    }

    private static ErrorRecord NotStoppable(Run run, string message) =>
        new(new PSInvalidOperationException(message), "RunNotStoppable", ErrorCategory.InvalidOperation, run.Id);
}
