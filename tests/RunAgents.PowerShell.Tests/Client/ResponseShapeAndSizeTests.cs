using System.Management.Automation;
using RunAgents.MockServer;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>
/// A body of the wrong shape is an error, never zero agents or the wrong agent; a body larger than the cap is
/// a classified error naming the limit, never an exhausted process; a streamed list caps each agent, not the list.
/// </summary>
public sealed class ResponseShapeAndSizeTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Theory]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("\"agents\"")]
    [InlineData("{\"agents\":[]}")]
    public async Task A_list_that_is_not_a_JSON_array_is_InvalidResponse(string body)
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 200, Body = body });

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().ListAgentsAsync(null, CancellationToken.None).Collect());

        Assert.Equal(ApiFailure.InvalidResponse, e.Failure);
        Assert.Contains("the list of agents", e.Message);
        Assert.True(e.Message.Contains(body.Trim('"')), e.Message);
    }

    [Fact]
    public async Task An_empty_JSON_array_is_an_empty_list()
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 200, Body = " [ ] " });

        Assert.Empty(await Client().ListAgentsAsync(null, CancellationToken.None).Collect());
    }

    [Fact]
    public void A_single_GET_answered_with_another_agent_is_an_error_not_that_agent()
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 200, Body = """{"name":"payment-agent","namespace":"agent-system","status":{"phase":"Running"}}""" });

        var result = RunConnected("Get-RAAgent finance fraud-detector");

        ErrorAssert.Is(result.SingleError(), "InvalidResponse", "GetRAAgentCommand", ErrorCategory.InvalidData, "finance/fraud-detector",
            "asked for the agent 'finance/fraud-detector' but the service answered with the agent 'agent-system/payment-agent'");
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task A_JSON_error_message_is_kept_whole()
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 200, Body = """{"name":42}""" });

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().GetAgentAsync("finance", "fraud-detector", null, CancellationToken.None));

        // The old message stopped at "could not be converted to System".
        Assert.Contains("could not be converted to System.String", e.Message);
        Assert.Contains("$.name", e.Message);
    }

    [Fact]
    public void An_endless_invoke_answer_stops_at_the_cap_with_a_non_terminating_error()
    {
        Server.AddFault(new FaultRule { Method = "POST", Status = 200, ContentType = "text/plain", Body = new string('x', 64 * 1024), Repeat = long.MaxValue });
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey -MaxResponseSizeMB 2").AssertNoErrors();

        var result = shell.Run("Invoke-RAAgent support support-triage -Message hi; 'went on'");

        Assert.Null(result.Terminating);
        var error = result.SingleError();
        ErrorAssert.Is(error, "ResponseTooLarge", "InvokeRAAgentCommand", ErrorCategory.LimitsExceeded, "support/support-triage", "larger than the limit of 2 MB", "-MaxResponseSizeMB");
        Assert.Equal("went on", Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public async Task A_gzip_bomb_is_capped_after_decompression()
    {
        // A few hundred kilobytes on the wire that inflate without end.
        Server.AddFault(new FaultRule { Method = "GET", Status = 200, Body = new string(' ', 1024 * 1024), Repeat = long.MaxValue, Gzip = true });
        var connection = new RAConnection(Server.BaseUri, ApiKey.FromPlainText(TestKeys.Valid, "the test"), SettingSource.Parameter, SettingSource.Parameter, maxResponseSizeMB: 4);

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client(connection).GetAgentAsync("finance", "fraud-detector", null, CancellationToken.None));

        Assert.Equal(ApiFailure.TooLarge, e.Failure);
        Assert.Contains("limit of 4 MB", e.Message);
    }

    [Fact]
    public async Task An_announced_body_over_the_cap_is_refused_before_it_is_read()
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 200, Body = "{\"name\":\"" + new string('a', 2 * 1024 * 1024) + "\"}" });
        var connection = new RAConnection(Server.BaseUri, ApiKey.FromPlainText(TestKeys.Valid, "the test"), SettingSource.Parameter, SettingSource.Parameter, maxResponseSizeMB: 1);

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client(connection).GetAgentAsync("finance", "fraud-detector", null, CancellationToken.None));

        Assert.Equal(ApiFailure.TooLarge, e.Failure);
        Assert.Contains("2097163 bytes, larger than the limit of 1 MB", e.Message);
    }

    [Fact]
    public async Task A_streamed_list_caps_each_agent_not_the_whole_list()
    {
        Server.Seed("4000");
        var connection = new RAConnection(Server.BaseUri, ApiKey.FromPlainText(TestKeys.Valid, "the test"), SettingSource.Parameter, SettingSource.Parameter, maxResponseSizeMB: 1);

        // About 2 MB in all, each agent far below 1 MB.
        var agents = await Client(connection).ListAgentsAsync(null, CancellationToken.None).Collect();

        Assert.Equal(4000, agents.Count);
    }

    [Fact]
    public async Task One_agent_in_a_list_larger_than_the_cap_is_ResponseTooLarge()
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 200, Body = "[{\"name\":\"a\",\"namespace\":\"b\"},{\"name\":\"" + new string('a', 2 * 1024 * 1024) + "\"}]" });
        var connection = new RAConnection(Server.BaseUri, ApiKey.FromPlainText(TestKeys.Valid, "the test"), SettingSource.Parameter, SettingSource.Parameter, maxResponseSizeMB: 1);
        var seen = new List<string>();

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(async () =>
        {
            await foreach (var agent in Client(connection).ListAgentsAsync(null, CancellationToken.None))
            {
                seen.Add(agent.ToString());
            }
        });

        Assert.Equal(ApiFailure.TooLarge, e.Failure);
        Assert.Contains("limit of 1 MB", e.Message);
    }
}
