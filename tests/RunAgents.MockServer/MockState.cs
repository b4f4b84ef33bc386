namespace RunAgents.MockServer;

/// <summary>Everything a server instance remembers; shared by the HTTP handlers and the in-process API.</summary>
internal sealed class MockState
{
    /// <summary>Builds the state and applies the startup seed.</summary>
    public MockState(MockServerOptions options)
    {
        StartupSeed = SeedSpec.Parse(options.Seed);
        Auth = new ApiAuth(options.ApiKeys);
        InvokeLatencyMs = Math.Max(0, options.InvokeLatencyMs);
        Agents.ReplaceAll(StartupSeed.CreateAgents());
    }

    /// <summary>The seed used at startup and by reset.</summary>
    public SeedSpec StartupSeed { get; }

    /// <summary>API key check.</summary>
    public ApiAuth Auth { get; }

    /// <summary>Delay before successful invoke answers.</summary>
    public int InvokeLatencyMs { get; }

    /// <summary>The agents.</summary>
    public AgentStore Agents { get; } = new();

    /// <summary>The request journal.</summary>
    public Journal Journal { get; } = new();

    /// <summary>Pending fault rules.</summary>
    public FaultQueue Faults { get; } = new();

    /// <summary>Back to the startup state: seed agents, no journal, faults or phase scripts.</summary>
    public void Reset()
    {
        Agents.ReplaceAll(StartupSeed.CreateAgents());
        Agents.ClearScripts();
        Journal.Clear();
        Faults.Clear();
    }
}
