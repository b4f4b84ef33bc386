namespace RunAgents.MockServer;

/// <summary>Runs the platform's own later steps (an agent coming up, a run resuming) after a delay.</summary>
/// <remarks>Reset and shutdown cancel everything pending, so a step never lands on state it was not meant for.</remarks>
internal sealed class Scheduler
{
    private readonly Lock _gate = new();
    private CancellationTokenSource _pending = new();

    /// <summary>Runs <paramref name="step"/> after <paramref name="milliseconds"/>; at once, on this thread, when it is zero, so tests need not wait.</summary>
    public void After(int milliseconds, Action step)
    {
        if (milliseconds <= 0)
        {
            step();
            return;
        }

        CancellationToken token;
        lock (_gate)
        {
            token = _pending.Token;
        }

        _ = Task.Delay(milliseconds, token).ContinueWith(
            _ => step(),
            token,
            TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default);
    }

    /// <summary>Drops every pending step.</summary>
    public void CancelAll()
    {
        CancellationTokenSource cancelled;
        lock (_gate)
        {
            cancelled = _pending;
            _pending = new CancellationTokenSource();
        }

        // Not disposed: a step being scheduled right now may still hold its token.
        cancelled.Cancel();
    }
}
