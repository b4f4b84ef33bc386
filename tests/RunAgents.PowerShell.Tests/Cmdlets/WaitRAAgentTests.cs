using System.Management.Automation;
using RunAgents.MockServer;
using RunAgents.PowerShell.Models;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>Wait-RAAgent polls until the phase is reached, the agent fails, or time runs out.</summary>
public sealed class WaitRAAgentTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    private const string PolicyGuard = "/api/agents/agent-system/policy-guard";

    [Fact]
    public void It_writes_the_agent_once_it_is_Running()
    {
        Server.ScriptPhases("agent-system", "policy-guard", ("Pending", "pulling image"), ("Pending", "starting"), ("Running", ""));

        var result = RunConnected("Wait-RAAgent -Namespace agent-system -Name policy-guard -PollIntervalSec 1 -Timeout 60").AssertNoErrors();

        var agent = Assert.Single(result.Objects<Agent>());
        Assert.Equal("agent-system/policy-guard", agent.ToString());
        Assert.Equal(AgentPhase.Running, agent.Phase);
        Assert.Equal(3, Journal.Count);
        Assert.All(Journal, e => Assert.Equal("GET /api/agents/agent-system/policy-guard", e.Method + " " + e.RawTarget));
    }

    [Fact]
    public void An_agent_already_in_the_phase_is_written_after_one_request()
    {
        var result = RunConnected("Wait-RAAgent -Namespace finance -Name invoice-processor").AssertNoErrors();

        Assert.Equal("invoice-processor", Assert.Single(result.Objects<Agent>()).Name);
        Assert.Single(Journal);
    }

    [Fact]
    public void Agents_ready_together_are_written_in_the_order_they_came_in()
    {
        var result = RunConnected("Get-RAAgent -Namespace finance -Phase Running | Sort-Object Name | Wait-RAAgent").AssertNoErrors();

        Assert.Equal(new[] { "expense-auditor", "invoice-processor", "payment-approver" }, result.Objects<Agent>().Select(a => a.Name));
    }

    [Fact]
    public void An_agent_that_turns_Failed_is_an_AgentFailed_error_with_the_status_message()
    {
        Server.ScriptPhases("agent-system", "policy-guard", ("Pending", "pulling image"), ("Failed", "ImagePullBackOff: manifest unknown"));

        var result = RunConnected("Wait-RAAgent -Namespace agent-system -Name policy-guard -PollIntervalSec 1");

        var error = result.SingleError();
        ErrorAssert.Is(error, "AgentFailed", "WaitRAAgentCommand", ErrorCategory.InvalidResult, "agent-system/policy-guard", "ImagePullBackOff: manifest unknown");
        Assert.Empty(result.Output);
        Assert.Equal(2, Journal.Count);
    }

    [Fact]
    public void An_agent_that_stays_Pending_is_a_WaitTimeout_error()
    {
        var result = RunConnected("Wait-RAAgent -Namespace agent-system -Name policy-guard -Timeout 1 -PollIntervalSec 1");

        var error = result.SingleError();
        ErrorAssert.Is(error, "WaitTimeout", "WaitRAAgentCommand", ErrorCategory.OperationTimeout, "agent-system/policy-guard", "Pending", "1 s");
        Assert.Empty(result.Output);
    }

    [Fact]
    public void A_poll_that_hangs_past_Timeout_ends_the_wait_with_WaitTimeout_and_the_last_phase_seen()
    {
        // The first poll answers Pending; the second hangs far longer than -Timeout.
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = PolicyGuard, DelayMs = 0 });
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = PolicyGuard, DelayMs = 60_000 });

        var result = RunWithRequestTimeoutGuard("Wait-RAAgent -Namespace agent-system -Name policy-guard -Timeout 2 -PollIntervalSec 1");

        var error = result.SingleError();
        ErrorAssert.Is(error, "WaitTimeout", "WaitRAAgentCommand", ErrorCategory.OperationTimeout, "agent-system/policy-guard", "within 2 s", "it is Pending");
        Assert.Empty(result.Output);
        Assert.Equal(2, Journal.Count);
    }

    [Fact]
    public void A_first_poll_that_hangs_past_Timeout_is_a_WaitTimeout_too()
    {
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = PolicyGuard, DelayMs = 60_000 });

        var result = RunWithRequestTimeoutGuard("Wait-RAAgent -Namespace agent-system -Name policy-guard -Timeout 1");

        var error = result.SingleError();
        ErrorAssert.Is(error, "WaitTimeout", "WaitRAAgentCommand", ErrorCategory.OperationTimeout, "agent-system/policy-guard", "within 1 s", "no poll of it answered in time");
        Assert.Single(Journal);
    }

    [Fact]
    public void Several_piped_agents_are_waited_for_together()
    {
        Server.ScriptPhases("agent-system", "policy-guard", ("Pending", ""), ("Running", ""));

        var result = RunConnected("""
            [pscustomobject]@{ Namespace = 'agent-system'; Name = 'policy-guard' },
            [pscustomobject]@{ Namespace = 'finance'; Name = 'invoice-processor' } | Wait-RAAgent -PollIntervalSec 1
            """).AssertNoErrors();

        Assert.Equal(["finance/invoice-processor", "agent-system/policy-guard"], result.Objects<Agent>().Select(a => a.ToString()).Order().Reverse());
    }

    [Fact]
    public void Waiting_for_an_agent_that_does_not_exist_is_AgentNotFound()
    {
        var result = RunConnected("Wait-RAAgent -Namespace finance -Name ghost");

        ErrorAssert.Is(result.SingleError(), "AgentNotFound", "WaitRAAgentCommand", ErrorCategory.ObjectNotFound, "finance/ghost", "agent finance/ghost not found");
    }

    [Fact]
    public void Phase_chooses_the_phase_to_wait_for()
    {
        var result = RunConnected("Wait-RAAgent -Namespace finance -Name fraud-detector -Phase Failed").AssertNoErrors();

        Assert.Equal(AgentPhase.Failed, Assert.Single(result.Objects<Agent>()).Phase);
    }

    /// <summary>
    /// Runs <paramref name="script"/> connected with a 20 s request timeout. That timeout is the guard: were
    /// the polls not bounded by -Timeout, a hung poll would end after 20 s as a RequestTimeout (and the
    /// test fail on the error id) instead of hanging the test for the fault's whole delay.
    /// </summary>
    private PSResult RunWithRequestTimeoutGuard(string script)
    {
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey -TimeoutSec 20").AssertNoErrors();
        Server.ClearJournal();
        return shell.Run(script);
    }
}
