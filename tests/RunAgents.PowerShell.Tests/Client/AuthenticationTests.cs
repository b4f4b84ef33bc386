using RunAgents.MockServer;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>Where the key goes: which header, over which transport, and never to another origin.</summary>
public sealed class AuthenticationTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Fact]
    public async Task A_bearer_key_goes_in_the_Authorization_header()
    {
        await Client().GetAgentAsync("finance", "fraud-detector", null, CancellationToken.None);

        var request = Assert.Single(Journal);
        Assert.Equal("Bearer <redacted>", request.Header("Authorization"));
        Assert.Null(request.Header("X-RunAgents-API-Key"));
    }

    [Fact]
    public async Task A_workspace_key_goes_in_its_own_header_and_not_in_Authorization()
    {
        var connection = Connection(TestKeys.Workspace);

        var agent = await Client(connection).GetAgentAsync("finance", "fraud-detector", null, CancellationToken.None);

        Assert.Equal("fraud-detector", agent.Name);
        Assert.Equal("X-RunAgents-API-Key", connection.AuthenticationHeader);
        var request = Assert.Single(Journal);
        Assert.Equal("<redacted>", request.Header("X-RunAgents-API-Key"));
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task A_redirect_to_another_origin_is_followed_without_the_key()
    {
        Server.AddFault(new FaultRule { Method = "GET", RedirectTo = Second.BaseUri.ToString() });

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().GetAgentAsync("elsewhere", "only-on-second", null, CancellationToken.None));

        // The second server never saw a key, so it refused: proof the redirect was followed bare.
        Assert.Equal(401, e.StatusCode);
        var first = Assert.Single(Journal);
        Assert.Equal(307, first.Status);
        Assert.Equal("Bearer <redacted>", first.Header("Authorization"));
        var followed = Assert.Single(Second.Journal);
        Assert.Equal("/api/agents/elsewhere/only-on-second", followed.RawTarget);
        Assert.Null(followed.Header("Authorization"));
        Assert.Null(followed.Header("X-RunAgents-API-Key"));
    }

    [Fact]
    public async Task A_workspace_key_does_not_follow_a_redirect_to_another_origin_either()
    {
        Server.AddFault(new FaultRule { Method = "GET", RedirectTo = Second.BaseUri.ToString() });

        await Assert.ThrowsAsync<RunAgentsApiException>(() => Client(Connection(TestKeys.Workspace)).GetAgentAsync("elsewhere", "only-on-second", null, CancellationToken.None));

        var followed = Assert.Single(Second.Journal);
        Assert.Null(followed.Header("X-RunAgents-API-Key"));
        Assert.Null(followed.Header("Authorization"));
    }

    [Fact]
    public async Task A_redirect_on_the_same_origin_keeps_the_key()
    {
        Server.AddFault(new FaultRule { Method = "GET", RedirectTo = Server.BaseUri.ToString() });

        var agent = await Client().GetAgentAsync("finance", "fraud-detector", null, CancellationToken.None);

        Assert.Equal("fraud-detector", agent.Name);
        Assert.Equal([307, 200], Journal.Select(e => e.Status));
        Assert.All(Journal, e => Assert.Equal("Bearer <redacted>", e.Header("Authorization")));
        Assert.Empty(Second.Journal);
    }

    [Fact]
    public async Task A_307_redirect_of_an_invoke_keeps_the_method_and_body()
    {
        Server.AddFault(new FaultRule { Method = "POST", RedirectTo = Server.BaseUri.ToString() });

        var result = await Client().InvokeAgentAsync("support", "support-triage", """{"message":"again"}""", null, CancellationToken.None);

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(["POST", "POST"], Journal.Select(e => e.Method));
        Assert.Equal("""{"message":"again"}""", Journal[1].Body);
    }

    [Fact]
    public void Plain_http_to_another_machine_is_refused_before_any_request()
    {
        var key = ApiKey.FromPlainText(TestKeys.Valid, "a test");

        var e = Assert.Throws<InsecureEndpointException>(() =>
            new RAConnection(new Uri("http://agents.example.com/"), key, SettingSource.Parameter, SettingSource.Parameter));

        Assert.Contains("agents.example.com", e.Message);
        Assert.DoesNotContain(TestKeys.Valid, e.Message);
    }

    [Theory]
    [InlineData("https://user:s3cret-in-uri@agents.example.com/")]
    [InlineData("ftp://user:s3cret-in-uri@agents.example.com/")]
    public void A_URI_carrying_credentials_is_refused_without_echoing_them(string uri)
    {
        var key = ApiKey.FromPlainText(TestKeys.Valid, "a test");

        var e = Assert.Throws<ArgumentException>(() =>
            new RAConnection(new Uri(uri), key, SettingSource.Parameter, SettingSource.Parameter));

        Assert.Contains("agents.example.com", e.Message);
        Assert.DoesNotContain("s3cret-in-uri", e.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/")]
    [InlineData("http://localhost:8080/")]
    [InlineData("http://[::1]:8080/")]
    [InlineData("https://agents.example.com/")]
    public void Https_and_loopback_http_are_accepted(string uri)
    {
        var connection = new RAConnection(new Uri(uri), ApiKey.FromPlainText(TestKeys.Valid, "a test"), SettingSource.Parameter, SettingSource.Parameter);

        Assert.Equal(new Uri(uri), connection.Uri);
    }

    [Fact]
    public void Plain_http_to_another_machine_is_allowed_when_asked_for()
    {
        var connection = new RAConnection(
            new Uri("http://agents.example.com"), ApiKey.FromPlainText(TestKeys.Valid, "a test"), SettingSource.Parameter, SettingSource.Parameter,
            allowUnencryptedAuthentication: true);

        Assert.True(connection.AllowUnencryptedAuthentication);
        Assert.Equal("http://agents.example.com/", connection.Uri.ToString());
    }

    [Theory]
    [InlineData("ftp://agents.example.com/")]
    [InlineData("https://user:pass@agents.example.com/")]
    [InlineData("https://agents.example.com/?token=x")]
    public void A_URI_that_cannot_be_a_base_is_refused(string uri)
    {
        Assert.Throws<ArgumentException>(() =>
            new RAConnection(new Uri(uri), ApiKey.FromPlainText(TestKeys.Valid, "a test"), SettingSource.Parameter, SettingSource.Parameter));
    }

    [Fact]
    public async Task A_base_URI_with_a_path_keeps_it()
    {
        var connection = new RAConnection(new Uri(Server.BaseUri, "tenant-a"), ApiKey.FromPlainText(TestKeys.Valid, "a test"), SettingSource.Parameter, SettingSource.Parameter);

        // The mock serves only /api, so the request under the base path is a 404 that says where it went.
        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client(connection).GetAgentAsync("finance", "fraud-detector", null, CancellationToken.None));

        Assert.Equal(404, e.StatusCode);
        Assert.Equal(new Uri(Server.BaseUri, "tenant-a/api/agents/finance/fraud-detector"), e.RequestUri);
    }
}
