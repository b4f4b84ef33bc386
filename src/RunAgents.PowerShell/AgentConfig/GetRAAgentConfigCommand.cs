using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Gets the config of agents: their system prompt, identity provider, models and budgets, tools and policies.</summary>
[Cmdlet(VerbsCommon.Get, "RAAgentConfig", HelpUri = HelpUris.Docs + "Get-RAAgentConfig.md")]
[OutputType(typeof(AgentConfig), typeof(string))]
public sealed class GetRAAgentConfigCommand : AgentConfigCmdlet
{
    private AgentArguments? _agents;

    /// <summary>The namespaces of the agents, or agents as <c>namespace/name</c>; checked against the agent's where the platform finds agents by name.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string[]? Namespace { get; set; }

    /// <summary>The names of the agents, or agents as <c>namespace/name</c>.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(AgentNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>The agents, as Get-RAAgent writes them, or objects with Namespace and Name properties.</summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject[]? InputObject { get; set; }

    /// <summary>Writes each config's JSON text as the platform sent it instead of an object.</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        _agents = new AgentArguments(this, Namespace, Name);
        base.BeginProcessing();
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (var (agent, _) in _agents!.Exact(Agents(InputObject)))
        {
            if (Read(agent) is { } config)
            {
                if (Raw)
                {
                    WriteObject(config.Json);
                }
                else
                {
                    WriteFromPlatform(config, agent.Connection);
                }
            }
        }
    }
}
