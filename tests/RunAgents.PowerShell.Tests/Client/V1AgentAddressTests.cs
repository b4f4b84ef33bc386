using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>On v1 no path carries a namespace: a namespace the caller names is checked against the agent before acting.</summary>
public sealed class V1AgentAddressTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    private const string Base = "/api/v1/workspaces/revops/";

    private RunAgentsClient V1() => Client(Connection(uri: new Uri(Server.BaseUri, Base)));

    [Fact]
    public async Task Get_by_name_alone_is_one_request_to_the_agents_v1_path()
    {
        var agent = await V1().GetAgentAsync(null, "fraud-detector", null, CancellationToken.None);

        Assert.Equal("finance/fraud-detector", agent.ToString());
        var request = Assert.Single(Journal);
        Assert.Equal(("GET", Base + "agents/fraud-detector"), (request.Method, request.RawTarget));
    }

    [Fact]
    public async Task Get_with_the_wrong_namespace_is_not_found_and_says_where_the_agent_is()
    {
        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => V1().GetAgentAsync("support", "fraud-detector", null, CancellationToken.None));

        Assert.Equal(ApiFailure.NotFound, e.Failure);
        Assert.StartsWith("agent support/fraud-detector not found: this platform finds agents by name alone, and the agent its name leads to is in namespace 'finance'", e.Message);
        Assert.Single(Journal);
    }

    [Fact]
    public async Task Delete_with_a_namespace_reads_the_agent_first_then_deletes_it_by_name()
    {
        await V1().DeleteAgentAsync("finance", "fraud-detector", null, CancellationToken.None);

        Assert.Equal([("GET", Base + "agents/fraud-detector"), ("DELETE", Base + "agents/fraud-detector")], Journal.Select(r => (r.Method, r.RawTarget)));
        Assert.False(Server.HasAgent("finance", "fraud-detector"));
    }

    [Fact]
    public async Task Delete_with_the_wrong_namespace_sends_no_delete_and_the_agent_stays()
    {
        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => V1().DeleteAgentAsync("support", "fraud-detector", null, CancellationToken.None));

        Assert.Equal(ApiFailure.NotFound, e.Failure);
        Assert.DoesNotContain(Journal, r => r.Method == "DELETE");
        Assert.True(Server.HasAgent("finance", "fraud-detector"));
    }

    [Fact]
    public async Task Delete_by_name_alone_is_one_delete()
    {
        await V1().DeleteAgentAsync(null, "expense-auditor", null, CancellationToken.None);

        var request = Assert.Single(Journal);
        Assert.Equal(("DELETE", Base + "agents/expense-auditor"), (request.Method, request.RawTarget));
    }

    [Fact]
    public async Task Invoke_with_the_wrong_namespace_sends_no_message()
    {
        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => V1().InvokeAgentAsync("finance", "support-triage", "{\"message\":\"hi\"}", null, CancellationToken.None));

        Assert.Equal(ApiFailure.NotFound, e.Failure);
        Assert.DoesNotContain(Journal, r => r.Method == "POST");
    }

    [Fact]
    public async Task The_namespaced_generation_sends_the_namespace_in_the_path_and_reads_nothing_first()
    {
        await Client().DeleteAgentAsync("finance", "expense-auditor", null, CancellationToken.None);

        var request = Assert.Single(Journal);
        Assert.Equal(("DELETE", "/api/agents/finance/expense-auditor"), (request.Method, request.RawTarget));
    }
}
