using System.Diagnostics;
using System.Management.Automation;
using RunAgents.MockServer;
using RunAgents.PowerShell.Models;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>
/// -TimeoutSec bounds each request and -MaxRetryCount sets its retries in every cmdlet that sends requests, the waits
/// and the deploy included; the whole wait has a name of its own (-Timeout, and -WaitTimeout on Deploy-RAAgent), and
/// -TimeoutSec given to a wait without it warns, since it bounded the whole wait before.
/// </summary>
public sealed class RequestSettingsTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    private const string Deploy = "Deploy-RAAgent -Name hello -Namespace finance -Image registry.example/hello:1";

    // A request cut at 1 s must not end in 15; before, these ran to the connection's 100 s or the fault's 60 s.
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(15);

    private static readonly Dictionary<string, string> s_comeBackNow = new() { ["Retry-After"] = "0" };

    [Theory]
    [InlineData("Wait-RAAgent -Namespace agent-system -Name policy-guard -Timeout 120 -TimeoutSec 1 -PollIntervalSec 1", "GET", "/api/agents/agent-system/policy-guard", "WaitRAAgentCommand", "agent-system/policy-guard")]
    [InlineData("Wait-RARun run-slow -Timeout 120 -TimeoutSec 1 -PollIntervalSec 1", "GET", "/runs/run-slow", "WaitRARunCommand", "run-slow")]
    [InlineData(Deploy + " -TimeoutSec 1", "POST", "/api/deploy", "DeployRAAgentCommand", "finance/hello")]
    [InlineData(Deploy + " -Wait -WaitTimeout 120 -TimeoutSec 1 -PollIntervalSec 1", "GET", "/api/agents/finance/hello", "DeployRAAgentCommand", "finance/hello")]
    public void TimeoutSec_bounds_each_request_of_a_wait_or_deploy_not_the_whole_wait(string script, string method, string slowPath, string command, string target)
    {
        Server.PutRuns("""{"id":"run-slow","agent_id":"payment-approver","namespace":"finance","status":"RUNNING"}""");
        Server.DeployReadyMs = 60_000;
        Server.AddFault(new FaultRule { Method = method, PathPrefix = slowPath, DelayMs = 60_000, Count = 10 });

        var (result, took) = Timed(script);

        Assert.InRange(took, TimeSpan.Zero, s_bound);
        ErrorAssert.Is(result.SingleError(), "RequestTimeout", command, ErrorCategory.OperationTimeout, target, "within 1 s");
        Assert.Empty(result.Warnings);
        Assert.Equal(method + " " + slowPath, Journal.Last().Method + " " + Journal.Last().RawTarget);
    }

    [Theory]
    [InlineData("Wait-RAAgent -Namespace finance -Name fraud-detector -Phase Failed", "/api/agents/finance/fraud-detector")]
    [InlineData("Wait-RARun run-done", "/runs/run-done")]
    [InlineData(Deploy + " -Wait -PollIntervalSec 1", "/api/agents/finance/hello")]
    public void A_waits_polls_retry_as_MaxRetryCount_says(string script, string polled)
    {
        Server.PutRuns("""{"id":"run-done","agent_id":"payment-approver","namespace":"finance","status":"COMPLETED"}""");
        Server.DeployReadyMs = 0;
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = polled, Status = 503, Headers = s_comeBackNow, Body = Wire.Error("busy"), Count = 1 });

        var retried = RunConnected(script).AssertNoErrors();
        var polls = Journal.Where(e => e.RawTarget == polled).Select(e => e.Status).ToList();
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = polled, Status = 503, Headers = s_comeBackNow, Body = Wire.Error("busy"), Count = 1 });
        var once = RunConnected(script + " -MaxRetryCount 0");

        Assert.Single(retried.Output);
        Assert.Equal([503, 200], polls);
        Assert.Equal("ServiceUnavailable", once.SingleError().FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal([503], Journal.Where(e => e.RawTarget == polled).Select(e => e.Status));
        Assert.Empty(once.Output);
    }

    [Theory]
    [InlineData("Wait-RAAgent -Namespace finance -Name fraud-detector -Phase Failed -TimeoutSec 600", "-Timeout", true)]
    [InlineData("Wait-RARun run-done -TimeoutSec 600", "-Timeout", true)]
    [InlineData(Deploy + " -Wait -PollIntervalSec 1 -TimeoutSec 600", "-WaitTimeout", true)]
    [InlineData("Wait-RARun run-done -TimeoutSec 30 -Timeout 300", "-Timeout", false)]
    [InlineData(Deploy + " -Wait -PollIntervalSec 1 -TimeoutSec 30 -WaitTimeout 300", "-WaitTimeout", false)]
    [InlineData(Deploy + " -TimeoutSec 600", "-WaitTimeout", false)]
    public void TimeoutSec_given_to_a_wait_without_its_own_bound_warns_that_it_now_bounds_each_request(string script, string bound, bool warns)
    {
        Server.PutRuns("""{"id":"run-done","agent_id":"payment-approver","namespace":"finance","status":"COMPLETED"}""");
        Server.DeployReadyMs = 0;

        var result = RunConnected(script).AssertNoErrors();

        Assert.Single(result.Output);
        if (!warns)
        {
            Assert.Empty(result.Warnings);
            return;
        }

        var warning = Assert.Single(result.Warnings);
        Assert.Contains("-TimeoutSec 600 bounds each request of the wait, not the whole wait", warning);
        Assert.Contains($"that is {bound}, 300 s here", warning);
        Assert.Contains($"pass {bound} 600 instead", warning);
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
}
