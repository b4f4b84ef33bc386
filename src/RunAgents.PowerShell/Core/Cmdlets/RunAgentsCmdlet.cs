using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// The plumbing every cmdlet that talks to the service shares: finding the connection, bridging the
/// async client onto the pipeline thread, Ctrl+C, and turning failures into error records.
/// </summary>
public abstract class RunAgentsCmdlet : PSCmdlet, IRequestTrace, IDisposable
{
    private static readonly Action s_wake = static () => { };

    private readonly CancellationTokenSource _stopping = new();
    private readonly PipelineWork _pipelineWork = new();
    private RAConnection? _current;
    private RequestOptions? _requestOptions;
    private bool _wantsBodies;

    /// <summary>
    /// The connection to use instead of the current one (from <c>Connect-RAService -PassThru</c>), also for objects
    /// that came from another platform.
    /// </summary>
    /// <remarks>
    /// Never bound from a piped object: an object that bound nothing but its connection would still count as input
    /// and run the command's unfiltered default. The platform of an object given is read by <see cref="ConnectionFor"/>.
    /// </remarks>
    [Parameter]
    [ConnectionTransformation]
    public RAConnection? Connection { get; set; }

    /// <summary>The connection of what the command line names: -Connection, else the current one.</summary>
    protected RAConnection ActiveConnection => Connection ?? (_current ??= ResolveConnection());

    /// <summary><see cref="ActiveConnection"/>, for the helpers that read a command's arguments.</summary>
    internal RAConnection CommandLineConnection => ActiveConnection;

    /// <summary>Per-call settings, with this command as the receiver of request traces.</summary>
    protected RequestOptions Requests => _requestOptions ??= new RequestOptions
    {
        Timeout = TimeoutOverride is int seconds ? TimeSpan.FromSeconds(seconds) : null,
        MaxRetryCount = MaxRetryOverride,
        Trace = this,
    };

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    protected CancellationToken StopToken => _stopping.Token;

    /// <summary>This call's per-request timeout in seconds: a bound <c>-TimeoutSec</c>, else the connection's.</summary>
    /// <remarks>Per request in every cmdlet, the waits too: a wait's own bound has a name of its own (-Timeout, -WaitTimeout).</remarks>
    private int? TimeoutOverride => BoundInt("TimeoutSec");

    /// <summary>This call's retry count: a bound <c>-MaxRetryCount</c>, else the connection's.</summary>
    private int? MaxRetryOverride => BoundInt("MaxRetryCount");

    bool IRequestTrace.WantsBodies => _wantsBodies;

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        _wantsBodies = IsEnabled("Debug", "DebugPreference");
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Connection)))
        {
            // Bound before any pipeline input, so given on the command line. Null there is most often a failed
            // Connect-RAService -PassThru: going on with the current connection could act on the wrong platform.
            if (Connection is null)
            {
                ThrowTerminatingError(InvalidConnection());
            }
        }
        else if (!MyInvocation.ExpectingInput && !MyInvocation.BoundParameters.ContainsKey("InputObject"))
        {
            // Resolved before the first record, so that a missing connection stops the command at once. Objects
            // given (piped or as -InputObject) may each bring their own: then the current one is looked up when one lacks it.
            _ = ActiveConnection;
        }
    }

    /// <inheritdoc/>
    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>
    /// Cancels what is still in flight when the pipeline ends early (Select-Object -First stops
    /// upstream commands without StopProcessing), so that no request outlives its command.
    /// </summary>
    /// <remarks>Nothing is disposed: a request's last callbacks may still touch these after the command ends.</remarks>
    public void Dispose() => _stopping.Cancel();

    /// <summary>Writes a verbose line that <c>-Debug</c> shows without a prompt (see <see cref="VerboseLines"/>).</summary>
    /// <remarks>Hides <see cref="Cmdlet.WriteVerbose"/> so that every cmdlet of the module, present and future, gets this for free.</remarks>
    protected new void WriteVerbose(string text) => this.WriteVerboseLine(text);

    /// <summary>Writes a warning, which under <c>-Debug</c> alone asks nothing: see <see cref="VerboseLines.WriteWarningLine"/>.</summary>
    protected new void WriteWarning(string text) => this.WriteWarningLine(text);

    void IRequestTrace.Request(string line) => Post(() => WriteVerbose(line));

    void IRequestTrace.Body(string line) => Post(() => WriteDebug(line));

    /// <summary>Runs <paramref name="action"/> on the pipeline thread the next time this command waits.</summary>
    protected void Post(Action action) => _pipelineWork.Add(action);

    /// <summary>Waits for <paramref name="task"/> on the pipeline thread, writing its traces meanwhile.</summary>
    protected T Await<T>(Task<T> task)
    {
        WaitFor(task);
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Waits for <paramref name="task"/> on the pipeline thread, writing its traces meanwhile.</summary>
    protected void Await(Task task)
    {
        WaitFor(task);
        task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// The loop of every wait: a round of polls at once, then one every <paramref name="interval"/>, until a round
    /// says nothing is left to wait for or <paramref name="bound"/> runs out.
    /// </summary>
    /// <param name="bound">How long the whole wait may take, every request in it included.</param>
    /// <param name="interval">The pause between two rounds.</param>
    /// <param name="progress">The record a round updates: shown with the time left before each pause, and completed at the end.</param>
    /// <param name="round">Polls once, giving the round's token to every request; returns true while something is still waited for.</param>
    /// <returns>True when the wait ended before its time ran out; false when the time ran out first.</returns>
    /// <remarks>
    /// The round's token is cancelled when the time is up, so a request still in flight then (a poll that hangs or
    /// drips, a retry's wait, a lookup a poll led to) ends with the wait, however long the connection lets one
    /// request take. A round that catches a request's failure lets those through (<see cref="WaitRound.TimeIsUp"/>).
    /// </remarks>
    private protected bool PollUntilDone(TimeSpan bound, TimeSpan interval, ProgressRecord progress, Func<WaitRound, bool> round)
    {
        var clock = Stopwatch.StartNew();
        using var timeUp = CancellationTokenSource.CreateLinkedTokenSource(StopToken);
        timeUp.CancelAfter(bound);
        var ended = false;
        try
        {
            while (true)
            {
                if (!round(new WaitRound(timeUp.Token, clock)))
                {
                    ended = true;
                    break;
                }

                var left = bound - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    break;
                }

                progress.SecondsRemaining = (int)left.TotalSeconds;
                WriteProgress(progress);
                Await(Task.Delay(interval < left ? interval : left, timeUp.Token));
                if (clock.Elapsed >= bound)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (timeUp.IsCancellationRequested && !StopToken.IsCancellationRequested)
        {
            // The time is up: the caller tells what is still waited for.
        }
        catch (RunAgentsApiException) when (timeUp.IsCancellationRequested && !StopToken.IsCancellationRequested)
        {
            // A request cut short by the deadline may surface as a failed request (on .NET Framework): still the deadline's.
        }

        progress.RecordType = ProgressRecordType.Completed;
        WriteProgress(progress);
        return ended;
    }

    /// <summary>Walks an async sequence on the pipeline thread, so that each item can be written as it arrives.</summary>
    /// <remarks>
    /// When the walk ends by a failure (of the sequence, of a line written meanwhile, or Ctrl+C), that failure
    /// is the one the user sees: a step still in flight is cancelled and waited for before the sequence is
    /// disposed (disposing an async iterator mid-step throws NotSupportedException), and what the disposal
    /// throws then is dropped.
    /// </remarks>
    protected IEnumerable<T> AwaitEach<T>(IAsyncEnumerable<T> source)
    {
        // Not disposed, like _stopping and for the same reason; it ends with the command.
        var abandon = CancellationTokenSource.CreateLinkedTokenSource(StopToken);
        var items = source.GetAsyncEnumerator(abandon.Token);
        Task<bool>? failing = null;
        try
        {
            while (true)
            {
                var next = items.MoveNextAsync();
                bool more;
                if (next.IsCompletedSuccessfully)
                {
                    more = next.Result;
                }
                else
                {
                    failing = next.AsTask();
                    more = Await(failing);
                    failing = null;
                }

                RunPosted();
                if (!more)
                {
                    yield break;
                }

                yield return items.Current;
            }
        }
        finally
        {
            if (failing is null)
            {
                var disposal = items.DisposeAsync();
                if (!disposal.IsCompletedSuccessfully)
                {
                    Await(disposal.AsTask());
                }
            }
            else
            {
                abandon.Cancel();
                Settle(failing);
                Settle(items.DisposeAsync().AsTask());
            }
        }
    }

    /// <summary>Writes the work posted from other threads (traces, warnings) on the pipeline thread.</summary>
    protected void RunPosted()
    {
        while (_pipelineWork.TryTake(out var action))
        {
            action();
        }
    }

    /// <summary>Writes <paramref name="item"/> remembering <paramref name="connection"/>, so that a cmdlet it is given to acts on that platform.</summary>
    private protected void WriteFromPlatform(IFromPlatform item, RAConnection connection)
    {
        item.Connection = connection;
        WriteObject(item);
    }

    /// <summary>
    /// The connection to act on for an object given to the command: -Connection when the command line gives one;
    /// else the platform the object came from. Null, with an error written, when that platform cannot be acted on.
    /// </summary>
    /// <remarks>
    /// The live object knows its connection. An object that lost the link (Select-Object, Import-Csv, Import-Clixml,
    /// ConvertFrom-Json, a job) still has its Platform property: it is acted on only when that is the current
    /// connection's platform. One the module wrote that lost both is refused, since where it came from is unknown;
    /// an object made by hand has no platform and means the current one.
    /// </remarks>
    internal RAConnection? ConnectionFor(PipedObject item)
    {
        if (Connection is not null)
        {
            return Connection;
        }

        if (item.LiveConnection is RAConnection live)
        {
            return live;
        }

        if (item.Platform is string platform)
        {
            var current = ActiveConnection;
            if (SamePlatform(current, platform))
            {
                return current;
            }

            WriteError(new ErrorRecord(
                new PSInvalidOperationException($"{item.Subject()} came from {ServerText.Clean(platform)}, but the current connection is to {current.Uri}. To act there, pass -Connection with a connection to that platform: $c = Connect-RAService -Uri {AgentArguments.Literal(ServerText.Clean(platform)!)} -KeepCurrent makes one and leaves the current connection as it is."),
                "PlatformMismatch",
                ErrorCategory.InvalidOperation,
                item.Item));
            return null;
        }

        if (item.FromModule && item.Kind != PipedKind.Connection)
        {
            WriteError(new ErrorRecord(
                new PSArgumentException($"{item.Subject()} came from a RunAgents platform but no longer says which: its Platform property was left out (by Select-Object, say). Keep Platform (Select-Object ..., Platform), or pass -Connection to say where to act."),
                "PlatformUnknown",
                ErrorCategory.InvalidArgument,
                item.Item));
            return null;
        }

        return ActiveConnection;
    }

    /// <summary>Writes the error of an object given to the command that names nothing it can act on; no request is sent for it.</summary>
    internal void WriteInvalidInput(PipedObject item, string what)
    {
        WriteError(new ErrorRecord(new PSArgumentException(what), "InvalidInputObject", ErrorCategory.InvalidArgument, item.Item));
    }

    /// <summary><paramref name="target"/> as a prompt or What if line shows it: with the platform when that is not the current connection's.</summary>
    private protected string OnPlatform(string target, RAConnection connection)
    {
        var current = CurrentOrNone();
        return current is not null && (ReferenceEquals(current, connection) || current.SameTarget(connection))
            ? target
            : $"{target} on {connection.Uri}";
    }

    /// <summary>
    /// ShouldProcess, except that -Force skips the prompt. -WhatIf still only reports, and an explicit
    /// -Confirm still asks, whatever -Force says.
    /// </summary>
    protected bool ShouldProcessUnlessForced(string target, string action, bool force)
    {
        var confirmGiven = MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm) && confirm is SwitchParameter { IsPresent: true };
        if (force && !confirmGiven && !WhatIfRequested())
        {
            return true;
        }

        try
        {
            return ShouldProcess(target, action);
        }
        catch (Exception e) when (e is HostException or PSInvalidOperationException)
        {
            // A runbook (pwsh -NonInteractive, a hosted runspace) cannot answer: say what to pass, not the host's words alone.
            ThrowTerminatingError(new ErrorRecord(
                new PSInvalidOperationException($"{MyInvocation.MyCommand.Name} asks before each \"{action}\", and this session cannot ask ({e.Message.TrimEnd('.')}). Pass -Force (or -Confirm:$false) to go on without asking, or -WhatIf to see what it would do.", e),
                "ConfirmationRequired",
                ErrorCategory.InvalidOperation,
                target));
            return false;
        }
    }

    /// <summary>True when <paramref name="platform"/>, an object's Platform property, is the base URI of <paramref name="connection"/>.</summary>
    internal static bool SamePlatform(RAConnection connection, string platform)
    {
        if (!Uri.TryCreate(platform.Trim(), UriKind.Absolute, out var uri))
        {
            return false;
        }

        var text = uri.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? uri.AbsoluteUri : uri.AbsoluteUri + "/";
        return string.Equals(text, connection.Uri.AbsoluteUri, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Warns when -TimeoutSec is given to a wait without the wait's own bound (<paramref name="waitParameter"/>): it
    /// bounded the whole wait until the wait got a parameter of its own, and now bounds each request in it.
    /// </summary>
    /// <remarks>
    /// A script written before may mean either, and both go wrong in silence: -TimeoutSec 600 now ends the wait at the
    /// default 300 s, and -TimeoutSec 30 now waits 300 s. Giving the wait's bound too says which is meant, and quiets it.
    /// </remarks>
    private protected void WarnOfTimeoutSecInAWait(string waitParameter, int waitSeconds)
    {
        if (TimeoutOverride is int seconds && !MyInvocation.BoundParameters.ContainsKey(waitParameter))
        {
            WriteWarning($"-TimeoutSec {seconds} bounds each request of the wait, not the whole wait: that is -{waitParameter}, {waitSeconds} s here. To wait up to {seconds} s in all, pass -{waitParameter} {seconds} instead; to keep -TimeoutSec for each request, pass -{waitParameter} as well and this warning goes.");
        }
    }

    /// <summary>Warns of each phase given that the API does not document, such as the typo <c>Runing</c>, which would silently match nothing.</summary>
    /// <remarks>A wildcard is not warned of: it is a filter, and may well match no documented phase on purpose.</remarks>
    protected void WarnOfUndocumentedPhases(IEnumerable<string>? phases)
    {
        foreach (var phase in phases ?? Array.Empty<string>())
        {
            if (!WildcardPattern.ContainsWildcardCharacters(phase) && Array.FindIndex(AgentPhase.Known, k => string.Equals(k, phase, StringComparison.OrdinalIgnoreCase)) < 0)
            {
                WriteWarning($"'{phase}' is not an agent phase the API documents ({string.Join(", ", AgentPhase.Known)}), so no agent may match it.");
            }
        }
    }

    /// <summary>Writes a non-terminating error for a request about <paramref name="target"/> that failed.</summary>
    /// <param name="e">The failure.</param>
    /// <param name="action">What was being done, such as <c>Cannot get agent</c>.</param>
    /// <param name="target">The agent's identity, <c>namespace/name</c>, or what else the request was about.</param>
    /// <param name="fromAgent">True for an invoke, whose non-platform statuses come from the agent.</param>
    /// <param name="notFoundId">The error id of a 404 in the API's own words, such as <c>RunNotFound</c>.</param>
    protected void WriteApiError(RunAgentsApiException e, string action, object target, bool fromAgent = false, string notFoundId = "AgentNotFound") =>
        WriteError(ApiErrorRecord(e, action, target, fromAgent, notFoundId));

    /// <summary>Builds the error record for a failed request: stable id, fitting category, the server's words.</summary>
    protected static ErrorRecord ApiErrorRecord(RunAgentsApiException e, string action, object target, bool fromAgent = false, string notFoundId = "AgentNotFound")
    {
        var (id, category) = ErrorMap.Classify(e, fromAgent, notFoundId);
        var details = new ErrorDetails($"{action} '{target}': {e.Message}")
        {
            RecommendedAction = ErrorMap.RecommendedAction(e) ?? string.Empty,
        };

        // The API's own "not found" is an ItemNotFoundException, as the module's other "not found" errors are, so
        // that one catch takes them all; the API's exception stays inside it.
        return e.Failure == ApiFailure.NotFound
            ? NotFoundException.Record(e.Message, e, id, target, details)
            : new ErrorRecord(e, id, category, target) { ErrorDetails = details };
    }

    /// <summary>True when <c>-Verbose</c>/<c>-Debug</c> was given or the preference variable asks for the stream.</summary>
    protected bool IsEnabled(string switchName, string preferenceVariable) =>
        VerboseLines.Switch(MyInvocation.BoundParameters, switchName)
        ?? (SessionState.PSVariable.GetValue(preferenceVariable) is ActionPreference preference
            && preference != ActionPreference.SilentlyContinue
            && preference != ActionPreference.Ignore);

    /// <summary>Waits for a task that is being abandoned, and observes its failure without throwing it.</summary>
    /// <remarks>Only on the way out of a failure already thrown, which must stay the one the user sees.</remarks>
    private static void Settle(Task task)
    {
        ((IAsyncResult)task).AsyncWaitHandle.WaitOne();
        _ = task.Exception;
    }

    /// <summary>True when -WhatIf is given, or $WhatIfPreference asks for it.</summary>
    private protected bool WhatIfRequested()
    {
        if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf))
        {
            return whatIf is SwitchParameter { IsPresent: true };
        }

        return LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));
    }

    /// <summary>The current or implicit connection, or null when there is none or the settings are broken; never throws.</summary>
    private RAConnection? CurrentOrNone()
    {
        try
        {
            return ConnectionStore.Current ?? ConnectionStore.Implicit(null, null, null);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private int? BoundInt(string parameter) =>
        MyInvocation.BoundParameters.TryGetValue(parameter, out var value) && value is int number ? number : null;

    private RAConnection ResolveConnection()
    {
        var connection = ConnectionStore.Current ?? ConnectionStore.Implicit(this);
        if (connection is not null)
        {
            return connection;
        }

        ThrowTerminatingError(new ErrorRecord(
            new InvalidOperationException(
                $"Not connected to a RunAgents platform. Run Connect-RAService, or set the {ConnectionSettings.KeyVariable} environment variable."),
            "NotConnected",
            ErrorCategory.InvalidOperation,
            null)
        {
            ErrorDetails = new ErrorDetails(string.Empty)
            {
                RecommendedAction = "Run Connect-RAService -ApiKey (Read-Host -AsSecureString 'API key').",
            },
        });
        return null!;
    }

    private static ErrorRecord InvalidConnection() => new(
        new PSArgumentException("-Connection is not a connection. Pass the object that Connect-RAService -PassThru or Get-RAConnection writes; a connection does not survive Export-Clixml or a remote session."),
        "InvalidConnection",
        ErrorCategory.InvalidArgument,
        null);

    private void WaitFor(Task task)
    {
        if (!task.IsCompleted)
        {
            task.ContinueWith(static (_, work) => ((PipelineWork)work!).Add(s_wake), _pipelineWork, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            while (!task.IsCompleted)
            {
                Action next;
                try
                {
                    next = _pipelineWork.Take(StopToken);
                }
                catch (OperationCanceledException)
                {
                    throw new PipelineStoppedException();
                }

                next();
            }
        }

        RunPosted();
        if (task.Status != TaskStatus.RanToCompletion && StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }
}
