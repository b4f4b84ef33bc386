using System.Management.Automation;
using RunAgents.MockServer;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>
/// A decision on an access request is sent again only when the platform cannot have acted on it: a copy that arrived
/// after the first was decided would be refused as not pending, and report a decision made as a failure. -MaxRetryCount
/// sets how often, as on every other cmdlet.
/// </summary>
public sealed class DecisionRetryTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    private const string Request = """[{"id":"ar-1","status":"PENDING","agent_id":"payment-approver","tool_id":"stripe-api","subject":"user@example.com"}]""";

    [Theory]
    [InlineData("Approve-RAAccessRequest", "approve", "APPROVED")]
    [InlineData("Deny-RAAccessRequest", "reject", "REJECTED")]
    public void A_decision_turned_away_with_Retry_After_is_sent_again(string cmdlet, string verb, string status)
    {
        Server.PutAccessRequests(Request);
        Server.AddFault(TurnedAway(verb));

        var result = RunConnected($"{cmdlet} ar-1 -Force").AssertNoErrors();

        Assert.Equal(status, Assert.IsType<AccessRequest>(Assert.Single(result.Output).BaseObject).Status);
        Assert.Equal([("GET", "/governance/requests/ar-1", 200), ("POST", $"/governance/requests/ar-1/{verb}", 503), ("POST", $"/governance/requests/ar-1/{verb}", 200)], Sent());
    }

    [Theory]
    [InlineData("Approve-RAAccessRequest", "approve", "ApproveRAAccessRequestCommand")]
    [InlineData("Deny-RAAccessRequest", "reject", "DenyRAAccessRequestCommand")]
    public void MaxRetryCount_0_sends_a_decision_once(string cmdlet, string verb, string command)
    {
        Server.PutAccessRequests(Request);
        Server.AddFault(TurnedAway(verb));

        var result = RunConnected($"{cmdlet} ar-1 -Force -MaxRetryCount 0");

        ErrorAssert.Is(result.SingleError(), "ServiceUnavailable", command, ErrorCategory.ResourceUnavailable, "ar-1", "busy");
        Assert.Equal([("GET", "/governance/requests/ar-1", 200), ("POST", $"/governance/requests/ar-1/{verb}", 503)], Sent());
    }

    [Theory]
    [InlineData("Approve-RAAccessRequest", "approve", "ApproveRAAccessRequestCommand")]
    [InlineData("Deny-RAAccessRequest", "reject", "DenyRAAccessRequestCommand")]
    public void A_decision_a_gateway_answered_is_not_sent_again_whatever_MaxRetryCount_says(string cmdlet, string verb, string command)
    {
        Server.PutAccessRequests(Request);
        Server.AddFault(new FaultRule { Method = "POST", PathPrefix = $"/governance/requests/ar-1/{verb}", Status = 502, Body = Wire.Error("upstream reset"), Count = 5 });

        var result = RunConnected($"{cmdlet} ar-1 -Force -MaxRetryCount 3");

        var error = result.SingleError();
        ErrorAssert.Is(error, "BadGateway", command, ErrorCategory.ConnectionError, "ar-1", "upstream reset");
        Assert.Equal(1, Assert.IsType<RunAgentsApiException>(error.Exception).Attempts);
        Assert.Equal([("GET", "/governance/requests/ar-1", 200), ("POST", $"/governance/requests/ar-1/{verb}", 502)], Sent());
    }

    [Fact]
    public void MaxRetryCount_0_reads_the_request_once()
    {
        Server.PutAccessRequests(Request);
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/governance/requests/ar-1", Status = 503, Body = Wire.Error("busy"), Count = 1 });

        var result = RunConnected("Approve-RAAccessRequest ar-1 -Force -MaxRetryCount 0");

        ErrorAssert.Is(result.SingleError(), "ServiceUnavailable", "ApproveRAAccessRequestCommand", ErrorCategory.ResourceUnavailable, "ar-1");
        Assert.Equal([("GET", "/governance/requests/ar-1", 503)], Sent());
    }

    private static FaultRule TurnedAway(string verb) => new()
    {
        Method = "POST",
        PathPrefix = $"/governance/requests/ar-1/{verb}",
        Status = 503,
        Body = Wire.Error("busy"),
        Headers = new Dictionary<string, string> { ["Retry-After"] = "0" },
        Count = 1,
    };

    private List<(string, string, int)> Sent() => Journal.Select(e => (e.Method, e.RawTarget, e.Status ?? 0)).ToList();
}
