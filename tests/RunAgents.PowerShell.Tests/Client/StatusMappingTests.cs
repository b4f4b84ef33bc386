using RunAgents.MockServer;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>Every error status the API documents comes back with its code and the server's own words.</summary>
public sealed class StatusMappingTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Theory]
    [InlineData(400, "path must be /api/agents/{namespace}/{name}")]
    [InlineData(401, "unauthorized")]
    [InlineData(403, "key may not read agents in finance")]
    [InlineData(404, "agent finance/ghost not found")]
    [InlineData(405, "method not allowed")]
    [InlineData(409, "agent is being deleted")]
    [InlineData(429, "rate limit exceeded")]
    [InlineData(500, "internal error: etcd timeout")]
    [InlineData(502, "failed to reach agent: connection refused")]
    [InlineData(503, "upstream unavailable")]
    public async Task An_error_status_carries_the_code_and_the_server_message(int status, string message)
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = status, Body = Wire.Error(message) });
        var client = Client(Connection(maxRetryCount: 0));

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => client.GetAgentAsync("finance", "ghost", null, CancellationToken.None));

        // A 404 in the API's own words says the agent does not exist; every other status is just a status.
        Assert.Equal(status == 404 ? ApiFailure.NotFound : ApiFailure.HttpStatus, e.Failure);
        Assert.Equal(status, e.StatusCode);
        Assert.Equal(message, e.ServerMessage);
        Assert.Contains(message, e.Message);
        Assert.Contains($"HTTP {status}", e.Message);
        Assert.Contains("GET " + Server.BaseUri + "api/agents/finance/ghost", e.Message);
        Assert.Equal("GET", e.Method);
        Assert.Equal(1, e.Attempts);
        Assert.Single(Journal);
    }

    [Fact]
    public async Task A_real_404_from_the_server_says_which_agent()
    {
        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().GetAgentAsync("finance", "ghost", null, CancellationToken.None));

        Assert.Equal(404, e.StatusCode);
        Assert.Equal("agent finance/ghost not found", e.ServerMessage);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public async Task A_wrong_key_is_a_401()
    {
        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client(Connection(TestKeys.Wrong)).ListAgentsAsync(null, CancellationToken.None).Collect());

        Assert.Equal(401, e.StatusCode);
        Assert.Equal("unauthorized", e.ServerMessage);
        Assert.Single(Journal);
    }

    [Fact]
    public async Task An_error_body_that_is_not_JSON_is_quoted()
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 500, ContentType = "text/plain", Body = "upstream connect error" });

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client(Connection(maxRetryCount: 0)).GetAgentAsync("finance", "x", null, CancellationToken.None));

        Assert.Equal(500, e.StatusCode);
        Assert.Null(e.ServerMessage);
        Assert.Equal("upstream connect error", e.ResponseExcerpt);
        Assert.Contains("upstream connect error", e.Message);
    }

    [Fact]
    public async Task An_error_with_no_body_says_so()
    {
        Server.AddFault(new FaultRule { Method = "DELETE", Status = 409, Body = string.Empty });

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().DeleteAgentAsync("finance", "fraud-detector", null, CancellationToken.None));

        Assert.Equal(409, e.StatusCode);
        Assert.Contains("no body", e.Message);
        Assert.True(Server.HasAgent("finance", "fraud-detector"));
    }
}
