using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>A running, stateful fake of the RunAgents platform API (both generations) on 127.0.0.1.</summary>
public sealed class MockRunAgentsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly MockState _state;
    private int _disposed;

    private MockRunAgentsServer(WebApplication app, MockState state, Uri baseUri)
    {
        _app = app;
        _state = state;
        BaseUri = baseUri;
    }

    /// <summary>Root of the server, e.g. http://127.0.0.1:41234/ (always with a trailing slash).</summary>
    public Uri BaseUri { get; }

    /// <summary>A snapshot copy of the request journal.</summary>
    public IReadOnlyList<JournalEntry> Journal => _state.Journal.Snapshot();

    /// <summary>Starts a server for in-process tests.</summary>
    public static Task<MockRunAgentsServer> StartAsync(MockServerOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(options, handleConsoleSignals: false, cancellationToken);

    /// <summary>Starts a server; the standalone program lets it own Ctrl+C and SIGTERM.</summary>
    internal static async Task<MockRunAgentsServer> StartAsync(MockServerOptions? options, bool handleConsoleSignals, CancellationToken cancellationToken)
    {
        options ??= new MockServerOptions();
        var state = new MockState(options);
        WebApplication app = MockHost.Build(options.Port, state, handleConsoleSignals, options.Https);
        try
        {
            await app.StartAsync(cancellationToken);
            return new MockRunAgentsServer(app, state, MockHost.GetBaseUri(app));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Removes all journal entries.</summary>
    public void ClearJournal() => _state.Journal.Clear();

    /// <summary>Queues a fault rule (a copy is stored).</summary>
    public void AddFault(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        _state.Faults.Add([rule]);
    }

    /// <summary>Removes all pending fault rules.</summary>
    public void ClearFaults() => _state.Faults.Clear();

    /// <summary>Adds or replaces an agent (or an array of agents) given as JSON.</summary>
    public void PutAgent(string json) => _state.Agents.Put(AgentJson.ParseMany(json));

    /// <summary>Replaces all agents with a seed: "demo", "none" or a number.</summary>
    public void Seed(string seed) => _state.Agents.ReplaceAll(SeedSpec.Parse(seed).CreateAgents());

    /// <summary>Scripts the status shown by successive GETs of one agent; no steps removes the script.</summary>
    public void ScriptPhases(string ns, string name, params (string Phase, string Message)[] steps) =>
        _state.Agents.SetScript(new AgentKey(ns, name), steps.Select(s => new PhaseStep(s.Phase, s.Message)).ToArray());

    /// <summary>Whether an agent exists.</summary>
    public bool HasAgent(string ns, string name) => _state.Agents.Contains(new AgentKey(ns, name));

    /// <summary>Stores access requests given as snake_case JSON (one or an array); returns their ids. Missing id, status (PENDING) and times are filled in.</summary>
    public IReadOnlyList<string> PutAccessRequests(string json) => PlatformArrange.PutAccessRequests(_state, json);

    /// <summary>Every access request, as the API writes them.</summary>
    public JsonArray AccessRequests => _state.AccessRequests.All();

    /// <summary>Stores runs given as snake_case JSON (one or an array, each with optional "events"); returns their ids.</summary>
    public IReadOnlyList<string> PutRuns(string json) => PlatformArrange.PutRuns(_state, json);

    /// <summary>Every run, as the API writes them, each with its "events".</summary>
    public JsonArray Runs => _state.Runs.All();

    /// <summary>The registered tools.</summary>
    public JsonArray Tools => _state.Catalog.Tools.ToJson();

    /// <summary>The model providers.</summary>
    public JsonArray ModelProviders => _state.Catalog.ModelProviders.ToJson();

    /// <summary>The policies.</summary>
    public JsonArray Policies => _state.Catalog.Policies.ToJson();

    /// <summary>The identity providers.</summary>
    public JsonArray IdentityProviders => _state.Catalog.IdentityProviders.ToJson();

    /// <summary>How long a deployed agent stays Pending; reset puts back the startup value.</summary>
    public int DeployReadyMs
    {
        get => _state.Delays.DeployReadyMs;
        set => _state.Delays.DeployReadyMs = value;
    }

    /// <summary>True when v1 takes the first namespace's agent for a name two namespaces hold, instead of 409; reset puts back false.</summary>
    public bool V1ResolvesFirst
    {
        get => _state.Behaviour.V1ResolvesFirst;
        set => _state.Behaviour.V1ResolvesFirst = value;
    }

    /// <summary>How long each step of resuming an approved run takes; reset puts back the startup value.</summary>
    public int ResumeMs
    {
        get => _state.Delays.ResumeMs;
        set => _state.Delays.ResumeMs = value;
    }

    /// <summary>Back to the startup seed, lists and delays, with no journal, faults, phase scripts, runs or access requests.</summary>
    public void Reset() => _state.Reset();

    /// <summary>An empty workspace that keeps its agents: see <see cref="ConfigurationClear"/>.</summary>
    public void ClearConfiguration(bool agentConfig = true) => ConfigurationClear.Clear(_state, agentConfig);

    /// <summary>Waits until the host is asked to stop (Ctrl+C or SIGTERM in the standalone program).</summary>
    internal Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    /// <summary>Stops the server and releases the port.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _state.Scheduler.CancelAll();
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
