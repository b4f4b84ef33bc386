using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Deletes agents and their resources. Asks first, unless -Force or -Confirm:$false.</summary>
[Cmdlet(VerbsCommon.Remove, "RAAgent", DefaultParameterSetName = ByInputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(Agent))]
public sealed class RemoveRAAgentCommand : RunAgentsCmdlet
{
    private const string ByNameSet = "ByName";
    private const string ByInputObjectSet = "ByInputObject";

    /// <summary>The namespace of the agent to delete.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ByNameSet)]
    [ValidateAgentName]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string Namespace { get; set; } = string.Empty;

    /// <summary>The name of the agent to delete.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = ByNameSet)]
    [ValidateAgentName]
    [ArgumentCompleter(typeof(AgentNameCompleter))]
    public string Name { get; set; } = string.Empty;

    /// <summary>The agent to delete, as Get-RAAgent writes it.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByInputObjectSet)]
    [ValidateNotNull]
    public Agent? InputObject { get; set; }

    /// <summary>Deletes without asking for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Writes each deleted agent to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The timeout of each request in seconds, instead of the connection's.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; }

    /// <summary>How many times to retry a transient failure, instead of the connection's setting.</summary>
    [Parameter]
    [ValidateRange(0, 10)]
    public int MaxRetryCount { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        // Resolve the target first, so that the prompt and any error name the agent.
        var ns = InputObject?.Namespace ?? Namespace;
        var name = InputObject?.Name ?? Name;
        if (InputObject is not null && (AgentPath.Problem(ns) is not null || AgentPath.Problem(name) is not null))
        {
            WriteError(new ErrorRecord(
                new PSArgumentException($"The agent '{ns}/{name}' has no valid namespace and name to delete."),
                "InvalidAgentIdentity",
                ErrorCategory.InvalidArgument,
                ns + "/" + name));
            return;
        }

        var target = ns + "/" + name;
        if (!ShouldRemove(target))
        {
            return;
        }

        var connection = ActiveConnection;
        string? inferred;
        try
        {
            inferred = Await(connection.Client.DeleteAgentAsync(ns, name, Requests, StopToken));
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
            WriteFromPlatform(InputObject ?? new Agent { Namespace = ns, Name = name }, connection);
        }
    }

    /// <summary>
    /// ShouldProcess, except that -Force skips the prompt. -WhatIf still only reports, and an explicit
    /// -Confirm still asks, whatever -Force says.
    /// </summary>
    private bool ShouldRemove(string target)
    {
        const string action = "Remove agent";
        var confirmGiven = MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm) && confirm is SwitchParameter { IsPresent: true };
        if (!Force || confirmGiven || WhatIfRequested())
        {
            return ShouldProcess(target, action);
        }

        return true;
    }

    private bool WhatIfRequested()
    {
        if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf))
        {
            return whatIf is SwitchParameter { IsPresent: true };
        }

        return LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));
    }
}
