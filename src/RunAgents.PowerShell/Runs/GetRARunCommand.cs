using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;
using static RunAgents.PowerShell.Cmdlets.AgentPatterns;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Gets runs: what happened in each invoke of an agent, newest first, with who asked what.</summary>
/// <remarks>
/// -First and -Skip count the runs the cmdlet writes, after it has put each list newest first; the platform's list has
/// no pages, so they spare the pipeline, not the requests. They are plain parameters, as -Last of Get-RARunEvent is.
/// </remarks>
[Cmdlet(VerbsCommon.Get, "RARun", DefaultParameterSetName = ListSet, HelpUri = HelpUris.Docs + "Get-RARun.md")]
[OutputType(typeof(Run))]
public sealed class GetRARunCommand : RequestCmdlet
{
    private const string ListSet = "List";
    private const string ByIdSet = "ById";

    private readonly HashSet<(RAConnection, string)> _written = new();
    private List<string>? _statuses;
    private int _counted;
    private int _shown;
    private AgentArguments? _agents;

    /// <summary>The ids of the runs to get.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet)]
    [Alias("Id")]
    [ValidateAgentName(What = "run id")]
    [ArgumentCompleter(typeof(RunIdCompleter))]
    public string[]? RunId { get; set; }

    /// <summary>Only the runs of these agents: names, or agents as <c>namespace/name</c>; wildcards allowed.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AgentNameCompleter))]
    public string[]? Agent { get; set; }

    /// <summary>Only the runs of agents in these namespaces; wildcards allowed.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string[]? Namespace { get; set; }

    /// <summary>Only runs in these statuses; wildcards allowed, and <c>*</c> lists every status. Without it (and without -Agent) the platform lists RUNNING runs only.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RunStatusCompleter))]
    public string[]? Status { get; set; }

    /// <summary>What to get the runs of: a run (read again), an invoke answer or an access request (its run), an agent or a deploy's answer (its runs), or run ids; from the pipeline, or given here.</summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject[]? InputObject { get; set; }

    /// <summary>Only the first N runs written: the N newest of a list.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int First { get; set; } = int.MaxValue;

    /// <summary>Leaves out the first N runs (the N newest of a list), then writes the rest (up to -First).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Skip { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        if (Agent is not null || Namespace is not null)
        {
            _agents = new AgentArguments(this, Namespace, Agent, patterns: true, nameParameter: "-Agent");
        }

        base.BeginProcessing();

        // PAUSED is a filter the platform takes for both pauses, though no run has that status.
        var filters = RunStatus.Known.Concat(new[] { "PAUSED" }).ToArray();
        _statuses = StatusFilter.Expand(Status, RunStatus.Known, s => WriteWarning($"'{s}' is not a run status the API documents ({string.Join(", ", filters)}); asking for it anyway."), filters);
    }

    /// <summary>True once -First runs are written: nothing more needs reading.</summary>
    private bool Full => _shown >= First;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (Full)
        {
            return;
        }

        if (InputObject is null)
        {
            if (RunId is not null)
            {
                foreach (var id in RunId)
                {
                    GetOne(id, ActiveConnection);
                }
            }
            else if (_agents is not null)
            {
                ListOfAgents(ActiveConnection, _agents.Select(null).Select(s => s.Agents).ToList());
            }
            else
            {
                List(ActiveConnection, null);
            }

            return;
        }

        if (RunId is not null || _agents is not null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException("The runs come from the input objects, so -Id, -Agent and -Namespace (given by name or by position) cannot name them too. Leave them out, or name the runs only on the command line."),
                "InputNamedTwice",
                ErrorCategory.InvalidArgument,
                null));
        }

        foreach (var item in InputObject)
        {
            Select(PipedObject.From(item));
        }
    }

    /// <summary>The runs one object names: itself, its run, or its agent's runs.</summary>
    private void Select(PipedObject piped)
    {
        string? id = null;
        (string? Namespace, string Name)? agent = null;
        switch (piped.Kind)
        {
            case PipedKind.Run:
                id = piped.Text("Id");
                break;
            case PipedKind.Text:
                id = (string)piped.Item.BaseObject;
                break;
            case PipedKind.AccessRequest or PipedKind.RunEvent:
                id = piped.Text("RunId");
                break;
            case PipedKind.Answer:
                id = piped.Text("RunId");
                agent = id is null && piped.Text("Name") is { } answered ? (piped.Text("Namespace"), answered) : null;
                break;
            case PipedKind.Agent or PipedKind.DeployResult:
                agent = piped.Text("Name") is { } name ? (piped.Text("Namespace"), name) : null;
                break;
            case PipedKind.Other:
                id = piped.Text("RunId") ?? piped.Text("Id");
                agent = id is null && piped.Text("Name") is { } named ? (piped.Text("Namespace"), named) : null;
                break;
        }

        if (id is null && agent is null)
        {
            WriteInvalidInput(piped, piped.Kind == PipedKind.Connection
                ? $"{piped.Subject()} names no run: pass a connection as -Connection."
                : $"{piped.Subject()} names no run: pipe runs, invoke answers, access requests, run events or agents, or run ids.");
            return;
        }

        if ((id ?? agent?.Name) is string segment && AgentPath.Problem(segment) is string problem)
        {
            WriteInvalidInput(piped, $"{piped.Subject()} cannot name a run: '{ValidateAgentNameAttribute.Printable(segment)}' {problem}.");
            return;
        }

        if (ConnectionFor(piped) is not RAConnection connection)
        {
            return;
        }

        if (id is not null)
        {
            GetOne(id, connection);
        }
        else
        {
            List(connection, agent);
        }
    }

    /// <summary>
    /// Gets one run, and reads its events too when they tell what the run lacks: its message, where the platform does
    /// not give it (the v1 API), and the answer of a completed run. Lists never do, so that a list costs no request per run.
    /// </summary>
    private void GetOne(string id, RAConnection connection)
    {
        if (_written.Contains((connection, id)) || Full)
        {
            return;
        }

        Run run;
        try
        {
            run = Await(connection.Runs.GetAsync(id, Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot get run", id, notFoundId: "RunNotFound");
            return;
        }

        if (run.LacksWhatEventsTell)
        {
            try
            {
                run.ReadFrom(Await(connection.Runs.EventsAsync(id, 0, Requests, StopToken)));
            }
            catch (RunAgentsApiException e)
            {
                // The run itself was read: it is written without what its events would have added.
                WriteVerbose($"Could not read the events of run '{id}', which give its message and answer: {e.Message}");
            }
        }

        Write(run, connection);
    }

    /// <summary>Lists runs, of one agent when one is named (in its namespace, where the agent says which).</summary>
    private void List(RAConnection connection, (string? Namespace, string Name)? agent)
    {
        if (NoStatusMatches())
        {
            return;
        }

        if (Runs(connection, agent?.Name, agent?.Namespace is { Length: > 0 } ns ? new[] { ns } : null) is { } runs)
        {
            WriteNewestFirst(runs, connection);
        }
    }

    /// <summary>
    /// Lists the runs of the agents that -Agent and -Namespace select, found in the platform's list of agents, since
    /// the platform filters runs by one exact agent name. An exact name that no agent has is an error, as in
    /// Get-RAAgent; so is an exact namespace given alone without agents. A wildcard that matches nothing is not.
    /// </summary>
    private void ListOfAgents(RAConnection connection, IReadOnlyList<AgentRef> selectors)
    {
        if (NoStatusMatches())
        {
            return;
        }

        var matchers = selectors.Select(s => (Selector: s, Namespaces: s.Namespaces is null ? null : Patterns(s.Namespaces), Name: s.Name is null ? null : WildcardPattern.Get(s.Name, WildcardOptions.IgnoreCase))).ToList();
        var unmatched = selectors.Where(s => s.Name is { } name && IsExact(name)).ToList();
        var emptyNamespaces = NamespacesGivenAlone(selectors);

        // Runs name their agent by name alone: each name is asked for once, for all the namespaces it was found in.
        var agents = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        try
        {
            foreach (var agent in AwaitEach(connection.Client.ListAgentsAsync(Requests, StopToken)))
            {
                emptyNamespaces.Remove(agent.Namespace);
                var matched = false;
                foreach (var (selector, namespaces, name) in matchers)
                {
                    if (Matches(namespaces, agent.Namespace) && (name is null || name.IsMatch(agent.Name)))
                    {
                        matched = true;
                        unmatched.Remove(selector);
                    }
                }

                if (matched)
                {
                    if (!agents.TryGetValue(agent.Name, out var found))
                    {
                        agents.Add(agent.Name, found = new HashSet<string>(StringComparer.OrdinalIgnoreCase));
                        order.Add(agent.Name);
                    }

                    found.Add(agent.Namespace);
                }
            }
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot list agents of", connection.Uri);
            return;
        }

        foreach (var selector in unmatched)
        {
            var where = selector.Namespaces is { } namespaces ? $" in namespace {Either(namespaces)}" : string.Empty;
            var target = selector.Namespaces is { Count: 1 } one ? AgentRef.Target(one[0], selector.Name!) : selector.Name!;
            WriteError(NotFoundException.Record($"Cannot find an agent named '{selector.Name}'{where}, so it has no runs.", null, "AgentNotFound", target));
        }

        foreach (var ns in emptyNamespaces)
        {
            WriteError(NotFoundException.Record($"Cannot find any agent in namespace '{ns}', so it has no runs.", null, "NamespaceNotFound", ns));
        }

        var runs = new List<Run>();
        foreach (var name in order)
        {
            if (Runs(connection, name, agents[name]) is not { } ofAgent)
            {
                return;
            }

            runs.AddRange(ofAgent);
        }

        WriteNewestFirst(runs, connection);
    }

    /// <summary>True, with a warning, when -Status matches none of the statuses the API documents.</summary>
    private bool NoStatusMatches()
    {
        if (_statuses is { Count: 0 })
        {
            WriteWarning($"-Status {string.Join(",", Status!)} matches none of the run statuses the API documents ({string.Join(", ", RunStatus.Known)}).");
            return true;
        }

        return false;
    }

    /// <summary>The runs of an agent (of every agent when null) in the statuses asked for, in the namespaces given; null when the platform refused (the error is written).</summary>
    private List<Run>? Runs(RAConnection connection, string? agent, ICollection<string>? namespaces)
    {
        List<Run> runs;
        try
        {
            runs = StatusFilter.PerStatus(_statuses, filter => Await(connection.Runs.ListAsync(agent, filter, Requests, StopToken)), r => r.Id);
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot list runs of", connection.Uri);
            return null;
        }

        // A run that does not say its namespace is kept: the platform chose it by the agent's name.
        return namespaces is null
            ? runs
            : runs.Where(r => string.IsNullOrEmpty(r.Namespace) || namespaces.Contains(r.Namespace!, StringComparer.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>Writes runs newest first, as the RunAgents CLI lists them; runs the platform gives no time come last, in its order.</summary>
    private void WriteNewestFirst(IEnumerable<Run> runs, RAConnection connection)
    {
        foreach (var run in runs.OrderByDescending(r => r.CreatedAt ?? DateTimeOffset.MinValue))
        {
            if (Full)
            {
                return;
            }

            Write(run, connection);
        }
    }

    /// <summary>Writes a run once, however many objects name it, when -Skip and -First let it through.</summary>
    private void Write(Run run, RAConnection connection)
    {
        if (!_written.Add((connection, run.Id)))
        {
            return;
        }

        _counted++;
        if (_counted > Skip && _shown < First)
        {
            _shown++;
            WriteFromPlatform(run, connection);
        }
    }
}
