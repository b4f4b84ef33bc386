using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using static RunAgents.PowerShell.Cmdlets.AgentPatterns;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Lists the agents of a RunAgents platform, or gets one by namespace and name.</summary>
[Cmdlet(VerbsCommon.Get, "RAAgent", HelpUri = HelpUris.Docs + "Get-RAAgent.md")]
[OutputType(typeof(Agent))]
[OutputType(typeof(string))]
public sealed class GetRAAgentCommand : RequestCmdlet
{
    private readonly HashSet<(RAConnection, string)> _written = new();
    private AgentArguments? _agents;

    /// <summary>The namespaces to get agents from, or agents as <c>namespace/name</c>; wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string[]? Namespace { get; set; }

    /// <summary>The names of the agents to get, or agents as <c>namespace/name</c>; wildcards allowed.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(AgentNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>An agent from the pipeline, or an object with Namespace and Name properties.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    [ValidateNotNull]
    public PSObject[]? InputObject { get; set; }

    /// <summary>Only agents in these phases (Pending, Running, Failed); wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseCompleter))]
    public string[]? Phase { get; set; }

    /// <summary>Writes each agent's JSON text as the server sent it instead of an agent object.</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        _agents = new AgentArguments(this, Namespace, Name, patterns: true);
        base.BeginProcessing();
        WarnOfUndocumentedPhases(Phase);
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var phases = Patterns(Phase);
        var listed = new Dictionary<RAConnection, List<AgentRef>>();
        foreach (var (selected, _) in _agents!.Select(InputObject))
        {
            var connection = selected.Connection ?? ActiveConnection;
            if (WithNamespace(selected, connection) is not AgentRef agents)
            {
                continue;
            }

            // An exact name is one GET where its address is known: with its namespaces, or on v1 by name alone.
            if (agents.Name is { } name && IsExact(name) && (agents.Namespaces is { } namespaces ? IsExact(namespaces) : connection.FindsAgentsByName))
            {
                GetOne(agents.Namespaces, name, phases, connection);
            }
            else
            {
                if (!listed.TryGetValue(connection, out var selectors))
                {
                    listed.Add(connection, selectors = new List<AgentRef>());
                }

                selectors.Add(agents);
            }
        }

        foreach (var pair in listed)
        {
            List(pair.Value, phases, pair.Key);
        }
    }

    /// <summary>
    /// The agent of a piped access request, which names its agent but not the namespace, in the namespace its run
    /// says, where the platform addresses agents by namespace; any other selector as it is. Null when that cannot be
    /// read (the error is written).
    /// </summary>
    private AgentRef? WithNamespace(AgentRef agents, RAConnection connection)
    {
        if (agents.RunId is not { } runId || agents.Namespaces is not null || connection.FindsAgentsByName)
        {
            return agents;
        }

        try
        {
            var run = Await(connection.Runs.GetAsync(runId, Requests, StopToken));
            if (run.Namespace is { Length: > 0 } ns)
            {
                return agents.InNamespace(ns);
            }
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot read the run of access request", agents.Source?.ToString() ?? runId, notFoundId: "RunNotFound");
            return null;
        }

        WriteError(new ErrorRecord(
            new PSInvalidOperationException($"Cannot tell which agent access request '{agents.Source}' belongs to: it names agent '{agents.Name}', and neither it nor its run '{runId}' says the agent's namespace."),
            "AgentNotFound",
            ErrorCategory.ObjectNotFound,
            agents.Source));
        return null;
    }

    /// <summary>Gets an agent by its URL in each of the namespaces given; it is not found only when no namespace has it.</summary>
    private void GetOne(IReadOnlyList<string>? namespaces, string name, WildcardPattern[] phases, RAConnection connection)
    {
        if (namespaces is { Count: > 1 } && connection.FindsAgentsByName)
        {
            GetOneOf(namespaces, name, phases, connection);
            return;
        }

        RunAgentsApiException? notFound = null;
        var found = false;
        foreach (var ns in (IEnumerable<string?>?)namespaces ?? new string?[] { null })
        {
            Agent agent;
            try
            {
                agent = Await(connection.Client.GetAgentAsync(ns, name, Requests, StopToken));
            }
            catch (RunAgentsApiException e) when (e.Failure == ApiFailure.NotFound)
            {
                notFound = e;
                continue;
            }
            catch (RunAgentsApiException e)
            {
                WriteApiError(e, "Cannot get agent", AgentRef.Target(ns, name));
                continue;
            }

            found = true;
            if (Matches(phases, agent.Phase))
            {
                Write(agent, connection);
            }
        }

        if (found || notFound is null)
        {
            return;
        }

        if (namespaces is null || namespaces.Count == 1)
        {
            WriteApiError(notFound, "Cannot get agent", AgentRef.Target(namespaces?[0], name));
            return;
        }

        WriteError(NotFound(name, $"Cannot find an agent named '{name}' in namespace {Either(namespaces)}.", notFound));
    }

    /// <summary>
    /// On v1, where an agent has one URL whatever its namespace: gets it once by name, and writes it only when it is in
    /// one of the namespaces given; otherwise the error says which namespace it is in.
    /// </summary>
    private void GetOneOf(IReadOnlyList<string> namespaces, string name, WildcardPattern[] phases, RAConnection connection)
    {
        Agent agent;
        try
        {
            agent = Await(connection.Client.GetAgentAsync(null, name, Requests, StopToken));
        }
        catch (RunAgentsApiException e) when (e.Failure == ApiFailure.NotFound)
        {
            WriteError(NotFound(name, $"Cannot find an agent named '{name}' in namespace {Either(namespaces)}.", e));
            return;
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot get agent", name);
            return;
        }

        if (!namespaces.Contains(agent.Namespace, StringComparer.OrdinalIgnoreCase))
        {
            var where = agent.Namespace.Length > 0 ? $"it is in namespace '{agent.Namespace}'" : "it has no namespace";
            WriteError(NotFound(name, $"Cannot find an agent named '{name}' in namespace {Either(namespaces)}: {where}.", null));
            return;
        }

        if (Matches(phases, agent.Phase))
        {
            Write(agent, connection);
        }
    }

    private void List(List<AgentRef> selectors, WildcardPattern[] phases, RAConnection connection)
    {
        var matchers = selectors.Select(s => (Selector: s, Namespaces: s.Namespaces is null ? null : Patterns(s.Namespaces.ToArray()), Name: s.Name is null ? null : WildcardPattern.Get(s.Name, WildcardOptions.IgnoreCase))).ToList();

        // An exact name that matches nothing is an error, as with Get-Process; so is an exact namespace given alone
        // without agents (often a name given where the namespace goes). A wildcard that matches nothing is not.
        var unmatched = selectors.Where(s => s.Name is { } name && IsExact(name)).ToList();
        var emptyNamespaces = NamespacesGivenAlone(selectors);
        var namedLikeNamespace = new List<Agent>();
        try
        {
            var agents = Raw ? connection.Client.ListAgentsWithJsonAsync(Requests, StopToken) : connection.Client.ListAgentsAsync(Requests, StopToken);
            foreach (var agent in AwaitEach(agents))
            {
                emptyNamespaces.Remove(agent.Namespace);
                if (emptyNamespaces.Contains(agent.Name))
                {
                    namedLikeNamespace.Add(agent);
                }

                var matched = false;
                foreach (var (selector, namespaces, name) in matchers)
                {
                    if (Matches(namespaces, agent.Namespace) && (name is null || name.IsMatch(agent.Name)))
                    {
                        matched = true;
                        unmatched.Remove(selector);
                    }
                }

                if (matched && Matches(phases, agent.Phase))
                {
                    Write(agent, connection);
                }
            }
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot list agents of", connection.Uri);
            return;
        }

        foreach (var agents in unmatched)
        {
            var where = agents.Namespaces is { } namespaces ? $" in namespace {Either(namespaces)}" : string.Empty;
            WriteError(NotFound(agents.Name!, $"Cannot find an agent named '{agents.Name}'{where}.", null));
        }

        foreach (var ns in emptyNamespaces)
        {
            var same = namedLikeNamespace.Where(a => string.Equals(a.Name, ns, StringComparison.OrdinalIgnoreCase)).Select(a => a.ToString()).ToList();
            var hint = same.Count == 0 ? string.Empty : $" '{ns}' is the name of agent {Either(same)}: to get it, give its namespace too, as namespace/name, or use -Name '{ns}'.";
            WriteError(NotFoundException.Record($"Cannot find any agent in namespace '{ns}'.{hint}", null, "NamespaceNotFound", ns));
        }
    }

    /// <summary>Writes the agent, or under -Raw its JSON text; once, however many piped objects name it.</summary>
    private void Write(Agent agent, RAConnection connection)
    {
        if (!_written.Add((connection, agent.ToString())))
        {
            return;
        }

        if (Raw)
        {
            WriteObject(agent.Json);
        }
        else
        {
            WriteFromPlatform(agent, connection);
        }
    }

    /// <summary>The one error of an agent not found, whether its URLs answered 404 or the list did not have it.</summary>
    private static ErrorRecord NotFound(string target, string message, RunAgentsApiException? inner) =>
        NotFoundException.Record(message, inner, "AgentNotFound", target);
}
