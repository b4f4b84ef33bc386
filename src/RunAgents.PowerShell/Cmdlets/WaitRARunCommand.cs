using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Waits until a run ends, and writes it once COMPLETED. A pause is told at once, with the access request
/// to approve, and the wait goes on within -TimeoutSec.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "RARun")]
[OutputType(typeof(Run))]
public sealed class WaitRARunCommand : RunAgentsCmdlet
{
    /// <summary>The run to wait for; binds from a run or an invoke answer piped in.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateAgentName(What = "run id")]
    public string RunId { get; set; } = string.Empty;

    /// <summary>How long to wait in all, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 300;

    /// <summary>How long to wait between two polls, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int PollIntervalSec { get; set; } = 2;

    /// <summary>Here -TimeoutSec bounds the whole wait; each poll gets at most the time left.</summary>
    protected override int? TimeoutOverride => null;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(TimeoutSec);
        var progress = new ProgressRecord(2, $"Waiting for run {RunId}", "Polling");
        var told = new HashSet<string>(StringComparer.Ordinal);
        Run? run = null;
        while (true)
        {
            var left = deadline - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                TimedOut(run, told.Count > 0);
                break;
            }

            try
            {
                run = Await(ActiveConnection.Runs.GetAsync(RunId, RequestsWithin(left), StopToken));
            }
            catch (RunAgentsApiException e) when (e.Failure == ApiFailure.Timeout && clock.Elapsed >= deadline)
            {
                TimedOut(run, told.Count > 0);
                break;
            }
            catch (RunAgentsApiException e)
            {
                WriteApiError(e, "Cannot wait for run", RunId, notFoundId: "RunNotFound");
                break;
            }

            if (string.Equals(run.Status, RunStatus.Completed, StringComparison.OrdinalIgnoreCase))
            {
                WriteVerbose($"Run '{RunId}' completed after {clock.Elapsed.TotalSeconds:0.#} s.");
                WriteFromPlatform(run, ActiveConnection);
                break;
            }

            if (string.Equals(run.Status, RunStatus.Failed, StringComparison.OrdinalIgnoreCase))
            {
                WriteError(new ErrorRecord(
                    new InvalidOperationException($"Run '{RunId}' of agent '{run.Agent}' failed{Why(run)}."),
                    "RunFailed",
                    ErrorCategory.InvalidResult,
                    RunId));
                break;
            }

            if (run.IsPaused && told.Add(run.BlockedActionId ?? run.Status!))
            {
                TellPause(run);
            }

            progress.StatusDescription = $"{run.Status} after {clock.Elapsed.TotalSeconds:0} s";
            progress.SecondsRemaining = (int)left.TotalSeconds;
            WriteProgress(progress);
            var pause = TimeSpan.FromSeconds(PollIntervalSec);
            left = deadline - clock.Elapsed;
            if (left > TimeSpan.Zero)
            {
                Await(Task.Delay(pause < left ? pause : left, StopToken));
            }
        }

        progress.RecordType = ProgressRecordType.Completed;
        WriteProgress(progress);
    }

    /// <summary>
    /// Says at once what a paused run waits for and how to let it go on: the tool, the action and the
    /// request to approve. A pause whose request is already approved is only waiting for the platform to resume.
    /// </summary>
    private void TellPause(Run run)
    {
        if (string.Equals(run.Status, RunStatus.PausedConsent, StringComparison.OrdinalIgnoreCase))
        {
            var url = LastEventText(run, "CONSENT_REQUIRED", "authorization_url");
            WriteWarning($"Run '{run.Id}' of agent '{run.Agent}' is paused: it waits for the user's consent{(url is null ? string.Empty : $"; open {url}")}. Still waiting.");
            return;
        }

        AccessRequest? request = null;
        try
        {
            var statuses = new[] { AccessRequestStatus.Pending, AccessRequestStatus.Approved };
            request = statuses
                .SelectMany(status => Await(ActiveConnection.AccessRequests.ListAsync(new[] { status }, Requests, StopToken)))
                .FirstOrDefault(r => r.RunId == run.Id && (run.BlockedActionId is null || r.ActionId == run.BlockedActionId));
        }
        catch (RunAgentsApiException e)
        {
            WriteVerbose($"Could not look up the access request of run '{run.Id}': {e.Message}");
        }

        if (string.Equals(request?.Status, AccessRequestStatus.Approved, StringComparison.OrdinalIgnoreCase))
        {
            WriteVerbose($"Run '{run.Id}' is paused, and its access request '{request!.Id}' is approved: waiting for the platform to resume it.");
            return;
        }

        var tool = request?.Tool is null ? "a tool" : $"tool '{request.Tool}'";
        var action = run.BlockedActionId ?? request?.ActionId;
        var approve = request is null
            ? $"Get-RAAccessRequest -RunId {run.Id} | Approve-RAAccessRequest"
            : $"Approve-RAAccessRequest -Id {request.Id}";
        WriteWarning($"Run '{run.Id}' of agent '{run.Agent}' is paused: {tool} waits for approval{(action is null ? string.Empty : $" of action '{action}'")}. To let it go on: {approve}. Still waiting.");
    }

    private string Why(Run run)
    {
        var reason = LastEventText(run, "FAILED", "error") ?? LastEventText(run, "REJECTED", "reason")
            ?? LastEventText(run, "FAILED", null) ?? LastEventText(run, "INVOKE_FAILED", null);
        return reason is null ? string.Empty : ": " + reason;
    }

    /// <summary>A field of the run's last event of a type (its summary when no field is named), or null.</summary>
    private string? LastEventText(Run run, string type, string? field)
    {
        try
        {
            var last = Await(ActiveConnection.Runs.EventsAsync(run.Id, 0, Requests, StopToken)).LastOrDefault(e => string.Equals(e.Type, type, StringComparison.OrdinalIgnoreCase));
            if (last is null)
            {
                return null;
            }

            if (field is null)
            {
                return last.Summary;
            }

            if (last.DataJson.ValueKind != JsonValueKind.Object || !last.DataJson.TryGetProperty(field, out var value))
            {
                return null;
            }

            // The event's own text, bound for the console: a reason or a link the server wrote, never obeyed.
            return ServerText.Clean(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
        }
        catch (RunAgentsApiException e)
        {
            WriteVerbose($"Could not read the events of run '{run.Id}': {e.Message}");
            return null;
        }
    }

    private void TimedOut(Run? run, bool wasPaused)
    {
        var status = run?.Status ?? "not seen yet";
        var hint = wasPaused && run?.IsPaused == true
            ? string.Equals(run.Status, RunStatus.PausedConsent, StringComparison.OrdinalIgnoreCase) ? " It is still waiting for the user's consent." : " It is still waiting for approval; see the warning above."
            : string.Empty;
        WriteError(new ErrorRecord(
            new TimeoutException($"Run '{RunId}' did not end within {TimeoutSec} s; it is {status}.{hint}"),
            "WaitTimeout",
            ErrorCategory.OperationTimeout,
            RunId));
    }
}
