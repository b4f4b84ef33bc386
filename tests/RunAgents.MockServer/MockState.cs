namespace RunAgents.MockServer;

/// <summary>Everything a server instance remembers; shared by the HTTP handlers and the in-process API.</summary>
internal sealed class MockState
{
    /// <summary>Builds the state and applies the startup seed.</summary>
    public MockState(MockServerOptions options)
    {
        StartupSeed = SeedSpec.Parse(options.Seed);
        Clock = new MockClock(options.Clock);
        AccessRequests = new AccessRequestStore(Clock);
        Runs = new RunStore(Clock);
        WorkspaceKeys = new WorkspaceKeys(Clock, options.ApiKeys);
        Auth = new ApiAuth(options.ApiKeys, WorkspaceKeys);
        Delays = new MockDelays(options);
        Flows = new RunFlows(this);
        Agents.ReplaceAll(StartupSeed.CreateAgents());
        Connectors = new ApprovalConnectors(this);
    }

    /// <summary>The seed used at startup and by reset.</summary>
    public SeedSpec StartupSeed { get; }

    /// <summary>API key check.</summary>
    public ApiAuth Auth { get; }

    /// <summary>The workspace's API keys and auth settings.</summary>
    public WorkspaceKeys WorkspaceKeys { get; }

    /// <summary>Invoke latency, deploy and resume delays.</summary>
    public MockDelays Delays { get; }

    /// <summary>The platform's own later steps.</summary>
    public Scheduler Scheduler { get; } = new();

    /// <summary>The agents.</summary>
    public AgentStore Agents { get; } = new();

    /// <summary>The clock every time the platform writes comes from.</summary>
    public MockClock Clock { get; }

    /// <summary>Access requests (approvals).</summary>
    public AccessRequestStore AccessRequests { get; }

    /// <summary>Runs and their events.</summary>
    public RunStore Runs { get; }

    /// <summary>Tools, model providers and policies.</summary>
    public Catalog Catalog { get; } = new();

    /// <summary>The idempotency keys of action-plan actions applied.</summary>
    public ActionPlanLedger ActionPlans { get; } = new();

    /// <summary>Approval connectors, their defaults and activity.</summary>
    public ApprovalConnectors Connectors { get; }

    /// <summary>How invokes, approvals and rejections move runs.</summary>
    public RunFlows Flows { get; }

    /// <summary>Where the fake follows one platform or another.</summary>
    public MockBehaviour Behaviour { get; } = new();

    /// <summary>The request journal.</summary>
    public Journal Journal { get; } = new();

    /// <summary>Pending fault rules.</summary>
    public FaultQueue Faults { get; } = new();

    /// <summary>Back to the startup state: seed agents and lists, startup delays; no journal, faults, phase scripts, runs, requests or pending steps.</summary>
    public void Reset()
    {
        // First, so no step still waiting lands on the fresh state.
        Scheduler.CancelAll();
        Agents.ReplaceAll(StartupSeed.CreateAgents());
        Agents.ClearScripts();
        AccessRequests.Clear();
        Runs.Clear();
        Catalog.Reset();
        Connectors.Reset();
        WorkspaceKeys.Reset();
        Delays.Reset();
        Behaviour.Reset();
        ActionPlans.Reset();
        Journal.Restart();
        Faults.Clear();
    }
}
