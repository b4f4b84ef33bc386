using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Waits until agents reach a phase (Running by default), polling the service.</summary>
[Cmdlet(VerbsLifecycle.Wait, "RAAgent", HelpUri = HelpUris.Docs + "Wait-RAAgent.md")]
[OutputType(typeof(Agent))]
public sealed class WaitRAAgentCommand : RequestCmdlet
{
    private readonly List<Waiting> _waiting = new();
    private AgentArguments? _agents;

    /// <summary>The namespaces of the agents to wait for, or agents as <c>namespace/name</c>.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string[]? Namespace { get; set; }

    /// <summary>The names of the agents to wait for, or agents as <c>namespace/name</c>.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(AgentNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>An agent from the pipeline, or an object with Namespace and Name properties.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    [ValidateNotNull]
    public PSObject[]? InputObject { get; set; }

    /// <summary>The phase to wait for.</summary>
    [Parameter(Position = 2)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseCompleter))]
    public string Phase { get; set; } = AgentPhase.Running;

    /// <summary>How long to wait in all, in seconds, every request in it included.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int Timeout { get; set; } = 300;

    /// <summary>How long to wait between two polls, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int PollIntervalSec { get; set; } = 5;

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        var takesPhase = !MyInvocation.BoundParameters.ContainsKey(nameof(Phase));
        _agents = new AgentArguments(this, Namespace, Name, valueName: takesPhase ? "phase" : null);
        base.BeginProcessing();
        WarnOfTimeoutSecInAWait(nameof(Timeout), Timeout);
        WarnOfUndocumentedPhases(new[] { Phase });
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (var (agent, phase) in _agents!.Exact(InputObject))
        {
            _waiting.Add(new Waiting(agent, agent.Connection, phase ?? Phase));
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var total = _waiting.Count;
        var phases = string.Join(" or ", _waiting.Select(w => w.Phase).Distinct(StringComparer.OrdinalIgnoreCase));
        var progress = new ProgressRecord(1, $"Waiting for {total} agent{(total == 1 ? string.Empty : "s")} to reach phase {phases}", "Polling");
        PollUntilDone(TimeSpan.FromSeconds(Timeout), TimeSpan.FromSeconds(PollIntervalSec), progress, round =>
        {
            // In the order the agents came in, so that those ready together are written in that order.
            foreach (var item in _waiting.ToArray())
            {
                Poll(item, round);
            }

            if (_waiting.Count == 0)
            {
                return false;
            }

            var ready = total - _waiting.Count;
            progress.StatusDescription = $"{ready} of {total} ready; waiting for {_waiting[0].Target} ({_waiting[0].Seen})";
            progress.PercentComplete = ready * 100 / total;
            return true;
        });

        foreach (var item in _waiting)
        {
            var state = item.Last is null ? "no poll of it answered in time" : $"it is {item.Last.Phase ?? "unknown"}";
            WriteError(new ErrorRecord(
                new TimeoutException($"Agent '{item.Target}' did not reach phase {item.Phase} within {Timeout} s; {state}."),
                "WaitTimeout",
                ErrorCategory.OperationTimeout,
                item.Target));
        }
    }

    /// <summary>Polls one agent and ends its wait when it reached the phase, failed or cannot be polled.</summary>
    /// <exception cref="OperationCanceledException">The time is up.</exception>
    private void Poll(Waiting item, WaitRound round)
    {
        Agent agent;
        try
        {
            agent = Await(item.Connection.Client.GetAgentAsync(item.Agent.Namespace, item.Agent.Name, Requests, round.Token));
        }
        catch (RunAgentsApiException e) when (!round.TimeIsUp)
        {
            WriteApiError(e, "Cannot wait for agent", item.Target);
            _waiting.Remove(item);
            return;
        }

        item.Last = agent;
        if (string.Equals(agent.Phase, item.Phase, StringComparison.OrdinalIgnoreCase))
        {
            WriteVerbose($"Agent '{item.Target}' is {agent.Phase} after {round.Elapsed.TotalSeconds:0.#} s.");
            WriteFromPlatform(agent, item.Connection);
            _waiting.Remove(item);
        }
        else if (string.Equals(agent.Phase, AgentPhase.Failed, StringComparison.OrdinalIgnoreCase))
        {
            WriteError(new ErrorRecord(
                new InvalidOperationException($"Agent '{item.Target}' failed while waiting for phase {item.Phase}: {Detail(agent)}"),
                "AgentFailed",
                ErrorCategory.InvalidResult,
                item.Target));
            _waiting.Remove(item);
        }
    }

    private static string Detail(Agent agent) =>
        string.IsNullOrEmpty(agent.Status?.Message) ? "the platform gave no status message." : agent.Status!.Message!;

    /// <summary>An agent waited for, with the connection it came with, the phase it should reach and what the last poll saw.</summary>
    private sealed class Waiting(AgentId agent, RAConnection connection, string phase)
    {
        public AgentId Agent { get; } = agent;

        public RAConnection Connection { get; } = connection;

        public string Phase { get; } = phase;

        public string Target => Agent.ToString();

        public Agent? Last { get; set; }

        public string Seen => Last is null ? "not seen yet" : Last.Phase ?? "no phase";
    }
}
