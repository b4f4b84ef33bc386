namespace RunAgents.MockServer;

/// <summary>Body of POST /_mock/seed: either a count or a seed string.</summary>
internal sealed class SeedRequest
{
    /// <summary>Number of agents to generate.</summary>
    public int? Count { get; set; }

    /// <summary>"demo", "none" or a number.</summary>
    public string? Seed { get; set; }
}

/// <summary>Body of POST /_mock/phases.</summary>
internal sealed class PhaseScriptRequest
{
    /// <summary>Agent namespace.</summary>
    public string? Namespace { get; set; }

    /// <summary>Agent name.</summary>
    public string? Name { get; set; }

    /// <summary>Steps in order; empty removes the script.</summary>
    public List<PhaseStepRequest>? Steps { get; set; }
}

/// <summary>One step in a phase script request.</summary>
internal sealed class PhaseStepRequest
{
    /// <summary>Phase to show.</summary>
    public string? Phase { get; set; }

    /// <summary>Status message to show.</summary>
    public string? Message { get; set; }
}

/// <summary>Body of POST /_mock/delays: any of the three; the others keep their values.</summary>
internal sealed class DelaysRequest
{
    /// <summary>How long a deployed agent stays Pending.</summary>
    public int? DeployReadyMs { get; set; }

    /// <summary>How long each step of resuming an approved run takes.</summary>
    public int? ResumeMs { get; set; }

    /// <summary>Added before every successful invoke answer.</summary>
    public int? InvokeLatencyMs { get; set; }
}
