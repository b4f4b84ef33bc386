using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Deletes agents and their resources. Asks first, unless -Force or -Confirm:$false.</summary>
[Cmdlet(VerbsCommon.Remove, "RAAgent", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpUris.Docs + "Remove-RAAgent.md")]
[OutputType(typeof(Agent))]
public sealed class RemoveRAAgentCommand : RequestCmdlet
{
    private AgentArguments? _agents;

    /// <summary>The namespaces of the agents to delete, or agents as <c>namespace/name</c>.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string[]? Namespace { get; set; }

    /// <summary>The names of the agents to delete, or agents as <c>namespace/name</c>.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(AgentNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>The agents to delete, as Get-RAAgent writes them (also after Export-Clixml and Import-Clixml), or objects with Namespace and Name properties.</summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject[]? InputObject { get; set; }
    /// <summary>Deletes without asking for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Writes each deleted agent to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        _agents = new AgentArguments(this, Namespace, Name);
        base.BeginProcessing();
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (var (agent, _) in _agents!.Exact(InputObject))
        {
            Remove(agent);
        }
    }

    private void Remove(AgentId agent)
    {
        // Resolved first, so that the prompt and any error name the agent, and its platform when it is not the current one.
        var connection = agent.Connection;
        var target = agent.ToString();
        if (!ShouldProcessUnlessForced(OnPlatform(target, connection), "Remove agent", Force))
        {
            return;
        }

        string? inferred;
        try
        {
            inferred = Await(connection.Client.DeleteAgentAsync(agent.Namespace, agent.Name, Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot remove agent", target);
            return;
        }

        if (inferred is not null)
        {
            WriteWarning(inferred);
        }

        WriteVerbose($"Removed agent '{target}'.");
        if (PassThru)
        {
            WriteFromPlatform(agent.Source?.BaseObject as Agent ?? new Agent { Namespace = agent.Namespace ?? string.Empty, Name = agent.Name }, connection);
        }
    }
}
