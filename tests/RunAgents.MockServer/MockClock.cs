namespace RunAgents.MockServer;

/// <summary>The platform's clock: the real one, or one that stands still at a fixed instant.</summary>
/// <remarks>
/// A fixed clock makes the same steps give the same answers, to the character: sample outputs in the
/// docs are regenerated from real runs and compared, and a time that moved would make them differ at
/// every run. Delays (deploy, resume, latency) still take real time; only what the platform writes
/// stands still.
/// </remarks>
internal sealed class MockClock(DateTimeOffset? fixedAt)
{
    /// <summary>Whether the clock stands still.</summary>
    public bool IsFixed => fixedAt.HasValue;

    /// <summary>The time now, in UTC.</summary>
    public DateTime UtcNow => fixedAt?.UtcDateTime ?? DateTime.UtcNow;
}
