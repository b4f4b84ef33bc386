using RunAgents.MockServer;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>The timeout bounds each wait for the server, never the time the pipeline spends downstream.</summary>
public sealed class StreamedTimeoutTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Fact]
    public async Task A_slow_consumer_of_a_streamed_list_gets_every_agent()
    {
        // Over 2 MB, so the parser reads the body in many steps while the consumer is busy.
        Server.Seed("4000");
        var options = new RequestOptions { Timeout = TimeSpan.FromSeconds(1) };
        var count = 0;

        await foreach (var _ in Client().ListAgentsAsync(options, CancellationToken.None))
        {
            // The first ten agents take the consumer twice the timeout.
            if (count++ < 10)
            {
                await Task.Delay(200);
            }
        }

        Assert.Equal(4000, count);
    }

    [Fact]
    public void Get_RAAgent_piped_into_slow_work_finishes_the_list()
    {
        Server.Seed("4000");

        var result = RunConnected("$i = 0; Get-RAAgent -TimeoutSec 1 | ForEach-Object { if ($i++ -lt 10) { Start-Sleep -Milliseconds 200 }; $_ } | Measure-Object | ForEach-Object Count");

        result.AssertNoErrors();
        Assert.Equal(4000, Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public async Task A_body_that_stops_coming_still_times_out()
    {
        Server.AddFault(new FaultRule { Method = "GET", Truncate = true, DelayMs = 0, Status = 200 });
        Server.AddFault(new FaultRule { Method = "GET", DelayMs = 0 });
        var stalled = new RAConnection(Server.BaseUri, ApiKey.FromPlainText(TestKeys.Valid, "the test"), SettingSource.Parameter, SettingSource.Parameter, maxRetryCount: 0, timeoutSec: 1);

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client(stalled).ListAgentsAsync(null, CancellationToken.None).Collect());

        Assert.Equal(ApiFailure.InvalidResponse, e.Failure);
    }
}
