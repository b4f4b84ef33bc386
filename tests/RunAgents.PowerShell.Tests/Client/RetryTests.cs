using System.Net.Http.Headers;
using RunAgents.MockServer;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>Which failures are retried, how often, after what wait, and what the final failure says.</summary>
public sealed class RetryTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(429)]
    public async Task A_GET_is_retried_on_a_transient_status_and_then_succeeds(int status)
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = status, Body = Wire.Error("busy") });

        var agent = await Client().GetAgentAsync("finance", "fraud-detector", null, CancellationToken.None);

        Assert.Equal("fraud-detector", agent.Name);
        Assert.Equal([status, 200], Journal.Select(e => e.Status));
        Assert.All(Journal, e => Assert.Equal("GET", e.Method));
    }

    [Fact]
    public async Task A_list_is_retried_too()
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 503, Count = 2 });

        var agents = await Client().ListAgentsAsync(null, CancellationToken.None).Collect();

        Assert.Equal(9, agents.Count);
        Assert.Equal([503, 503, 200], Journal.Select(e => e.Status));
    }

    [Fact]
    public async Task A_DELETE_is_retried_on_503()
    {
        Server.AddFault(new FaultRule { Method = "DELETE", Status = 503 });

        await Client().DeleteAgentAsync("finance", "fraud-detector", null, CancellationToken.None);

        Assert.Equal([503, 200], Journal.Select(e => e.Status));
        Assert.False(Server.HasAgent("finance", "fraud-detector"));
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_once_the_wait_is_over()
    {
        Server.AddFault(new FaultRule
        {
            Method = "GET",
            Status = 429,
            Body = Wire.Error("slow down"),
            Headers = new Dictionary<string, string> { ["Retry-After"] = "1" },
        });
        var trace = new RecordingTrace();

        var agent = await Client().GetAgentAsync("finance", "fraud-detector", new RequestOptions { Trace = trace }, CancellationToken.None);

        Assert.Equal("fraud-detector", agent.Name);
        Assert.Equal([429, 200], Journal.Select(e => e.Status));
        Assert.Contains(trace.Requests, line => line.Contains("-> 429") && line.EndsWith("retrying in 1 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retry_After_as_an_HTTP_date_is_honoured_on_the_wire()
    {
        var soon = DateTimeOffset.UtcNow.AddSeconds(1).ToString("r");
        Server.AddFault(new FaultRule { Method = "GET", Status = 503, Headers = new Dictionary<string, string> { ["Retry-After"] = soon } });

        await Client().GetAgentAsync("finance", "fraud-detector", null, CancellationToken.None);

        Assert.Equal([503, 200], Journal.Select(e => e.Status));
    }

    [Fact]
    public async Task The_final_failure_says_how_many_attempts_were_made()
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 503, Body = Wire.Error("maintenance"), Count = 10 });
        var client = Client(Connection(maxRetryCount: 2));

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => client.GetAgentAsync("finance", "fraud-detector", null, CancellationToken.None));

        Assert.Equal(3, e.Attempts);
        Assert.Contains("after 3 attempts", e.Message);
        Assert.Contains("maintenance", e.Message);
        Assert.Equal(503, e.StatusCode);
        Assert.True(e.IsTransient);
        Assert.Equal(3, Journal.Count);
    }

    [Fact]
    public async Task Request_options_override_the_connections_retry_count()
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 503, Count = 10 });

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() =>
            Client().GetAgentAsync("finance", "fraud-detector", new RequestOptions { MaxRetryCount = 1 }, CancellationToken.None));

        Assert.Equal(2, e.Attempts);
        Assert.Equal(2, Journal.Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(500)]
    public async Task A_status_that_will_not_change_is_not_retried(int status)
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = status, Count = 5 });

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().GetAgentAsync("finance", "fraud-detector", null, CancellationToken.None));

        Assert.Equal(1, e.Attempts);
        Assert.Single(Journal);
    }

    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    public async Task An_invoke_is_not_retried_since_it_may_have_reached_the_agent(int status)
    {
        Server.AddFault(new FaultRule { Method = "POST", Status = status, Body = Wire.Error("gateway trouble"), Count = 5 });

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() =>
            Client().InvokeAgentAsync("support", "support-triage", """{"message":"hi"}""", null, CancellationToken.None));

        Assert.Equal(status, e.StatusCode);
        Assert.Equal(1, e.Attempts);
        var post = Assert.Single(Journal);
        Assert.Equal("POST", post.Method);
    }

    [Fact]
    public async Task An_invoke_is_retried_when_the_options_ask_for_it()
    {
        Server.AddFault(new FaultRule { Method = "POST", Status = 503 });

        var result = await Client().InvokeAgentAsync("support", "support-triage", """{"message":"hi"}""", new RequestOptions { MaxRetryCount = 2 }, CancellationToken.None);

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(["POST", "POST"], Journal.Select(e => e.Method));
        Assert.All(Journal, e => Assert.Equal("""{"message":"hi"}""", e.Body));
    }

    [Fact]
    public async Task A_dropped_connection_is_retried_for_a_GET()
    {
        Server.AddFault(new FaultRule { Method = "GET", Drop = true });

        var agent = await Client().GetAgentAsync("finance", "fraud-detector", null, CancellationToken.None);

        Assert.Equal("fraud-detector", agent.Name);
        Assert.Equal(2, Journal.Count);
        Assert.Null(Journal[0].Status);
        Assert.Equal(200, Journal[1].Status);
    }

    [Fact]
    public async Task Dropped_connections_every_time_end_in_a_network_failure()
    {
        Server.AddFault(new FaultRule { Method = "GET", Drop = true, Count = 10 });

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() =>
            Client(Connection(maxRetryCount: 2)).GetAgentAsync("finance", "fraud-detector", null, CancellationToken.None));

        Assert.Equal(ApiFailure.Network, e.Failure);
        Assert.Null(e.StatusCode);
        Assert.Equal(3, e.Attempts);
        Assert.True(e.IsTransient);
        Assert.Contains("after 3 attempts", e.Message);
        Assert.Equal(3, Journal.Count);
    }

    [Fact]
    public async Task A_dropped_invoke_is_not_retried()
    {
        Server.AddFault(new FaultRule { Method = "POST", Drop = true, Count = 5 });

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() =>
            Client().InvokeAgentAsync("support", "support-triage", "{}", null, CancellationToken.None));

        Assert.Equal(ApiFailure.Network, e.Failure);
        Assert.Single(Journal);
    }

    [Fact]
    public void Retry_After_in_seconds_is_the_wait()
    {
        var policy = RetryPolicy.Default;
        var now = DateTimeOffset.UtcNow;

        Assert.Equal(TimeSpan.FromSeconds(7), policy.RetryAfter(RetryConditionHeaderValue.Parse("7"), now));
        Assert.Null(policy.RetryAfter(null, now));
    }

    [Fact]
    public void Retry_After_as_an_HTTP_date_is_the_time_until_then()
    {
        var policy = RetryPolicy.Default;
        var now = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

        var wait = policy.RetryAfter(RetryConditionHeaderValue.Parse("Sun, 01 Mar 2026 12:00:42 GMT"), now);

        Assert.Equal(TimeSpan.FromSeconds(42), wait);
    }

    [Fact]
    public void Retry_After_in_the_past_means_now_and_a_far_one_is_capped()
    {
        var policy = new RetryPolicy(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60));
        var now = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.Zero, policy.RetryAfter(RetryConditionHeaderValue.Parse("Sun, 01 Mar 2026 11:00:00 GMT"), now));
        Assert.Equal(TimeSpan.FromSeconds(60), policy.RetryAfter(RetryConditionHeaderValue.Parse("3600"), now));
    }

    [Fact]
    public void Backoff_grows_exponentially_with_jitter_and_is_capped()
    {
        var policy = new RetryPolicy(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(1000), TimeSpan.FromSeconds(60));

        for (var i = 0; i < 50; i++)
        {
            Assert.InRange(policy.Backoff(1).TotalMilliseconds, 50, 100);
            Assert.InRange(policy.Backoff(3).TotalMilliseconds, 200, 400);
            Assert.InRange(policy.Backoff(10).TotalMilliseconds, 500, 1000);
        }
    }

    [Theory]
    [InlineData(429, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(400, false)]
    [InlineData(404, false)]
    [InlineData(409, false)]
    [InlineData(500, false)]
    public void Only_rate_limits_and_gateway_statuses_are_retryable(int status, bool retryable)
    {
        Assert.Equal(retryable, RetryPolicy.IsRetryableStatus(status));
    }
}
