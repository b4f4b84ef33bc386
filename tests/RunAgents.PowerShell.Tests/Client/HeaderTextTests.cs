using System.Net;
using System.Text.RegularExpressions;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>
/// What the service sends outside a body (the status line's reason phrase, a redirect's Location, the media
/// type) reaches errors, EarlierFailure and trace lines free of the key and of control characters: the
/// redacting body stream never sees these.
/// </summary>
public sealed class HeaderTextTests
{
    // ESC [ 31 m, an OSC 8 hyperlink that shows one address and opens another, and a C1 CSI (U+009B).
    private const string Hostile = "\u001b[31mred\u001b[0m \u001b]8;;https://evil.example/\u001b\\https://api.runagents.io\u001b]8;;\u001b\\ \u009b2J";

    private static readonly Regex s_control = new("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)");

    [Fact]
    public async Task A_reason_phrase_with_escape_sequences_and_the_key_reaches_no_text_raw()
    {
        var trace = new RecordingTrace();
        using var client = ClientAnswering(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
        {
            ReasonPhrase = $"{Hostile} for {TestKeys.Valid[..12]}... \\u0074{TestKeys.Valid[1..]}",
            Headers = { RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero) },
        });

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() =>
            client.ListAgentsAsync(new RequestOptions { MaxRetryCount = 1, Trace = trace }, CancellationToken.None).Collect());

        Assert.Equal(2, e.Attempts);
        string[] texts = [e.Message, e.ReasonPhrase!, e.EarlierFailure!, e.ToString(), .. trace.Requests];
        Assert.All(texts, t => Assert.DoesNotMatch(s_control, t));
        Assert.All(texts, t => Assert.DoesNotContain(TestKeys.Valid[..8], t));
        Assert.All(texts, t => Assert.DoesNotContain(TestKeys.Valid[1..^4], t));
        Assert.Equal("\u241b[31mred\u241b[0m \u241b]8;;https://evil.example/\u241b\\https://api.runagents.io\u241b]8;;\u241b\\ \ufffd2J for ****cdef... ****cdef", e.ReasonPhrase);
        Assert.StartsWith("503 \u241b[31mred", e.EarlierFailure);
    }

    [Fact]
    public async Task A_refused_redirect_whose_Location_holds_the_key_shows_the_hint()
    {
        using var client = ClientAnswering(() => new HttpResponseMessage(HttpStatusCode.Found)
        {
            Headers = { Location = new Uri($"https://sso.example/login/\\u0074{TestKeys.Valid[1..]}/x\u001b?key={TestKeys.Valid}") },
        });

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => client.GetAgentAsync("finance", "fraud-detector", null, CancellationToken.None));

        Assert.Equal(ApiFailure.Redirect, e.Failure);
        Assert.Contains("redirected to https://sso.example/login/****cdef/x", e.Message);
        Assert.DoesNotContain(TestKeys.Valid[1..^4], e.ToString());
        Assert.DoesNotMatch(s_control, e.ToString());
    }

    [Fact]
    public async Task A_redirect_within_the_API_to_an_address_that_holds_the_key_is_not_followed()
    {
        var sent = new List<Uri>();
        using var client = ClientAnswering(() => new HttpResponseMessage(HttpStatusCode.TemporaryRedirect)
        {
            Headers = { Location = new Uri("https://api.example.test/api/agents/%74" + TestKeys.Valid[1..]) },
        }, sent);

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => client.GetAgentAsync("finance", "fraud-detector", null, CancellationToken.None));

        Assert.Equal(ApiFailure.Redirect, e.Failure);
        Assert.Contains("holds the API key", e.Message);
        Assert.Equal(["https://api.example.test/api/agents/finance/fraud-detector"], sent.Select(u => u.AbsoluteUri));
        Assert.DoesNotContain(TestKeys.Valid[1..^4], e.RequestUri.AbsoluteUri);
    }

    private static RunAgentsClient ClientAnswering(Func<HttpResponseMessage> answer, List<Uri>? sent = null)
    {
        var connection = new RAConnection(new Uri("https://api.example.test/"), ApiKey.FromPlainText(TestKeys.Valid, "a test"), SettingSource.Parameter, SettingSource.Parameter, maxRetryCount: 0, timeoutSec: 10);
        return new RunAgentsClient(connection, new CannedHandler(answer, sent), MockServerTest.FastRetry);
    }

    /// <summary>Answers every request with a fresh response from <c>answer</c>, as no real server could (a C1 control in the status line).</summary>
    private sealed class CannedHandler(Func<HttpResponseMessage> answer, List<Uri>? sent) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            sent?.Add(request.RequestUri!);
            var response = answer();
            response.RequestMessage = request;
            response.Content ??= new StringContent("{\"error\":\"unavailable\"}", System.Text.Encoding.UTF8, "application/json");
            return Task.FromResult(response);
        }
    }
}
