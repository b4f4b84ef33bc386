namespace RunAgents.MockServer;

/// <summary>The two generations of the platform's API the mock speaks side by side.</summary>
internal enum ApiGeneration
{
    /// <summary>Agents under /api/agents/{namespace}/{name}; governance and runs at the root.</summary>
    Namespaced,

    /// <summary>Everything under /api/v1 or /api/v1/workspaces/{ws}; agents addressed by name alone.</summary>
    V1,
}
