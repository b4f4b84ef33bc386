using System.Net.Http;
using RunAgents.MockServer;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>The transport sends a call again only as its retry class allows, whatever retry count is asked for.</summary>
public sealed class RetryClassTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    private static readonly Dictionary<string, string> s_comeBackNow = new() { ["Retry-After"] = "0" };

    [Theory]
    [InlineData(503, true)]
    [InlineData(429, true)]
    [InlineData(504, false)]
    [InlineData(502, false)]
    public async Task Unless_received_sends_again_only_what_the_platform_turned_away(int status, bool turnedAway)
    {
        Server.AddFault(new FaultRule { Method = "POST", Status = status, Headers = s_comeBackNow, Count = 10 });

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => SendAsync(RetryClass.UnlessReceived, new RequestOptions { MaxRetryCount = 2 }));

        Assert.Equal(turnedAway ? 3 : 1, Journal.Count);
        Assert.Equal(Journal.Count, e.Attempts);
    }

    [Fact]
    public async Task Unless_received_takes_the_connections_count_when_none_is_asked()
    {
        Server.AddFault(new FaultRule { Method = "POST", Status = 503, Headers = s_comeBackNow, Count = 10 });

        await Assert.ThrowsAsync<RunAgentsApiException>(() => SendAsync(RetryClass.UnlessReceived, null, Connection(maxRetryCount: 1)));

        Assert.Equal(2, Journal.Count);
    }

    [Fact]
    public async Task Never_sends_a_call_again_even_when_a_count_is_asked()
    {
        Server.AddFault(new FaultRule { Method = "POST", Status = 503, Headers = s_comeBackNow, Count = 10 });

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => SendAsync(RetryClass.Never, new RequestOptions { MaxRetryCount = 3 }));

        Assert.Equal(1, e.Attempts);
        Assert.Single(Journal);
    }

    [Theory]
    [InlineData(nameof(RetryClass.WhenAsked), null, 1)]
    [InlineData(nameof(RetryClass.WhenAsked), 2, 3)]
    [InlineData(nameof(RetryClass.Freely), null, 2)]
    [InlineData(nameof(RetryClass.Freely), 0, 1)]
    public async Task The_other_classes_keep_their_counts(string retry, int? asked, int sent)
    {
        Server.AddFault(new FaultRule { Method = "POST", Status = 504, Count = 10 });

        await Assert.ThrowsAsync<RunAgentsApiException>(() => SendAsync(Enum.Parse<RetryClass>(retry), new RequestOptions { MaxRetryCount = asked }, Connection(maxRetryCount: 1)));

        Assert.Equal(sent, Journal.Count);
    }

    private async Task SendAsync(RetryClass retry, RequestOptions? options, RAConnection? connection = null)
    {
        using var transport = new ApiTransport(connection ?? Connection(), null, FastRetry);
        var request = new ApiRequest(HttpMethod.Post, "api/deploy", "the answer to the deploy")
        {
            Body = """{"agent_name":"twice","image":"registry.example/t:1"}""",
            Retry = retry,
        };
        using var answer = await transport.SendAsync(request, options, CancellationToken.None);
    }
}
