using System.Management.Automation;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>One agent, named exactly: what Remove-, Invoke- and Wait-RAAgent act on.</summary>
internal readonly struct AgentId
{
    public AgentId(string? ns, string name, PSObject? source, RAConnection connection)
    {
        Namespace = ns;
        Name = name;
        Source = source;
        Connection = connection;
    }

    /// <summary>The agent's namespace; null only where the platform addresses agents by name alone.</summary>
    public string? Namespace { get; }

    /// <summary>The agent's name.</summary>
    public string Name { get; }

    /// <summary>The piped object that named the agent; null when the command line named it.</summary>
    public PSObject? Source { get; }

    /// <summary>The platform the agent is on: the piped object's, or the command line's.</summary>
    public RAConnection Connection { get; }

    /// <summary><c>namespace/name</c>, or the name alone.</summary>
    public override string ToString() => AgentRef.Target(Namespace, Name);
}
