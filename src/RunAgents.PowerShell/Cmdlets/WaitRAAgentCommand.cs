using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Waits until agents reach a phase (Running by default), polling the service.</summary>
[Cmdlet(VerbsLifecycle.Wait, "RAAgent")]
[OutputType(typeof(Agent))]
public sealed class WaitRAAgentCommand : RunAgentsCmdlet
{
    private readonly List<string[]> _waiting = new();

    /// <summary>The namespace of the agent to wait for.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateAgentName]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string Namespace { get; set; } = string.Empty;

    /// <summary>The name of the agent to wait for.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateAgentName]
    [ArgumentCompleter(typeof(AgentNameCompleter))]
    public string Name { get; set; } = string.Empty;

    /// <summary>The phase to wait for.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseCompleter))]
    public string Phase { get; set; } = AgentPhase.Running;

    /// <summary>How long to wait in all, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 300;

    /// <summary>How long to wait between two polls, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int PollIntervalSec { get; set; } = 5;

    /// <summary>Here -TimeoutSec bounds the whole wait; each poll keeps the connection's request timeout.</summary>
    protected override int? TimeoutOverride => null;

    /// <inheritdoc/>
    protected override void ProcessRecord() => _waiting.Add(new[] { Namespace, Name });

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var total = _waiting.Count;
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(TimeoutSec);
        var progress = new ProgressRecord(1, $"Waiting for {total} agent{(total == 1 ? string.Empty : "s")} to reach phase {Phase}", "Polling");
        var last = new Dictionary<string, Agent>();
        while (_waiting.Count > 0)
        {
            // In the order the agents came in, so that those ready together are written in that order.
            foreach (var pair in _waiting.ToArray())
            {
                var ns = pair[0];
                var name = pair[1];
                var target = ns + "/" + name;
                Agent agent;
                try
                {
                    agent = Await(ActiveConnection.Client.GetAgentAsync(ns, name, Requests, StopToken));
                }
                catch (RunAgentsApiException e)
                {
                    WriteApiError(e, "Cannot wait for agent", target);
                    _waiting.Remove(pair);
                    continue;
                }

                last[target] = agent;
                if (string.Equals(agent.Phase, Phase, StringComparison.OrdinalIgnoreCase))
                {
                    WriteVerbose($"Agent '{target}' is {agent.Phase} after {clock.Elapsed.TotalSeconds:0.#} s.");
                    WriteObject(agent);
                    _waiting.Remove(pair);
                }
                else if (string.Equals(agent.Phase, AgentPhase.Failed, StringComparison.OrdinalIgnoreCase))
                {
                    WriteError(new ErrorRecord(
                        new InvalidOperationException($"Agent '{target}' failed while waiting for phase {Phase}: {Detail(agent)}"),
                        "AgentFailed",
                        ErrorCategory.InvalidResult,
                        target));
                    _waiting.Remove(pair);
                }
            }

            if (_waiting.Count == 0)
            {
                break;
            }

            var left = deadline - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                foreach (var pair in _waiting)
                {
                    var target = pair[0] + "/" + pair[1];
                    var phase = last.TryGetValue(target, out var seen) ? seen.Phase ?? "unknown" : "unknown";
                    WriteError(new ErrorRecord(
                        new TimeoutException($"Agent '{target}' did not reach phase {Phase} within {TimeoutSec} s; it is {phase}."),
                        "WaitTimeout",
                        ErrorCategory.OperationTimeout,
                        target));
                }

                break;
            }

            var ready = total - _waiting.Count;
            progress.StatusDescription = $"{ready} of {total} ready; waiting for {_waiting[0][0]}/{_waiting[0][1]} ({LastPhase(last, _waiting[0])})";
            progress.PercentComplete = total == 0 ? 100 : ready * 100 / total;
            progress.SecondsRemaining = (int)left.TotalSeconds;
            WriteProgress(progress);
            var pause = TimeSpan.FromSeconds(PollIntervalSec);
            Await(Task.Delay(pause < left ? pause : left, StopToken));
        }

        progress.RecordType = ProgressRecordType.Completed;
        WriteProgress(progress);
    }

    private static string LastPhase(Dictionary<string, Agent> last, string[] pair) =>
        last.TryGetValue(pair[0] + "/" + pair[1], out var agent) ? agent.Phase ?? "no phase" : "not seen yet";

    private static string Detail(Agent agent) =>
        string.IsNullOrEmpty(agent.Status?.Message) ? "the platform gave no status message." : agent.Status!.Message!;
}
