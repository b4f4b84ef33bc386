namespace RunAgents.PowerShell.Models;

/// <summary>What the platform found when it called a tool's URL: whether it answered, with what, and how fast.</summary>
/// <remarks>An answer of 401 or 403 still counts as reachable: the platform reached the service, which wants a key.</remarks>
public sealed class ToolProbe : PlatformObject
{
    /// <summary>The tool probed; null for a URL probed on its own (Test-RAToolEndpoint).</summary>
    public string? Name { get; internal set; }

    /// <summary>The URL probed, when known.</summary>
    public string? Uri { get; internal set; }

    /// <summary>True when the platform got an answer from the URL.</summary>
    public bool Reachable { get; internal set; }

    /// <summary>The HTTP status the URL answered with; null when it did not answer.</summary>
    public int? StatusCode { get; internal set; }

    /// <summary>How long the call took, in milliseconds.</summary>
    public long? LatencyMs { get; internal set; }

    /// <summary>The tool's name or the URL, and whether it was reachable.</summary>
    public override string ToString() => $"{Name ?? Uri}: {(Reachable ? "reachable" : "unreachable")}";
}
