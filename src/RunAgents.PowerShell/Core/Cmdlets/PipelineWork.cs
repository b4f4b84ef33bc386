using System;
using System.Collections.Generic;
using System.Threading;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// The work other threads post to a cmdlet's pipeline thread (traces, warnings, the wake-up of a finished wait), which
/// that thread takes while it waits.
/// </summary>
/// <remarks>
/// A waiting taker blocks at once, without spinning first as a <c>BlockingCollection</c> (its semaphore) does: on a
/// machine of two cores, a pipeline thread spinning while it waited took a core from the very work it waited for.
/// </remarks>
internal sealed class PipelineWork
{
    private readonly Queue<Action> _queue = new();

    /// <summary>Posts <paramref name="action"/>, waking the taker.</summary>
    public void Add(Action action)
    {
        lock (_queue)
        {
            _queue.Enqueue(action);
            Monitor.Pulse(_queue);
        }
    }

    /// <summary>The next action posted, if there is one.</summary>
    public bool TryTake(out Action action)
    {
        lock (_queue)
        {
            if (_queue.Count > 0)
            {
                action = _queue.Dequeue();
                return true;
            }
        }

        action = null!;
        return false;
    }

    /// <summary>The next action posted, waiting for one.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="token"/> is cancelled before one comes.</exception>
    public Action Take(CancellationToken token)
    {
        if (TryTake(out var action))
        {
            return action;
        }

        using (token.Register(static queue => Wake((Queue<Action>)queue!), _queue))
        {
            lock (_queue)
            {
                while (_queue.Count == 0)
                {
                    token.ThrowIfCancellationRequested();
                    Monitor.Wait(_queue);
                }

                return _queue.Dequeue();
            }
        }
    }

    private static void Wake(Queue<Action> queue)
    {
        lock (queue)
        {
            Monitor.PulseAll(queue);
        }
    }
}
