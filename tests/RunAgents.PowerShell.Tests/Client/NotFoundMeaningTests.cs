using System.Management.Automation;
using RunAgents.MockServer;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>
/// Only the API's own "agent ns/name not found" means the agent does not exist. A proxy's 404, a wrong base
/// path or a 404 on the list says the URL is wrong, so a script never concludes an agent is gone.
/// </summary>
public sealed class NotFoundMeaningTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Fact]
    public void The_APIs_own_404_is_AgentNotFound()
    {
        var result = RunConnected("Get-RAAgent finance ghost");

        ErrorAssert.Is(result.SingleError(), "AgentNotFound", "GetRAAgentCommand", ErrorCategory.ObjectNotFound, "finance/ghost", "agent finance/ghost not found");
    }

    [Theory]
    [InlineData("text/html", "<html><body>404 Not Found</body></html>")]
    [InlineData("application/json", """{"error":"not found"}""")]
    [InlineData("application/json", """{"error":"agent finance/other not found"}""")]
    [InlineData("text/plain", "404 page not found")]
    public void Any_other_404_on_an_agent_is_EndpointNotFound(string contentType, string body)
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 404, ContentType = contentType, Body = body });

        var result = RunConnected("Get-RAAgent finance fraud-detector");

        var error = result.SingleError();
        ErrorAssert.Is(error, "EndpointNotFound", "GetRAAgentCommand", ErrorCategory.ResourceUnavailable, "finance/fraud-detector", "HTTP 404");
        Assert.Contains("URL", error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void A_404_on_the_list_itself_is_EndpointNotFound()
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 404, Body = Wire.Error("not found") });

        var result = RunConnected("Get-RAAgent -Name fraud-detector");

        ErrorAssert.Is(result.SingleError(), "EndpointNotFound", "GetRAAgentCommand", ErrorCategory.ResourceUnavailable, null, "HTTP 404");
    }

    [Fact]
    public void A_wrong_base_path_is_EndpointNotFound_for_Remove_too()
    {
        var shell = Shell();
        shell.SetVariable("Wrong", new Uri(Server.BaseUri, "v2/"));
        shell.Run("Connect-RAService -Uri $Wrong -ApiKey $ApiKey").AssertNoErrors();

        var result = shell.Run("Remove-RAAgent finance fraud-detector -Force");

        ErrorAssert.Is(result.SingleError(), "EndpointNotFound", "RemoveRAAgentCommand", ErrorCategory.ResourceUnavailable, "finance/fraud-detector");
    }

    [Fact]
    public void A_DELETE_that_finds_the_agent_gone_on_a_retry_after_a_504_succeeds_with_a_warning()
    {
        // The 504 came from a gateway after the platform had deleted the agent: the retry finds it gone.
        Server.AddFault(new FaultRule { Method = "DELETE", Status = 504, Body = Wire.Error("gateway timeout"), Headers = new Dictionary<string, string> { ["Retry-After"] = "0" } });
        Server.AddFault(new FaultRule { Method = "DELETE", Status = 404, Body = Wire.Error("agent finance/fraud-detector not found") });

        var result = RunConnected("Remove-RAAgent finance fraud-detector -Force -PassThru");

        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("'finance/fraud-detector' was not found on attempt 2", warning);
        Assert.Contains("504", warning);
        Assert.Contains("most likely deleted it", warning);
        Assert.Equal("finance/fraud-detector", Assert.Single(result.Output).ToString());
        Assert.Equal(["DELETE", "DELETE"], Journal.Select(e => e.Method));
    }

    [Fact]
    public async Task A_DELETE_404_on_the_first_attempt_stays_AgentNotFound()
    {
        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().DeleteAgentAsync("finance", "ghost", null, CancellationToken.None));

        Assert.Equal(ApiFailure.NotFound, e.Failure);
        Assert.Equal(1, e.Attempts);
    }
}
