using System.Management.Automation;
using RunAgents.MockServer;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>
/// Failures whose cause is on this side, or in the channel, are named for what they are and not retried:
/// an untrusted certificate, headers over the limit, and a downgrade from https to http.
/// </summary>
public sealed class LocalFailureTests(MockServerFixture fixture) : MockServerTest(fixture), IAsyncLifetime
{
    private MockRunAgentsServer? _https;

    private MockRunAgentsServer Https => _https ?? throw new InvalidOperationException("The https server has not started.");

    public async Task InitializeAsync() =>
        _https = await MockRunAgentsServer.StartAsync(new MockServerOptions { ApiKeys = [TestKeys.Valid], Seed = "demo", Https = true });

    public async Task DisposeAsync()
    {
        if (_https is not null)
        {
            await _https.DisposeAsync();
        }
    }

    [Fact]
    public void An_untrusted_certificate_is_SecureConnectionFailed_and_not_retried()
    {
        var shell = Shell();
        shell.SetVariable("Https", Https.BaseUri);
        shell.Run("Connect-RAService -Uri $Https -ApiKey $ApiKey -MaxRetryCount 3").AssertNoErrors();

        var result = shell.Run("Get-RAAgent finance fraud-detector");

        var error = result.SingleError();
        ErrorAssert.Is(error, "SecureConnectionFailed", "GetRAAgentCommand", ErrorCategory.SecurityError, "finance/fraud-detector", "secure connection");
        Assert.Equal(1, Assert.IsType<RunAgentsApiException>(error.Exception).Attempts);
        Assert.Contains("certificate", error.ErrorDetails.RecommendedAction);
        Assert.Empty(Https.Journal);
    }

    [Fact]
    public void The_same_server_with_the_certificate_check_skipped_answers()
    {
        var shell = Shell();
        shell.SetVariable("Https", Https.BaseUri);
        shell.Run("Connect-RAService -Uri $Https -ApiKey $ApiKey -SkipCertificateCheck -WarningAction SilentlyContinue").AssertNoErrors();

        var result = shell.Run("Get-RAAgent finance fraud-detector").AssertNoErrors();

        Assert.Equal("finance/fraud-detector", Assert.Single(result.Output).ToString());
    }

    [Fact]
    public async Task A_redirect_from_https_to_http_is_refused_and_nothing_reaches_http()
    {
        Https.AddFault(new FaultRule { Method = "POST", Status = 307, RedirectTo = Server.BaseUri.ToString() });
        var connection = new RAConnection(Https.BaseUri, ApiKey.FromPlainText(TestKeys.Valid, "the test"), SettingSource.Parameter, SettingSource.Parameter, skipCertificateCheck: true);

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client(connection).InvokeAgentAsync("support", "support-triage", """{"message":"secret"}""", null, CancellationToken.None));

        Assert.Equal(ApiFailure.InsecureRedirect, e.Failure);
        Assert.Contains("from https to plain http", e.Message);
        Assert.Contains("POST " + Https.BaseUri, e.Message);
        Assert.Empty(Journal);
    }

    [Fact]
    public void Headers_over_the_limit_are_ResponseTooLarge_and_not_retried()
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 200, Headers = new Dictionary<string, string> { ["X-Padding"] = new string('p', 70 * 1024) }, Count = 5 });

        var result = RunConnected("Get-RAAgent finance fraud-detector -MaxRetryCount 3");

        var error = result.SingleError();
        ErrorAssert.Is(error, "ResponseTooLarge", "GetRAAgentCommand", ErrorCategory.LimitsExceeded, "finance/fraud-detector", "headers");
        Assert.Single(Journal);
    }
}
