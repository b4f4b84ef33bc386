using System.Management.Automation;
using RunAgents.MockServer;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>
/// A redirect that lands somewhere else is never success: a sign-in page answering a DELETE or an invoke is
/// an error naming where it went, and nothing is sent there. Within the API, GET redirects still work.
/// </summary>
public sealed class RedirectSafetyTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    private string LoginPage => Server.BaseUri + "login?state=abc";

    [Fact]
    public void A_DELETE_redirected_to_a_sign_in_page_is_an_error_and_deletes_nothing()
    {
        // An SSO proxy: 302 to /login, whose 200 HTML page the old module took for success.
        Server.AddFault(new FaultRule { Method = "DELETE", Status = 302, RedirectTo = Server.BaseUri + "login" });

        var result = RunConnected("Remove-RAAgent finance fraud-detector -Force -PassThru");

        var error = result.SingleError();
        ErrorAssert.Is(error, "UnexpectedRedirect", "RemoveRAAgentCommand", ErrorCategory.InvalidResult, "finance/fraud-detector",
            "redirected to " + Server.BaseUri + "login/api/agents/finance/fraud-detector", "nothing is known to have");
        Assert.Empty(result.Output);
        Assert.Equal(["DELETE"], Journal.Select(e => e.Method));
        Assert.True(Server.HasAgent("finance", "fraud-detector"));
    }

    [Fact]
    public void An_invoke_redirected_to_a_sign_in_page_is_an_error_not_the_agents_answer()
    {
        Server.AddFault(new FaultRule { Method = "POST", Status = 302, RedirectTo = Server.BaseUri + "login" });

        var result = RunConnected("Invoke-RAAgent support support-triage -Message hi");

        ErrorAssert.Is(result.SingleError(), "UnexpectedRedirect", "InvokeRAAgentCommand", ErrorCategory.InvalidResult, "support/support-triage", "/login");
        Assert.Empty(result.Output);
        Assert.Single(Journal);
    }

    [Fact]
    public async Task A_write_redirected_to_another_host_sends_nothing_there()
    {
        Server.AddFault(new FaultRule { Method = "DELETE", Status = 307, RedirectTo = Second.BaseUri.ToString() });

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().DeleteAgentAsync("elsewhere", "only-on-second", null, CancellationToken.None));

        Assert.Equal(ApiFailure.Redirect, e.Failure);
        Assert.Contains(Second.BaseUri + "api/agents/elsewhere/only-on-second", e.Message);
        Assert.Empty(Second.Journal);
        Assert.True(Second.HasAgent("elsewhere", "only-on-second"));
    }

    [Fact]
    public async Task A_GET_redirected_off_the_API_is_an_error_naming_where_it_went_without_its_query()
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 302, RedirectTo = Server.BaseUri + "sso" });

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().ListAgentsAsync(null, CancellationToken.None).Collect());

        Assert.Equal(ApiFailure.Redirect, e.Failure);
        Assert.Contains("redirected to " + Server.BaseUri + "sso/api/agents;", e.Message);
        Assert.Single(Journal);
    }

    [Fact]
    public async Task A_GET_redirected_within_the_API_to_an_HTML_page_names_where_it_went()
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 302, RedirectTo = Server.BaseUri + "api/login" });
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/api/login", Status = 200, ContentType = "text/html", Body = "<html>Sign in</html>" });

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().GetAgentAsync("finance", "fraud-detector", null, CancellationToken.None));

        Assert.Equal(ApiFailure.InvalidResponse, e.Failure);
        Assert.Contains("at " + Server.BaseUri + "api/login/api/agents/finance/fraud-detector, where a redirect led", e.Message);
        Assert.Contains("Sign in", e.Message);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/files")]
    [InlineData("file:///etc")]
    public void A_redirect_to_another_scheme_is_a_classified_non_terminating_error(string location)
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 302, RedirectTo = location });

        var result = RunConnected("Get-RAAgent finance fraud-detector; 'went on'");

        Assert.Null(result.Terminating);
        ErrorAssert.Is(result.SingleError(), "UnexpectedRedirect", "GetRAAgentCommand", ErrorCategory.InvalidResult, "finance/fraud-detector", "only follows http and https");
        Assert.Equal("went on", Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public async Task The_query_of_a_sign_in_redirect_is_not_repeated_in_the_message()
    {
        Server.AddFault(new FaultRule { Method = "DELETE", Status = 302, RedirectTo = LoginPage });

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().DeleteAgentAsync("finance", "fraud-detector", null, CancellationToken.None));

        Assert.DoesNotContain("state=abc", e.Message);
    }
}
