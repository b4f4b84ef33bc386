using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using RunAgents.MockServer;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>
/// A deploy is a write: a second copy builds again and creates its tools again. It is sent again only when the
/// platform cannot have acted on it, whatever the connection's retry count says.
/// </summary>
public sealed class DeployRetryTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    private const string Deploy = "Deploy-RAAgent -Name retried -Namespace finance -Image registry.example/r:1 -NewTool @{ name = 'crm'; base_url = 'https://crm.example.com' }";

    [Theory]
    [InlineData(504, "ServiceUnavailable", ErrorCategory.ResourceUnavailable)]
    [InlineData(502, "BadGateway", ErrorCategory.ConnectionError)]
    public void A_deploy_a_gateway_answered_is_sent_once_and_reported(int status, string id, ErrorCategory category)
    {
        Server.AddFault(new FaultRule { Method = "POST", Status = status, Body = Wire.Error("upstream timed out"), Count = 5 });

        var result = RunConnected(Deploy);

        var error = result.SingleError();
        ErrorAssert.Is(error, id, "DeployRAAgentCommand", category, "finance/retried", "Cannot deploy agent 'finance/retried'", "upstream timed out");
        Assert.Equal(1, Assert.IsType<RunAgentsApiException>(error.Exception).Attempts);
        var post = Assert.Single(Journal);
        Assert.Equal(("POST", "/api/deploy", status), (post.Method, post.RawTarget, post.Status));
        Assert.Empty(result.Output);
    }

    [Fact]
    public void A_deploy_whose_connection_drops_after_it_was_read_is_sent_once()
    {
        Server.AddFault(new FaultRule { Method = "POST", Drop = true, Count = 5 });

        var result = RunConnected(Deploy);

        var error = result.SingleError();
        ErrorAssert.Is(error, "ConnectionFailed", "DeployRAAgentCommand", ErrorCategory.ConnectionError, "finance/retried", "Cannot deploy agent");
        var post = Assert.Single(Journal);
        Assert.Equal("POST", post.Method);
        Assert.Contains("\"agent_name\":\"retried\"", post.Body);
        Assert.Null(post.Status);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public void A_deploy_turned_away_with_Retry_After_is_sent_again_once_the_wait_is_over(int status)
    {
        Server.AddFault(new FaultRule { Method = "POST", Status = status, Body = Wire.Error("come back later"), Headers = new Dictionary<string, string> { ["Retry-After"] = "1" } });

        var result = RunConnected(Deploy + " -Verbose").AssertNoErrors();

        Assert.Equal([("POST", status), ("POST", 201)], Journal.Select(e => (e.Method, e.Status ?? 0)));
        Assert.Equal(Journal[0].Body, Journal[1].Body);
        Assert.Contains(result.Verbose, line => line.Contains($"-> {status}") && line.EndsWith("retrying in 1 s", StringComparison.Ordinal));
        var deployed = Assert.IsType<DeployResult>(Assert.Single(result.Output).BaseObject);
        Assert.Equal(["crm"], deployed.ToolsCreated!);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public void A_deploy_turned_away_without_Retry_After_is_sent_once(int status)
    {
        Server.AddFault(new FaultRule { Method = "POST", Status = status, Body = Wire.Error("overloaded"), Count = 5 });

        var result = RunConnected(Deploy);

        var error = result.SingleError();
        Assert.Equal(status, Assert.IsType<RunAgentsApiException>(error.Exception).StatusCode);
        Assert.Contains("overloaded", error.ToString());
        Assert.Single(Journal);
    }

    [Fact]
    public void A_deploy_is_retried_only_as_often_as_the_connection_allows()
    {
        Server.AddFault(new FaultRule { Method = "POST", Status = 503, Headers = new Dictionary<string, string> { ["Retry-After"] = "0" }, Count = 5 });
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey -MaxRetryCount 2").AssertNoErrors();
        Server.ClearJournal();

        var error = shell.Run(Deploy).SingleError();

        Assert.Equal(3, Assert.IsType<RunAgentsApiException>(error.Exception).Attempts);
        Assert.Contains("after 3 attempts", error.ToString());
        Assert.Equal(3, Journal.Count);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    public void MaxRetryCount_sets_how_often_a_deploy_turned_away_is_sent_again(int count, int sent)
    {
        Server.AddFault(new FaultRule { Method = "POST", Status = 503, Body = Wire.Error("come back later"), Headers = new Dictionary<string, string> { ["Retry-After"] = "0" }, Count = 5 });

        var error = RunConnected($"{Deploy} -MaxRetryCount {count}").SingleError();

        Assert.Equal(sent, Assert.IsType<RunAgentsApiException>(error.Exception).Attempts);
        Assert.Equal(sent, Journal.Count);
    }

    [Fact]
    public void MaxRetryCount_does_not_send_again_a_deploy_a_gateway_answered()
    {
        Server.AddFault(new FaultRule { Method = "POST", Status = 502, Body = Wire.Error("upstream reset"), Count = 5 });

        var result = RunConnected($"{Deploy} -MaxRetryCount 3");

        ErrorAssert.Is(result.SingleError(), "BadGateway", "DeployRAAgentCommand", ErrorCategory.ConnectionError, "finance/retried", "upstream reset");
        Assert.Single(Journal);
    }

    [Fact]
    public async Task A_deploy_whose_connection_was_refused_is_sent_again_once_the_platform_listens()
    {
        // A port nothing listens on: the first attempt is refused before a byte of the deploy is sent.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var shell = Shell();
        shell.SetVariable("Closed", new Uri($"http://127.0.0.1:{port}/"));
        shell.Run("Connect-RAService -Uri $Closed -ApiKey $ApiKey -MaxRetryCount 5").AssertNoErrors();
        using var ps = shell.Prepare(Deploy + " -Verbose");
        var refused = new ManualResetEventSlim();
        ps.Streams.Verbose.DataAdded += (_, e) =>
        {
            if (ps.Streams.Verbose[e.Index].Message.Contains("retrying in", StringComparison.Ordinal))
            {
                refused.Set();
            }
        };

        var running = ps.BeginInvoke();
        Assert.True(refused.Wait(TimeSpan.FromSeconds(30)), "The first attempt should have been refused and a retry announced.");
        await using var late = await MockRunAgentsServer.StartAsync(new MockServerOptions { Port = port, ApiKeys = [TestKeys.Valid], Seed = "demo" });
        Assert.True(running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(60)), "The deploy should end once the platform listens.");
        var output = ps.EndInvoke(running);

        Assert.Empty(ps.Streams.Error);
        Assert.IsType<DeployResult>(Assert.Single(output).BaseObject);
        var post = Assert.Single(late.Journal);
        Assert.Equal(("POST", "/api/deploy", 201), (post.Method, post.RawTarget, post.Status));
        Assert.Contains(ps.Streams.Verbose, v => v.Message.Contains("could not get an answer", StringComparison.Ordinal));
    }
}
