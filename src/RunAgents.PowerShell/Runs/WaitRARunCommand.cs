using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Waits until runs end, and writes each once COMPLETED, with the agent's answer. A pause is told at once, with the
/// access request to approve, and the wait goes on within -Timeout; a failure says why, a denial who denied and why.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "RARun", DefaultParameterSetName = ByIdSet, HelpUri = HelpUris.Docs + "Wait-RARun.md")]
[OutputType(typeof(Run))]
public sealed class WaitRARunCommand : RequestCmdlet
{
    private const string ByIdSet = "ById";
    private const string ByInputObjectSet = "ByInputObject";

    private readonly List<Waiting> _waiting = new();

    /// <summary>The ids of the runs to wait for.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet)]
    [Alias("Id")]
    [ValidateAgentName(What = "run id")]
    [ArgumentCompleter(typeof(UnfinishedRunIdCompleter))]
    public string[] RunId { get; set; } = Array.Empty<string>();

    /// <summary>The runs to wait for: runs, invoke answers, access requests or run events (their run), or run ids; from the pipeline, or given here.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByInputObjectSet)]
    [ValidateNotNull]
    public PSObject[]? InputObject { get; set; }

    /// <summary>How long to wait in all, in seconds, every request in it included.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int Timeout { get; set; } = 300;

    /// <summary>How long to wait between two polls, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int PollIntervalSec { get; set; } = 2;

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        WarnOfTimeoutSecInAWait(nameof(Timeout), Timeout);
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (var (id, connection) in RunIds.Given(this, RunId, InputObject, () => ActiveConnection))
        {
            Add(id, connection);
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var total = _waiting.Count;
        if (total == 0)
        {
            return;
        }

        var progress = new ProgressRecord(2, total == 1 ? $"Waiting for run {_waiting[0].Id}" : $"Waiting for {total} runs", "Polling");
        PollUntilDone(TimeSpan.FromSeconds(Timeout), TimeSpan.FromSeconds(PollIntervalSec), progress, round =>
        {
            foreach (var item in _waiting.ToArray())
            {
                Poll(item, round);
            }

            if (_waiting.Count == 0)
            {
                return false;
            }

            progress.StatusDescription = string.Join("; ", _waiting.Select(w => $"{w.Id} {w.Last?.Status ?? "not seen yet"}")) + $" after {round.Elapsed.TotalSeconds:0} s";
            progress.PercentComplete = (total - _waiting.Count) * 100 / total;
            return true;
        });

        foreach (var item in _waiting)
        {
            TimedOut(item);
        }
    }

    private void Add(string id, RAConnection connection)
    {
        if (!_waiting.Any(w => w.Id == id && ReferenceEquals(w.Connection, connection)))
        {
            _waiting.Add(new Waiting(id, connection));
        }
    }

    /// <summary>Polls one run and ends its wait when it completed, failed or cannot be polled.</summary>
    /// <exception cref="OperationCanceledException">The time is up.</exception>
    private void Poll(Waiting item, WaitRound round)
    {
        Run run;
        try
        {
            run = Await(item.Connection.Runs.GetAsync(item.Id, Requests, round.Token));
        }
        catch (RunAgentsApiException e) when (!round.TimeIsUp)
        {
            WriteApiError(e, "Cannot wait for run", item.Id, notFoundId: "RunNotFound");
            _waiting.Remove(item);
            return;
        }

        item.Last = run;

        // Every poll, not only the last: a wait that seems stuck says what the platform says of the run.
        WriteVerbose($"Run '{item.Id}' is {run.Status ?? "of no status"} after {round.Elapsed.TotalSeconds:0.#} s.");
        if (string.Equals(run.Status, RunStatus.Completed, StringComparison.OrdinalIgnoreCase))
        {
            // The answer is only in the events; a run whose events cannot be read in time is still written, without it.
            try
            {
                run.ReadFrom(ReadEvents(item, round));
            }
            catch (Exception e) when (round.TimeIsUp && e is OperationCanceledException or RunAgentsApiException)
            {
                WriteVerbose($"The {Timeout} s of the wait ran out while the events of run '{item.Id}', which hold its answer, were read.");
            }

            WriteFromPlatform(run, item.Connection);
            _waiting.Remove(item);
            return;
        }

        if (string.Equals(run.Status, RunStatus.Failed, StringComparison.OrdinalIgnoreCase))
        {
            _waiting.Remove(item);
            WriteError(new ErrorRecord(
                new InvalidOperationException(Sentence($"Run '{item.Id}' of agent '{run.Agent}' failed{Why(item, round)}")),
                "RunFailed",
                ErrorCategory.InvalidResult,
                item.Id));
            return;
        }

        if (run.IsPaused && item.Told.Add(run.BlockedActionId ?? run.Status!))
        {
            TellPause(item, run, round);
        }
    }

    /// <summary>
    /// Says at once what a paused run waits for and how to let it go on: the tool, the action and the
    /// request to approve. A pause whose request is already approved is only waiting for the platform to resume.
    /// </summary>
    private void TellPause(Waiting item, Run run, WaitRound round)
    {
        if (string.Equals(run.Status, RunStatus.PausedConsent, StringComparison.OrdinalIgnoreCase))
        {
            var url = Field(ReadEvents(item, round), "CONSENT_REQUIRED", "authorization_url");
            item.Warned = true;
            WriteWarning($"Run '{run.Id}' of agent '{run.Agent}' is paused: it waits for the user's consent{(url is null ? string.Empty : $"; open {url}")}. Still waiting.");
            return;
        }

        AccessRequest? request = null;
        try
        {
            var statuses = new[] { AccessRequestStatus.Pending, AccessRequestStatus.Approved };
            request = statuses
                .SelectMany(status => Await(item.Connection.AccessRequests.ListAsync(new[] { status }, Requests, round.Token)))
                .FirstOrDefault(r => r.RunId == run.Id && (run.BlockedActionId is null || r.ActionId == run.BlockedActionId));
        }
        catch (RunAgentsApiException e) when (!round.TimeIsUp)
        {
            WriteVerbose($"Could not look up the access request of run '{run.Id}': {e.Message}");
        }

        if (string.Equals(request?.Status, AccessRequestStatus.Approved, StringComparison.OrdinalIgnoreCase))
        {
            item.Approved = request!.Id;
            WriteVerbose($"Run '{run.Id}' is paused, and its access request '{request.Id}' is approved: waiting for the platform to resume it.");
            return;
        }

        var tool = request?.Tool is null ? "a tool" : $"tool '{request.Tool}'";
        var action = run.BlockedActionId ?? request?.ActionId;
        var approve = request is null
            ? $"Get-RAAccessRequest -RunId {run.Id} | Approve-RAAccessRequest"
            : $"Approve-RAAccessRequest -Id {request.Id}";
        item.Warned = true;
        WriteWarning($"Run '{run.Id}' of agent '{run.Agent}' is paused: {tool} waits for approval{(action is null ? string.Empty : $" of action '{action}'")}. To let it go on: {approve}. Still waiting.");
    }

    /// <summary>Why a run failed, from its events (read once): the failure's error, the rejection's reason, or their summaries.</summary>
    /// <remarks>
    /// The run has failed whatever its events say, so that is told even when the time runs out while they are
    /// read: then the message says why is missing, and the wait ends with the next request.
    /// </remarks>
    private string Why(Waiting item, WaitRound round)
    {
        List<RunEvent> events;
        try
        {
            events = ReadEvents(item, round);
        }
        catch (Exception e) when (round.TimeIsUp && e is OperationCanceledException or RunAgentsApiException)
        {
            return $" (its events, which say why, were still being read when the {Timeout} s of the wait ran out)";
        }

        var reason = Denial(events) ?? Field(events, "FAILED", "error")
            ?? Last(events, "FAILED")?.Summary ?? Last(events, "INVOKE_FAILED")?.Summary;
        return reason is null ? string.Empty : ": " + reason;
    }

    /// <summary>
    /// Who denied which call and why, when a denial ended the run: <c>bob@example.com denied its call of stripe-api:
    /// Refunds over 500 need a manager</c>. The platform's own error ("access to stripe-api was rejected") says less.
    /// </summary>
    private static string? Denial(List<RunEvent> events)
    {
        var denied = events.LastOrDefault(e => e.Type is { } type && (type.Equals(RunEventType.Rejected, StringComparison.OrdinalIgnoreCase) || type.Equals(RunEventType.ApprovalRejected, StringComparison.OrdinalIgnoreCase)));
        if (denied is null)
        {
            return null;
        }

        var approver = FieldOf(denied, "approver_id") ?? FieldOf(denied, "approver") ?? (denied.Actor is { Length: > 0 } actor && !IsPlatform(actor) ? actor : null);
        var tool = FieldOf(denied, "tool_id") ?? Field(events, RunEventType.ApprovalRequired, "tool_id") ?? Field(events, RunEventType.ToolRequest, "tool_id");
        var call = tool is null ? "its tool call" : $"its call of {tool}";
        var reason = FieldOf(denied, "reason");
        var sentence = approver is null ? $"{call} was denied" : $"{approver} denied {call}";
        return reason is null ? sentence : $"{sentence}: {reason}";
    }

    /// <summary>Ends a sentence with a full stop, unless a reason quoted at its end already ends it (an ellipsis does not).</summary>
    private static string Sentence(string text) =>
        (text.EndsWith(".", StringComparison.Ordinal) && !text.EndsWith("..", StringComparison.Ordinal)) || text.EndsWith("!", StringComparison.Ordinal) || text.EndsWith("?", StringComparison.Ordinal)
            ? text
            : text + ".";

    private static bool IsPlatform(string actor) =>
        actor.Equals("platform", StringComparison.OrdinalIgnoreCase) || actor.Equals("system", StringComparison.OrdinalIgnoreCase) || actor.Equals("governance", StringComparison.OrdinalIgnoreCase);

    /// <summary>The run's events, or none when they cannot be read (the wait goes on without them).</summary>
    /// <exception cref="OperationCanceledException">The time is up.</exception>
    private List<RunEvent> ReadEvents(Waiting item, WaitRound round)
    {
        try
        {
            return Await(item.Connection.Runs.EventsAsync(item.Id, 0, Requests, round.Token));
        }
        catch (RunAgentsApiException e) when (!round.TimeIsUp)
        {
            WriteVerbose($"Could not read the events of run '{item.Id}': {e.Message}");
            return new List<RunEvent>();
        }
    }

    private static RunEvent? Last(List<RunEvent> events, string type) =>
        events.LastOrDefault(e => string.Equals(e.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>A text field of the last event of a type, as safe to print as any server text; null when there is none.</summary>
    private static string? Field(List<RunEvent> events, string type, string field) => Last(events, type) is { } last ? FieldOf(last, field) : null;

    /// <summary>A text field of an event's data, as safe to print as any server text; null when there is none.</summary>
    private static string? FieldOf(RunEvent item, string field)
    {
        if (item.DataJson.ValueKind != JsonValueKind.Object || !item.DataJson.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        return string.IsNullOrEmpty(text) ? null : ServerText.Clean(text);
    }

    private void TimedOut(Waiting item)
    {
        var run = item.Last;
        var status = run?.Status ?? "not seen yet";
        var hint = run?.IsPaused == true
            ? string.Equals(run.Status, RunStatus.PausedConsent, StringComparison.OrdinalIgnoreCase)
                ? " It is still waiting for the user's consent."
                : item.Approved is { } approved ? $" Its access request '{approved}' is approved, but the platform has not resumed it."
                : item.Warned ? " It is still waiting for approval; see the warning above." : " It is still waiting for its access request to be decided."
            : string.Empty;
        WriteError(new ErrorRecord(
            new TimeoutException($"Run '{item.Id}' did not end within {Timeout} s; it is {status}.{hint}"),
            "WaitTimeout",
            ErrorCategory.OperationTimeout,
            item.Id));
    }

    /// <summary>A run waited for, with the platform it is on and what the polls saw.</summary>
    private sealed class Waiting(string id, RAConnection connection)
    {
        public string Id { get; } = id;

        public RAConnection Connection { get; } = connection;

        public Run? Last { get; set; }

        /// <summary>The pauses told of, by blocked action (or status), so that each is told once.</summary>
        public HashSet<string> Told { get; } = new(StringComparer.Ordinal);

        /// <summary>True once a warning about a pause was written.</summary>
        public bool Warned { get; set; }

        /// <summary>The access request found approved while the run still read paused; null when none was.</summary>
        public string? Approved { get; set; }
    }
}
