using System.Diagnostics;
using System.Management.Automation;
using RunAgents.MockServer;
using RunAgents.PowerShell.Models;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>
/// Deploy-RAAgent -Wait, Wait-RAAgent and Wait-RARun end at their bound (-WaitTimeout, -Timeout), every request inside included,
/// against a poll that drips, a retry told to wait, a lookup that hangs; and Deploy-RAAgent -Wait tells an
/// agent that disappears once it was seen at once.
/// </summary>
public sealed class WaitBoundTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    private const string Hello = "/api/agents/finance/hello";
    private const string Deploy = "Deploy-RAAgent -Name hello -Namespace finance -Image registry.example/hello:1 -Wait -PollIntervalSec 1";

    // Generous: each case ran 30 s and more before, and a 3 s bound must not end in 15.
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(15);

    [Fact]
    public void Deploy_Wait_ends_at_WaitTimeout_though_a_poll_drips()
    {
        Server.DeployReadyMs = 60_000;
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = Hello, DripBytes = 8, DripMs = 500, Count = 10 });

        var (result, took) = Timed($"{Deploy} -WaitTimeout 3");

        Assert.InRange(took, TimeSpan.Zero, s_bound);
        ErrorAssert.Is(result.SingleError(), "WaitTimeout", "DeployRAAgentCommand", ErrorCategory.OperationTimeout, "finance/hello", "within 3 s", "no poll of it answered in time");
        Assert.Empty(result.Output);
        Assert.Equal(["POST /api/deploy", "GET " + Hello], Requests());
    }

    [Fact]
    public void Deploy_Wait_ends_at_WaitTimeout_though_a_poll_is_told_to_retry_later()
    {
        Server.DeployReadyMs = 60_000;
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = Hello, Status = 503, Headers = new Dictionary<string, string> { ["Retry-After"] = "30" }, Count = 10 });

        var (result, took) = Timed($"{Deploy} -WaitTimeout 3");

        Assert.InRange(took, TimeSpan.Zero, s_bound);
        ErrorAssert.Is(result.SingleError(), "WaitTimeout", "DeployRAAgentCommand", ErrorCategory.OperationTimeout, "finance/hello", "within 3 s");
        Assert.Equal(["POST /api/deploy", "GET " + Hello], Requests());
    }

    [Fact]
    public void Deploy_Wait_tells_an_agent_that_disappears_after_it_was_seen_as_AgentNotFound_at_once()
    {
        // Seen Pending once, then deleted: the second poll is the API's own 404.
        Server.DeployReadyMs = 60_000;
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = Hello, DelayMs = 0 });
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = Hello, Status = 404, Body = """{"error":"agent finance/hello not found"}""", Count = 10 });

        var (result, took) = Timed($"{Deploy} -WaitTimeout 60");

        Assert.InRange(took, TimeSpan.Zero, s_bound);
        var error = result.SingleError();
        ErrorAssert.Is(error, "AgentNotFound", "DeployRAAgentCommand", ErrorCategory.ObjectNotFound, "finance/hello", "Agent 'finance/hello' disappeared while being waited for", "it was Pending", "agent finance/hello not found");
        Assert.IsAssignableFrom<ItemNotFoundException>(error.Exception);
        Assert.Empty(result.Output);
        Assert.Equal(["POST /api/deploy", "GET " + Hello, "GET " + Hello], Requests());
    }

    [Fact]
    public void Deploy_Wait_waits_through_a_404_before_the_agent_is_first_seen()
    {
        Server.DeployReadyMs = 0;
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = Hello, Status = 404, Body = """{"error":"agent finance/hello not found"}""" });

        var result = RunConnected($"{Deploy} -WaitTimeout 60").AssertNoErrors();

        Assert.Equal(AgentPhase.Running, Assert.IsType<Agent>(Assert.Single(result.Output).BaseObject).Phase);
        Assert.Equal(["POST /api/deploy", "GET " + Hello, "GET " + Hello], Requests());
    }

    [Fact]
    public void Wait_RAAgent_ends_at_Timeout_though_a_poll_drips()
    {
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/api/agents/agent-system/policy-guard", DripBytes = 8, DripMs = 500, Count = 10 });

        var (result, took) = Timed("Wait-RAAgent -Namespace agent-system -Name policy-guard -Timeout 3 -PollIntervalSec 1");

        Assert.InRange(took, TimeSpan.Zero, s_bound);
        ErrorAssert.Is(result.SingleError(), "WaitTimeout", "WaitRAAgentCommand", ErrorCategory.OperationTimeout, "agent-system/policy-guard", "within 3 s", "no poll of it answered in time");
        Assert.Single(Journal);
    }

    [Fact]
    public void Wait_RARun_ends_at_Timeout_though_a_poll_drips()
    {
        Server.PutRuns("""{"id":"run-drip","agent_id":"payment-approver","namespace":"finance","status":"RUNNING"}""");
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/runs/run-drip", DripBytes = 8, DripMs = 500, Count = 10 });

        var (result, took) = Timed("Wait-RARun run-drip -Timeout 3 -PollIntervalSec 1");

        Assert.InRange(took, TimeSpan.Zero, s_bound);
        ErrorAssert.Is(result.SingleError(), "WaitTimeout", "WaitRARunCommand", ErrorCategory.OperationTimeout, "run-drip", "within 3 s", "not seen yet");
        Assert.Equal(["GET /runs/run-drip"], Requests());
    }

    [Fact]
    public void Wait_RARun_ends_at_Timeout_though_the_lookup_of_a_paused_runs_request_hangs()
    {
        Server.PutRuns("""{"id":"run-paused","agent_id":"payment-approver","namespace":"finance","status":"PAUSED_APPROVAL","blocked_action_id":"act-9"}""");
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/governance/requests", DelayMs = 60_000, Count = 10 });

        var (result, took) = Timed("Wait-RARun run-paused -Timeout 3 -PollIntervalSec 1");

        Assert.InRange(took, TimeSpan.Zero, s_bound);
        ErrorAssert.Is(result.SingleError(), "WaitTimeout", "WaitRARunCommand", ErrorCategory.OperationTimeout, "run-paused", "within 3 s", "PAUSED_APPROVAL", "waiting for its access request to be decided");
        Assert.Equal("GET /runs/run-paused", Requests()[0]);
        Assert.StartsWith("GET /governance/requests", Requests()[1]);
    }

    [Fact]
    public void Wait_RARun_tells_a_failed_run_whose_events_hang_as_RunFailed_within_Timeout()
    {
        Server.PutRuns("""{"id":"run-failed","agent_id":"payment-approver","namespace":"finance","status":"FAILED"}""");
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/runs/run-failed/events", DelayMs = 60_000, Count = 10 });

        var (result, took) = Timed("Wait-RARun run-failed -Timeout 3 -PollIntervalSec 1");

        Assert.InRange(took, TimeSpan.Zero, s_bound);
        ErrorAssert.Is(result.SingleError(), "RunFailed", "WaitRARunCommand", ErrorCategory.InvalidResult, "run-failed", "Run 'run-failed' of agent 'payment-approver' failed", "its events, which say why, were still being read when the 3 s of the wait ran out");
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Wait_RARun_still_waits_for_the_other_runs_after_one_failed_and_its_events_hung()
    {
        Server.PutRuns("""
            [{"id":"run-failed","agent_id":"payment-approver","namespace":"finance","status":"FAILED"},
             {"id":"run-on","agent_id":"payment-approver","namespace":"finance","status":"RUNNING"}]
            """);
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/runs/run-failed/events", DelayMs = 60_000, Count = 10 });

        var (result, took) = Timed("Wait-RARun run-failed, run-on -Timeout 3 -PollIntervalSec 1");

        Assert.InRange(took, TimeSpan.Zero, s_bound);
        Assert.Equal(["RunFailed", "WaitTimeout"], result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal("run-on", result.Errors[1].TargetObject);
    }

    /// <summary>Runs <paramref name="script"/> connected with a 100 s request timeout, and how long it took.</summary>
    private (PSResult Result, TimeSpan Took) Timed(string script)
    {
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey -TimeoutSec 100").AssertNoErrors();
        Server.ClearJournal();
        var clock = Stopwatch.StartNew();
        var result = shell.Run(script);
        return (result, clock.Elapsed);
    }

    /// <summary>The requests the server received, as method and target.</summary>
    private List<string> Requests() => Journal.Select(e => $"{e.Method} {e.RawTarget}").ToList();
}
