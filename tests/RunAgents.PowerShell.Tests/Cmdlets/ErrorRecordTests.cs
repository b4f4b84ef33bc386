using System.Management.Automation;
using RunAgents.MockServer;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>Each kind of failure becomes an error record with a stable id, a fitting category, the target and the server's words.</summary>
public sealed class ErrorRecordTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Theory]
    [InlineData(400, "InvalidRequest", ErrorCategory.InvalidArgument)]
    [InlineData(403, "PermissionDenied", ErrorCategory.PermissionDenied)]
    [InlineData(404, "EndpointNotFound", ErrorCategory.ResourceUnavailable)]
    [InlineData(405, "MethodNotAllowed", ErrorCategory.InvalidOperation)]
    [InlineData(409, "Conflict", ErrorCategory.ResourceExists)]
    [InlineData(429, "RateLimited", ErrorCategory.ResourceUnavailable)]
    [InlineData(500, "ServerError", ErrorCategory.ResourceUnavailable)]
    [InlineData(502, "BadGateway", ErrorCategory.ConnectionError)]
    [InlineData(503, "ServiceUnavailable", ErrorCategory.ResourceUnavailable)]
    [InlineData(504, "ServiceUnavailable", ErrorCategory.ResourceUnavailable)]
    public void A_status_maps_to_its_error_id_and_category(int status, string id, ErrorCategory category)
    {
        var words = $"the platform says no to {status}";
        Server.AddFault(new FaultRule { Method = "GET", Status = status, Body = Wire.Error(words) });

        var result = RunConnected("Get-RAAgent -Namespace finance -Name fraud-detector -MaxRetryCount 0");

        var error = result.SingleError();
        ErrorAssert.Is(error, id, "GetRAAgentCommand", category, "finance/fraud-detector", words, "Cannot get agent 'finance/fraud-detector'", $"HTTP {status}");
        var exception = Assert.IsType<RunAgentsApiException>(error.Exception);
        Assert.Equal(status, exception.StatusCode);
        Assert.Equal(words, exception.ServerMessage);
        Assert.Contains(words, error.ErrorDetails.Message);
        Assert.Single(Journal);
    }

    [Fact]
    public void A_wrong_key_is_AuthenticationFailed_with_advice()
    {
        var shell = Own(new TestShell(Server.BaseUri, TestKeys.Wrong));

        var result = shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey; Get-RAAgent -Namespace finance -Name fraud-detector");

        var error = result.SingleError();
        ErrorAssert.Is(error, "AuthenticationFailed", "GetRAAgentCommand", ErrorCategory.AuthenticationError, "finance/fraud-detector", "unauthorized", "401");
        Assert.Contains("API key", error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void A_wrong_key_on_the_list_is_AuthenticationFailed_too()
    {
        var shell = Own(new TestShell(Server.BaseUri, TestKeys.Wrong));

        var result = shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey; Get-RAAgent");

        ErrorAssert.Is(result.SingleError(), "AuthenticationFailed", "GetRAAgentCommand", ErrorCategory.AuthenticationError, null, "unauthorized");
    }

    [Fact]
    public void No_answer_at_all_is_ConnectionFailed()
    {
        Server.AddFault(new FaultRule { Method = "GET", Drop = true });

        var result = RunConnected("Get-RAAgent -Namespace finance -Name fraud-detector -MaxRetryCount 0");

        var error = result.SingleError();
        ErrorAssert.Is(error, "ConnectionFailed", "GetRAAgentCommand", ErrorCategory.ConnectionError, "finance/fraud-detector", "could not get an answer");
        Assert.Contains("Get-RAConnection", error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void A_slow_answer_is_RequestTimeout()
    {
        Server.AddFault(new FaultRule { Method = "GET", DelayMs = 3000 });

        var result = RunConnected("Get-RAAgent -Namespace finance -Name fraud-detector -TimeoutSec 1 -MaxRetryCount 0");

        ErrorAssert.Is(result.SingleError(), "RequestTimeout", "GetRAAgentCommand", ErrorCategory.OperationTimeout, "finance/fraud-detector", "did not complete within 1 second");
    }

    [Fact]
    public void A_body_that_is_not_an_agent_is_InvalidResponse()
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 200, ContentType = "text/html", Body = "<html>maintenance</html>" });

        var result = RunConnected("Get-RAAgent -Namespace finance -Name fraud-detector");

        ErrorAssert.Is(result.SingleError(), "InvalidResponse", "GetRAAgentCommand", ErrorCategory.InvalidData, "finance/fraud-detector", "text/html", "maintenance");
    }

    [Fact]
    public void A_transient_status_is_retried_by_the_cmdlet_before_it_gives_up()
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 503, Body = Wire.Error("warming up"), Count = 10 });

        var result = RunConnected("Get-RAAgent -Namespace finance -Name fraud-detector -MaxRetryCount 1");

        var error = result.SingleError();
        ErrorAssert.Is(error, "ServiceUnavailable", "GetRAAgentCommand", ErrorCategory.ResourceUnavailable, "finance/fraud-detector", "warming up", "after 2 attempts");
        Assert.Equal(2, Journal.Count);
    }

    [Fact]
    public void A_failure_on_one_agent_leaves_the_next_one_alone()
    {
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/api/agents/finance/fraud-detector", Status = 403, Body = Wire.Error("not your namespace") });

        var result = RunConnected("Get-RAAgent -Namespace finance -Name fraud-detector, invoice-processor");

        ErrorAssert.Is(result.SingleError(), "PermissionDenied", "GetRAAgentCommand", ErrorCategory.PermissionDenied, "finance/fraud-detector", "not your namespace");
        Assert.Equal("invoice-processor", Assert.Single(result.Objects<Models.Agent>()).Name);
    }

    [Fact]
    public void ErrorAction_Stop_turns_a_missing_agent_into_a_catchable_error_with_the_same_id()
    {
        var result = RunConnected("try { Get-RAAgent -Namespace finance -Name ghost -ErrorAction Stop; 'went on' } catch { $_ }");

        ErrorAssert.Is(ErrorAssert.Caught(result), "AgentNotFound", "GetRAAgentCommand", ErrorCategory.ObjectNotFound, "finance/ghost");
    }
}
