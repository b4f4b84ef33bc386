using System.Diagnostics;
using System.Management.Automation;
using RunAgents.MockServer;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>Ctrl+C (PowerShell.Stop) ends a command at once, whatever it is waiting for.</summary>
public sealed class StopTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    // The one timing bound of the suite, the promise itself: the pipeline ends within a second (waiting for the server would take 30 s).
    private static readonly TimeSpan s_stopBound = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_startBound = TimeSpan.FromSeconds(15);

    [Fact]
    public void Stop_ends_a_request_the_server_is_sitting_on()
    {
        Server.AddFault(new FaultRule { Method = "GET", DelayMs = 30_000 });

        StopWhen("Get-RAAgent -Name x -Namespace y", () => Journal.Count == 1, "the GET reached the server");
    }

    [Fact]
    public void Stop_ends_the_wait_before_a_retry()
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 503, Headers = new Dictionary<string, string> { ["Retry-After"] = "30" } });

        StopWhen(
            "Get-RAAgent -Name x -Namespace y -Verbose",
            ps => ps.Streams.Verbose.Any(v => v.Message.Contains("retrying in 30 s", StringComparison.Ordinal)),
            "the command is waiting 30 s to retry");

        Assert.Single(Journal);
    }

    [Fact]
    public void Stop_ends_a_slow_list()
    {
        Server.AddFault(new FaultRule { Method = "GET", DelayMs = 30_000 });

        StopWhen("Get-RAAgent", () => Journal.Count == 1, "the list request reached the server");
    }

    [Fact]
    public void Stop_ends_a_slow_invoke()
    {
        Server.AddFault(new FaultRule { Method = "POST", DelayMs = 30_000 });

        StopWhen("Invoke-RAAgent -Namespace support -Name support-triage -Message hi", () => Journal.Count == 1, "the POST reached the server");
    }

    [Fact]
    public void Stop_ends_Wait_RAAgent_between_polls()
    {
        StopWhen("Wait-RAAgent -Namespace agent-system -Name policy-guard -PollIntervalSec 60", () => Journal.Count == 1 && Journal[0].Status == 200, "the first poll was answered");
    }

    private System.Management.Automation.PowerShell StopWhen(string script, Func<bool> ready, string what) => StopWhen(script, _ => ready(), what);

    private System.Management.Automation.PowerShell StopWhen(string script, Func<System.Management.Automation.PowerShell, bool> ready, string what)
    {
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey").AssertNoErrors();
        Server.ClearJournal();
        var ps = shell.Prepare(script);
        Own(ps);

        var running = ps.BeginInvoke();
        Wire.WaitUntil(() => ready(ps), s_startBound, what);
        Assert.False(running.IsCompleted, "The command should still be running.");
        var clock = Stopwatch.StartNew();
        ps.Stop();
        clock.Stop();

        Assert.True(clock.Elapsed < s_stopBound, $"Stop took {clock.Elapsed.TotalSeconds:0.0} s.");
        Assert.True(running.IsCompleted);
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        return ps;
    }
}
