using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Applies action plans: the platform validates each plan as a whole and then runs its actions in order. Each action
/// is confirmed on its own (-WhatIf, -Confirm), and only the actions confirmed are sent.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "RAActionPlan", DefaultParameterSetName = ByInputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpUris.Docs + "Invoke-RAActionPlan.md")]
[OutputType(typeof(ActionPlanResult))]
public sealed class InvokeRAActionPlanCommand : ActionPlanCmdlet
{
    /// <summary>Has the platform go on with the next actions when one fails (the plan's continue_on_error).</summary>
    [Parameter]
    public SwitchParameter ContinueOnError { get; set; }

    /// <summary>Applies every action without asking.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc/>
    private protected override void Process(ActionPlan plan, object source, RAConnection connection)
    {
        var where = connection.Api switch
        {
            ApiGeneration.V1 when connection.Workspace is null => " in the key's default workspace",
            ApiGeneration.V1 => $" in workspace '{connection.Workspace}'",
            _ => string.Empty,
        };
        var confirmed = new List<ActionPlanAction>();
        foreach (var action in plan.Actions)
        {
            if (ShouldProcessUnlessForced(OnPlatform(action + where, connection), "Apply action-plan action", Force))
            {
                confirmed.Add(action);
            }
        }

        if (confirmed.Count == 0)
        {
            WriteVerbose($"No action of the plan{(plan.PlanId is { } id ? $" '{id}'" : string.Empty)} was confirmed: nothing sent.");
            return;
        }

        if (confirmed.Count < plan.Actions.Length)
        {
            WriteVerbose($"Sending {confirmed.Count} of the plan's {plan.Actions.Length} actions: {string.Join(", ", confirmed)}.");
        }

        (bool Done, List<ActionPlanResult> Results) outcome;
        try
        {
            outcome = Await(Api(connection).ApplyAsync(plan.Request(confirmed, ContinueOnError || plan.ContinueOnError), Requests, StopToken));
        }
        catch (RunAgentsApiException e) when (ActionPlansApi.NotSupported(e))
        {
            WriteError(NotSupported(e, connection));
            return;
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot apply action plan", plan.PlanId ?? plan.ToString());
            return;
        }

        var applied = outcome.Results.Count(r => r.Status == "applied");
        WriteVerbose($"Applied {applied} of {outcome.Results.Count} actions{where}.");
        WriteResults(outcome.Results, connection);
    }
}
