using System.Collections.Generic;
using System.Management.Automation;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Agents as a command names them: a name (null for any) in any of some namespaces (null when none was given).
/// Get-RAAgent reads both as wildcard patterns; the other agent cmdlets take exact values.
/// </summary>
internal sealed class AgentRef
{
    /// <summary>Every agent: what Get-RAAgent lists when nothing names one.</summary>
    public static readonly AgentRef Any = new(null, null, null);

    public AgentRef(IReadOnlyList<string>? namespaces, string? name, PSObject? source, RAConnection? connection = null, string? runId = null)
    {
        Namespaces = namespaces;
        Name = name;
        Source = source;
        Connection = connection;
        RunId = runId;
    }

    /// <summary>The namespaces the agent may be in; null when none was given.</summary>
    public IReadOnlyList<string>? Namespaces { get; }

    /// <summary>The agent's name; null for any.</summary>
    public string? Name { get; }

    /// <summary>The piped object that named the agent; null when the command line named it.</summary>
    public PSObject? Source { get; }

    /// <summary>The platform of the piped object that named the agent; null when the command line named it.</summary>
    public RAConnection? Connection { get; }

    /// <summary>The run of the access request that named the agent, whose namespace it does not say; null otherwise.</summary>
    public string? RunId { get; }

    /// <summary>This selector in one namespace, found by other means (an access request's run).</summary>
    public AgentRef InNamespace(string ns) => new(new[] { ns }, Name, Source, Connection);

    /// <summary>How messages and error targets spell an agent: <c>namespace/name</c>, or the name when no namespace was given.</summary>
    public static string Target(string? ns, string name) => AgentPath.Identity(ns, name);
}
