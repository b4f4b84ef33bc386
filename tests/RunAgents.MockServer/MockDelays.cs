namespace RunAgents.MockServer;

/// <summary>The delays of the fake platform, settable while it runs; reset puts back the startup values.</summary>
internal sealed class MockDelays
{
    private readonly (int InvokeLatencyMs, int DeployReadyMs, int ResumeMs) _startup;
    private int _invokeLatencyMs;
    private int _deployReadyMs;
    private int _resumeMs;

    /// <summary>Starts with the values of <paramref name="options"/>.</summary>
    public MockDelays(MockServerOptions options)
    {
        _startup = (Math.Max(0, options.InvokeLatencyMs), Math.Max(0, options.DeployReadyMs), Math.Max(0, options.ResumeMs));
        Reset();
    }

    /// <summary>Added before every successful invoke answer.</summary>
    public int InvokeLatencyMs
    {
        get => Volatile.Read(ref _invokeLatencyMs);
        set => Volatile.Write(ref _invokeLatencyMs, NotNegative(value));
    }

    /// <summary>How long a deployed agent stays Pending before it is Running (or Failed).</summary>
    public int DeployReadyMs
    {
        get => Volatile.Read(ref _deployReadyMs);
        set => Volatile.Write(ref _deployReadyMs, NotNegative(value));
    }

    /// <summary>How long each step of a resume takes: approved to RUNNING, then RUNNING to COMPLETED.</summary>
    public int ResumeMs
    {
        get => Volatile.Read(ref _resumeMs);
        set => Volatile.Write(ref _resumeMs, NotNegative(value));
    }

    /// <summary>Back to the values the server started with.</summary>
    public void Reset()
    {
        InvokeLatencyMs = _startup.InvokeLatencyMs;
        DeployReadyMs = _startup.DeployReadyMs;
        ResumeMs = _startup.ResumeMs;
    }

    private static int NotNegative(int value) =>
        value >= 0 ? value : throw new ArgumentException("delays must not be negative");
}
