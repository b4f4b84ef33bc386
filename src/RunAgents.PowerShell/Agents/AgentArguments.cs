using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Which agents a command of Get-, Invoke-, Remove- or Wait-RAAgent names, read in this one place for all four:
/// -Namespace and -Name as the command line gave them (either may hold <c>namespace/name</c>), or the objects
/// piped in, never both; and what a positional value left over once the agents are named means.
/// </summary>
/// <remarks>
/// PowerShell binds positional values before pipeline input, so in <c>Get-RAAgent | Invoke-RAAgent 'ping'</c> the
/// message lands in -Namespace. The cmdlets therefore take the whole piped object (InputObject) and let this class
/// read it: a value given on the command line while agents come from the pipeline never becomes part of a URL.
/// Problems of the command line stop the command; those of one piped object fail that object only. A value is
/// checked as a name only once its meaning is known: after agents from the pipeline, it may be a message.
/// </remarks>
internal sealed class AgentArguments
{
    private readonly RunAgentsCmdlet _cmdlet;
    private readonly string[]? _namespaces;
    private readonly string[]? _names;
    private readonly bool _patterns;
    private readonly string? _valueName;
    private readonly bool _valueFromPipeline;
    private readonly List<AgentRef> _named = new();
    private readonly List<(string Parameter, string Given, string? Part, string Value)> _unchecked = new();
    private readonly string? _value;
    private readonly string _nameParameter;

    /// <summary>Reads -Namespace and -Name as the command line gave them.</summary>
    /// <param name="cmdlet">The command, which reports the errors.</param>
    /// <param name="namespaces">-Namespace as bound before any pipeline input, or null.</param>
    /// <param name="names">-Name as bound before any pipeline input, or null.</param>
    /// <param name="patterns">True for Get-RAAgent: wildcards, and a namespace or a name alone, select agents from the list.</param>
    /// <param name="valueName">What one more positional value means (<c>message</c>, <c>phase</c>); null when the command takes none.</param>
    /// <param name="valueFromPipeline">True when piped text is that value (Invoke-RAAgent's message).</param>
    /// <param name="nameParameter">The parameter that takes the names, as messages spell it: <c>-Name</c> unless the command calls it otherwise (Get-RARun's <c>-Agent</c>).</param>
    public AgentArguments(RunAgentsCmdlet cmdlet, string[]? namespaces, string[]? names, bool patterns = false, string? valueName = null, bool valueFromPipeline = false, string nameParameter = "-Name")
    {
        _cmdlet = cmdlet;
        _nameParameter = nameParameter;
        _namespaces = namespaces;
        _names = names;
        _patterns = patterns;
        _valueName = valueName;
        _valueFromPipeline = valueFromPipeline && valueName is not null;

        var plainNamespaces = namespaces?.Where(v => !IsQualified(v)).ToArray() ?? Array.Empty<string>();
        var plainNames = names?.Where(v => !IsQualified(v)).ToArray() ?? Array.Empty<string>();
        var qualified = Given("-Namespace", namespaces).Concat(Given(nameParameter, names)).Where(g => IsQualified(g.Value)).ToArray();
        if (qualified.Length > 0 && namespaces is { Length: > 0 } && names is { Length: > 0 })
        {
            // Invoke-RAAgent support/triage 'hello': once 'namespace/name' names the agent, the next positional value is the message.
            if (valueName is not null && plainNamespaces.Length == 0 && names.Length == 1 && plainNames.Length == 1)
            {
                _value = names[0];
                plainNames = Array.Empty<string>();
            }
            else
            {
                var other = qualified[0].Parameter == nameParameter ? $"-Namespace {Quote(namespaces)}" : $"{nameParameter} {Quote(names)} (or a second positional value)";
                Refuse(true, "AgentNamedTwice", $"'{qualified[0].Value}' names an agent as namespace/name, so {other} cannot name it too. Give either namespace/name, or -Namespace and -Name.", qualified[0].Value);
            }
        }

        foreach (var (parameter, value) in qualified)
        {
            var slash = value.IndexOf('/');
            var (ns, name) = (value.Substring(0, slash), value.Substring(slash + 1));
            _named.Add(new AgentRef(new[] { ns }, name, null));
            _unchecked.Add((parameter, value, "namespace", ns));
            _unchecked.Add((parameter, value, "name", name));
        }

        if (plainNames.Length > 0)
        {
            _named.AddRange(plainNames.Select(name => new AgentRef(plainNamespaces.Length > 0 ? plainNamespaces : null, name, null)));
        }
        else if (plainNamespaces.Length > 0)
        {
            _named.Add(new AgentRef(plainNamespaces, null, null));
        }

        _unchecked.AddRange(plainNamespaces.Select(v => ("-Namespace", v, (string?)null, v)));
        _unchecked.AddRange(plainNames.Select(v => (nameParameter, v, (string?)null, v)));
    }

    /// <summary>True when <paramref name="value"/> is in the <c>namespace/name</c> form.</summary>
    public static bool IsQualified(string value) => value.IndexOf('/') >= 0;

    /// <summary>The agents a record names, each with the value that goes with it (a message, a phase), if any.</summary>
    /// <param name="input">InputObject: the piped object of this record, null when nothing was piped.</param>
    public List<(AgentRef Agents, string? Value)> Select(PSObject[]? input)
    {
        var selected = new List<(AgentRef Agents, string? Value)>();
        if (input is null)
        {
            if (_named.Count == 0)
            {
                if (!_patterns)
                {
                    Refuse(true, "AgentNotNamed", "Name the agent: -Name (with -Namespace where the platform addresses agents by namespace), namespace/name, or agents piped from Get-RAAgent.", null);
                }

                selected.Add((AgentRef.Any, _value));
            }

            selected.AddRange(Named().Select(agents => (agents, _value)));
            return selected;
        }

        foreach (var item in input)
        {
            var piped = PipedObject.From(item);
            if (_valueFromPipeline && piped.Kind == PipedKind.Text)
            {
                selected.AddRange(PipedValue((string)item.BaseObject));
                continue;
            }

            if (!Names(piped, out var ns, out var name, out var runId))
            {
                continue;
            }

            // Only what is typed may be namespace/name: a piped object's values are each one path segment.
            if ((Problem("namespace", ns) ?? Problem("name", name)) is string problem)
            {
                Refuse(false, "InvalidAgentName", $"The input '{Shown(item)}' {problem}.", item);
                continue;
            }

            if (_cmdlet.ConnectionFor(piped) is not RAConnection connection)
            {
                continue;
            }

            selected.Add((new AgentRef(ns is null ? null : new[] { ns }, name, item, connection, runId), PipelineValue()));
        }

        return selected;
    }

    /// <summary>
    /// The agent a piped object names: an agent, an answer or a deploy's answer by its Namespace and Name, any other
    /// object by Namespace and Name properties; for Get-RAAgent also a run's or an access request's agent. False, with an
    /// error written, for an object that names no agent, which must never widen into "every agent".
    /// </summary>
    private bool Names(PipedObject piped, out string? ns, out string? name, out string? runId)
    {
        ns = name = runId = null;
        var command = _cmdlet.MyInvocation.MyCommand.Name;
        switch (piped.Kind)
        {
            case PipedKind.Agent or PipedKind.Answer or PipedKind.DeployResult or PipedKind.Other:
                ns = piped.Text("Namespace");
                name = piped.Text("Name");
                if (ns is null && name is null)
                {
                    Refuse(false, "InvalidInputObject", $"The input '{piped.Shown()}' ({piped.Item.BaseObject.GetType().Name}) names no agent: pipe agents from Get-RAAgent, or objects with Namespace and Name properties.", piped.Item);
                    return false;
                }

                if (piped.Kind == PipedKind.DeployResult && name is null)
                {
                    Refuse(false, "InvalidInputObject", $"The deploy's answer '{piped.Shown()}' names no agent.", piped.Item);
                    return false;
                }

                return true;
            case PipedKind.Run or PipedKind.AccessRequest when _patterns:
                // A run says its agent's namespace; an access request only the name, and its run says the namespace.
                name = piped.Text("Agent");
                ns = piped.Kind == PipedKind.Run ? piped.Text("Namespace") : null;
                runId = piped.Kind == PipedKind.AccessRequest ? piped.Text("RunId") : null;
                if (name is not null && IsQualified(name))
                {
                    var slash = name.IndexOf('/');
                    (ns, name) = (name.Substring(0, slash), name.Substring(slash + 1));
                }

                if (name is null)
                {
                    Refuse(false, "InvalidInputObject", $"{piped.Subject()} does not say which agent it belongs to.", piped.Item);
                    return false;
                }

                return true;
            case PipedKind.Run or PipedKind.AccessRequest:
                Refuse(false, "InvalidInputObject", $"{piped.Subject()} is not an agent. To act on its agent, get the agent first: ... | Get-RAAgent | {command}.", piped.Item);
                return false;
            case PipedKind.RunEvent:
                Refuse(false, "InvalidInputObject", $"{piped.Subject()} is not an agent and names none. Get the run's agent with Get-RARun -Id <run> | Get-RAAgent.", piped.Item);
                return false;
            case PipedKind.Connection:
                Refuse(false, "InvalidInputObject", $"{piped.Subject()} names no agent: pass a connection as -Connection.", piped.Item);
                return false;
            default:
                var hint = _valueName is null ? "give the agent as -Name, or as namespace/name" : $"a string piped to {command} is not its {_valueName} here";
                Refuse(false, "InvalidInputObject", $"{piped.Subject()} names no agent: {hint}.", piped.Item);
                return false;
        }
    }

    /// <summary>The agents a record names, one by one and exactly, as Remove-, Invoke- and Wait-RAAgent act on them.</summary>
    /// <param name="input">InputObject: the piped object of this record, null when nothing was piped.</param>
    public List<(AgentId Agent, string? Value)> Exact(PSObject[]? input)
    {
        var exact = new List<(AgentId Agent, string? Value)>();
        foreach (var (agents, value) in Select(input))
        {
            var fromCommandLine = agents.Source is null;
            var connection = agents.Connection ?? _cmdlet.CommandLineConnection;
            if (agents.Name is null)
            {
                var what = fromCommandLine ? $"-Namespace {Quote(agents.Namespaces!)} names no agent: give -Name too, or namespace/name.{ByNameHint(connection, agents.Namespaces!, agent => $", give -Name {Literal(agent)}")}"
                    : $"The input '{Shown(agents.Source!)}' has a Namespace but no Name, so it names no agent.";
                Refuse(fromCommandLine, "AgentNotNamed", what, agents.Source ?? (object)string.Join(", ", agents.Namespaces!));
                continue;
            }

            var wildcard = new[] { agents.Name }.Concat(agents.Namespaces ?? Array.Empty<string>()).FirstOrDefault(WildcardPattern.ContainsWildcardCharacters);
            if (wildcard is not null)
            {
                Refuse(fromCommandLine, "WildcardNotSupported", WildcardMessage(wildcard), agents.Source ?? (object)wildcard);
                continue;
            }

            if (agents.Namespaces is null && !connection.FindsAgentsByName)
            {
                var what = fromCommandLine ? $"Agent '{agents.Name}' needs a namespace" : $"The input '{Shown(agents.Source!)}' has a Name but no Namespace";
                var hint = fromCommandLine ? " Give -Namespace too, or namespace/name." : string.Empty;
                Refuse(fromCommandLine, "NamespaceRequired", $"{what}: this platform addresses agents by namespace and name.{hint}", agents.Source ?? (object)agents.Name);
                continue;
            }

            var namespaces = (IEnumerable<string?>?)agents.Namespaces ?? new string?[] { null };
            foreach (var ns in namespaces)
            {
                exact.Add((new AgentId(ns, agents.Name, agents.Source, connection), value));
            }
        }

        return exact;
    }

    /// <summary>
    /// Where the platform finds agents by name alone and one value was typed as the namespace (the first positional value),
    /// a sentence saying how to name that agent instead; empty elsewhere. <paramref name="instead"/> writes the rest of the sentence for that value.
    /// </summary>
    internal static string ByNameHint(RAConnection connection, IReadOnlyList<string> namespaces, Func<string, string> instead) =>
        connection.FindsAgentsByName && namespaces.Count == 1 && namespaces[0].IndexOf('/') < 0
            ? $" This platform finds an agent by its name alone: if '{namespaces[0]}' is the agent{instead(namespaces[0])}."
            : string.Empty;

    /// <summary>A value as a single-quoted PowerShell string, for a command an error message suggests.</summary>
    internal static string Literal(string value) => $"'{CodeGeneration.EscapeSingleQuotedStringContent(value)}'";

    private static string? Problem(string what, string? value) =>
        value is not null && AgentPath.Problem(value) is string why ? $"has a {what} that cannot be one, '{value}': {why}" : null;

    private static string Shown(PSObject item)
    {
        var text = item.ToString();
        return text.Length > 60 ? text.Substring(0, 60) + "..." : text;
    }

    /// <summary>The agents of the command line, once each value given as a namespace or a name has been checked as one.</summary>
    private List<AgentRef> Named()
    {
        foreach (var (parameter, given, part, value) in _unchecked)
        {
            if (AgentPath.Problem(value) is string problem)
            {
                var shown = $"{parameter} '{ValidateAgentNameAttribute.Printable(given)}'";
                Refuse(true, "InvalidAgentName", part is null
                    ? $"{shown} cannot be a {(parameter == _nameParameter ? "name" : "namespace")}: {problem}."
                    : $"{shown} cannot be namespace/name: its {part} '{ValidateAgentNameAttribute.Printable(value)}' cannot be one, as {problem}.", given);
            }

            if (!_patterns && WildcardPattern.ContainsWildcardCharacters(value))
            {
                Refuse(true, "WildcardNotSupported", WildcardMessage(given), given);
            }
        }

        _unchecked.Clear();
        return _named;
    }

    private static IEnumerable<(string Parameter, string Value)> Given(string parameter, string[]? values) =>
        (values ?? Array.Empty<string>()).Select(v => (parameter, v));

    private static string Quote(IEnumerable<string> values) => "'" + string.Join("', '", values) + "'";

    private string WildcardMessage(string value)
    {
        var command = _cmdlet.MyInvocation.MyCommand.Name;
        return $"{command} takes exact agent names, not wildcards: '{value}'. Get the agents that match with Get-RAAgent, which takes wildcards, and pipe them: Get-RAAgent ... | {command}.";
    }

    /// <summary>The value that goes with an agent from the pipeline: a positional value PowerShell bound to -Namespace, if the command takes one.</summary>
    private string? PipelineValue()
    {
        if (_namespaces is null && _names is null)
        {
            return null;
        }

        // Get-RAAgent | Wait-RAAgent Failed: PowerShell bound 'Failed' to -Namespace before the agents came.
        if (_valueName is not null && _names is null && _namespaces is { Length: 1 })
        {
            return _namespaces[0];
        }

        var given = string.Join(" and ", new[] { ("-Namespace", _namespaces), (_nameParameter, _names) }.Where(p => p.Item2 is not null).Select(p => $"{p.Item1} {Quote(p.Item2!)}"));
        var hint = _valueName is null ? "Leave them out, or name the agents only on the command line." : $"One positional value after piped agents is the {_valueName}.";
        Refuse(true, "AgentNamedTwice", $"The agents come from the pipeline, so {given} (given by name or by position) cannot name one too. {hint}", given);
        return null;
    }

    /// <summary>Piped text as the value (Invoke-RAAgent's message) for the agents of the command line.</summary>
    private IEnumerable<(AgentRef Agents, string? Value)> PipedValue(string text)
    {
        if (Named().Count == 0)
        {
            Refuse(true, "AgentNotNamed", $"The {_valueName} comes from the pipeline, so name the agent on the command line: -Namespace and -Name, or namespace/name.", text);
        }

        if (_value is not null)
        {
            Refuse(true, "InvalidInputObject", $"The {_valueName} is given on the command line ('{_value}'), so the text from the pipeline cannot be one too.", text);
        }

        return _named.Select(agents => (agents, (string?)text));
    }

    private void Refuse(bool terminating, string id, string message, object? target)
    {
        var record = new ErrorRecord(new PSArgumentException(message), id, ErrorCategory.InvalidArgument, target);
        if (terminating)
        {
            _cmdlet.ThrowTerminatingError(record);
        }
        else
        {
            _cmdlet.WriteError(record);
        }
    }
}
