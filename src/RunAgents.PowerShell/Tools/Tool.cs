using System;

namespace RunAgents.PowerShell.Models;

/// <summary>A tool registered on the platform: an API its agents may call, with how to reach it and who may.</summary>
/// <remarks>
/// Every property reads the contract's place for it (<c>spec.connection.baseUrl</c>...), where the module puts the
/// fields of the other shapes in circulation too; the whole document is kept, so Set-RATool writes back what it does
/// not model.
/// </remarks>
public sealed class Tool : NamedResource
{
    /// <summary>What the tool is for.</summary>
    public string? Description => Text("spec", "description");

    /// <summary>Where the tool runs: External (the internet) or Internal (the cluster).</summary>
    public string? Topology => Text("spec", "connection", "topology");

    /// <summary>The tool's base URL, which the platform matches agents' calls against.</summary>
    public string? BaseUrl => Text("spec", "connection", "baseUrl");

    /// <summary>The port of the base URL.</summary>
    public long? Port => Number("spec", "connection", "port");

    /// <summary>HTTPS or HTTP.</summary>
    public string? Scheme => Text("spec", "connection", "scheme");

    /// <summary>How the platform authenticates to the tool: None, APIKey or OAuth2.</summary>
    public string? AuthType => Text("spec", "connection", "authentication", "type");

    /// <summary>Who may call it: Open, Restricted or Critical.</summary>
    public string? AccessMode => Text("spec", "governance", "accessControl", "mode");

    /// <summary>The names of the tool's capabilities; its text is the names joined by <c>", "</c>.</summary>
    public JoinedList<string> Capabilities => Texts(new[] { "spec", "capabilities" }, "name");

    /// <summary>The tool's risk tags, which policies match; its text is the tags joined by <c>", "</c>.</summary>
    public JoinedList<string> RiskTags => Texts(new[] { "spec", "riskTags" });

    /// <summary>Pending, Available or Unreachable, as the platform's last probe found it.</summary>
    public string? Phase => Text("status", "phase") ?? Text("status");

    /// <summary>What the last probe said, such as why the tool is unreachable.</summary>
    public string? StatusMessage => Text("status", "message");

    /// <summary>When the platform last probed the tool, in UTC.</summary>
    public DateTimeOffset? LastProbeTime => Time("status", "last_probe_time");

    /// <summary>How long the last probe took, in milliseconds.</summary>
    public long? ProbeLatencyMs => Number("status", "probe_latency_ms");
}
