using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Has the platform validate action plans, changing nothing: one result per action, valid or not and why.</summary>
[Cmdlet(VerbsDiagnostic.Test, "RAActionPlan", DefaultParameterSetName = ByInputObjectSet, HelpUri = HelpUris.Docs + "Test-RAActionPlan.md")]
[OutputType(typeof(ActionPlanResult), typeof(bool))]
public sealed class TestRAActionPlanCommand : ActionPlanCmdlet
{
    /// <summary>Writes only whether each plan is valid: $true or $false, and no errors for invalid actions.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <inheritdoc/>
    private protected override void Process(ActionPlan plan, object source, RAConnection connection)
    {
        (bool Done, System.Collections.Generic.List<ActionPlanResult> Results) verdict;
        try
        {
            verdict = Await(Api(connection).ValidateAsync(plan.Request(plan.Actions, plan.ContinueOnError), Requests, StopToken));
        }
        catch (RunAgentsApiException e) when (ActionPlansApi.NotSupported(e))
        {
            WriteError(NotSupported(e, connection));
            return;
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot validate action plan", plan.PlanId ?? plan.ToString());
            return;
        }

        if (Quiet)
        {
            WriteObject(verdict.Done);
            return;
        }

        WriteResults(verdict.Results, connection);
    }
}
