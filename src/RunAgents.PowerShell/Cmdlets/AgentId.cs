using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>One agent, named exactly: what Remove-, Invoke- and Wait-RAAgent act on.</summary>
internal readonly struct AgentId
{
    public AgentId(string? ns, string name, PSObject? source)
    {
        Namespace = ns;
        Name = name;
        Source = source;
    }

    /// <summary>The agent's namespace; null only where the platform addresses agents by name alone.</summary>
    public string? Namespace { get; }

    /// <summary>The agent's name.</summary>
    public string Name { get; }

    /// <summary>The piped object that named the agent; null when the command line named it.</summary>
    public PSObject? Source { get; }

    /// <summary>
    /// The namespace the client addresses the agent by, or (on v1, where no path carries it) checks before acting: always
    /// the one given, except for an agent piped from this same platform on v1, which its name alone finds; the
    /// namespace it carries came from the platform, so reading the agent again first would prove nothing.
    /// </summary>
    public string? NamespaceToCheck(RAConnection connection) =>
        connection.FindsAgentsByName && Source?.BaseObject is IFromPlatform item && ReferenceEquals(item.Connection, connection) ? null : Namespace;

    /// <summary><c>namespace/name</c>, or the name alone.</summary>
    public override string ToString() => AgentRef.Target(Namespace, Name);
}
