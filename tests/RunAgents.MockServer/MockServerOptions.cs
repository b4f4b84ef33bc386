namespace RunAgents.MockServer;

/// <summary>Settings for a mock server instance.</summary>
public sealed class MockServerOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free port.</summary>
    public int Port { get; set; } = 0;

    /// <summary>API keys accepted as a bearer token or in the API key header.</summary>
    public IList<string> ApiKeys { get; set; } = ["test-key"];

    /// <summary>Initial agents: "demo", "none" or a number of generated agents.</summary>
    public string Seed { get; set; } = "demo";

    /// <summary>Serves https with a self-signed certificate no client trusts, for tests of certificate failures and downgrades.</summary>
    public bool Https { get; set; }

    /// <summary>Delay added before every successful invoke answer.</summary>
    public int InvokeLatencyMs { get; set; }

    /// <summary>How long a deployed agent stays Pending before it becomes Running (or Failed).</summary>
    public int DeployReadyMs { get; set; } = 1000;

    /// <summary>How long each step of resuming an approved run takes (to RUNNING, then to COMPLETED).</summary>
    public int ResumeMs { get; set; } = 300;

    /// <summary>When set, the platform's clock stands still at this instant: every time it writes is this one, and an invoke's duration_ms is the invoke latency.</summary>
    public DateTimeOffset? Clock { get; set; }
}
