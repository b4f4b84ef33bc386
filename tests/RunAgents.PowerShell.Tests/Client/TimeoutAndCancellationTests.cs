using RunAgents.MockServer;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>A slow server ends in a timeout that names the request; a cancelled token ends any wait at once.</summary>
public sealed class TimeoutAndCancellationTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    // Generous: only a wait that was not cancelled at all would take this long.
    private static readonly TimeSpan s_quickly = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_request_slower_than_its_timeout_fails_as_a_timeout_naming_the_request()
    {
        Server.AddFault(new FaultRule { Method = "GET", DelayMs = 3000 });
        var options = new RequestOptions { Timeout = TimeSpan.FromSeconds(1), MaxRetryCount = 0 };

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().GetAgentAsync("finance", "fraud-detector", options, CancellationToken.None));

        Assert.Equal(ApiFailure.Timeout, e.Failure);
        Assert.Null(e.StatusCode);
        Assert.Contains("did not complete within 1 second", e.Message);
        Assert.Contains("GET " + Server.BaseUri + "api/agents/finance/fraud-detector", e.Message);
        Assert.IsAssignableFrom<OperationCanceledException>(e.InnerException);
        // Not retried. On a loaded machine the request may be cancelled before the server logs it.
        Assert.InRange(Journal.Count, 0, 1);
    }

    [Fact]
    public async Task The_connections_timeout_applies_when_the_options_give_none()
    {
        Server.AddFault(new FaultRule { Method = "POST", DelayMs = 3000 });
        var client = Client(Connection(timeoutSec: 1));

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => client.InvokeAgentAsync("support", "support-triage", "{}", null, CancellationToken.None));

        Assert.Equal(ApiFailure.Timeout, e.Failure);
        Assert.Contains("POST " + Server.BaseUri + "api/agents/support/support-triage/invoke", e.Message);
    }

    [Fact]
    public async Task Cancelling_the_token_ends_an_in_flight_request()
    {
        Server.AddFault(new FaultRule { Method = "GET", DelayMs = 30_000 });
        using var cancel = new CancellationTokenSource();

        var call = Client().GetAgentAsync("finance", "fraud-detector", null, cancel.Token);
        Wire.WaitUntil(() => Journal.Count == 1, s_quickly, "the request reached the server");
        cancel.Cancel();

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(s_quickly));
        Assert.IsNotType<TimeoutException>(e);
        Assert.Single(Journal);
    }

    [Fact]
    public async Task Cancelling_the_token_ends_a_wait_before_a_retry()
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 503, Headers = new Dictionary<string, string> { ["Retry-After"] = "30" } });
        using var cancel = new CancellationTokenSource();

        var call = Client().GetAgentAsync("finance", "fraud-detector", null, cancel.Token);
        Wire.WaitUntil(() => Journal.Count == 1 && Journal[0].Status == 503, s_quickly, "the 503 was answered");
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(s_quickly));
        Assert.Single(Journal);
    }

    [Fact]
    public async Task Cancelling_the_token_ends_a_list_being_read()
    {
        Server.AddFault(new FaultRule { Method = "GET", DelayMs = 30_000 });
        using var cancel = new CancellationTokenSource();

        var call = Client().ListAgentsAsync(null, cancel.Token).Collect();
        Wire.WaitUntil(() => Journal.Count == 1, s_quickly, "the request reached the server");
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(s_quickly));
    }

    [Fact]
    public async Task An_already_cancelled_token_sends_nothing()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client().GetAgentAsync("finance", "never-sent", null, cancel.Token));

        // By path: a request another test timed out on may reach the server late, after the journal was cleared.
        Assert.DoesNotContain(Journal, e => e.RawTarget.Contains("never-sent", StringComparison.Ordinal));
    }
}
