using System;
using System.Diagnostics;
using System.Threading;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>One round of a wait's polls: the token every request in it takes, and how long the wait has run.</summary>
internal readonly struct WaitRound
{
    private readonly Stopwatch _clock;

    /// <summary>A round of the wait that <paramref name="clock"/> times, whose requests take <paramref name="token"/>.</summary>
    public WaitRound(CancellationToken token, Stopwatch clock)
    {
        Token = token;
        _clock = clock;
    }

    /// <summary>Cancelled when the wait's time is up (or by Ctrl+C): every request of the round takes it.</summary>
    public CancellationToken Token { get; }

    /// <summary>How long the wait has run.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>True once the time is up: a request that failed then was cut short by it, and is no failure of its own.</summary>
    public bool TimeIsUp => Token.IsCancellationRequested;
}
