using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>A -Type of Get-RARunEvent the API does not document (a typo) is warned of, as -Status is, instead of silently filtering out every event.</summary>
public sealed class EventTypeWarningTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Fact]
    public void A_misspelt_type_is_warned_of_once_and_still_filtered_by()
    {
        Server.PutRuns("""{"id":"run-t","agent_id":"a","status":"COMPLETED","events":[{"type":"AGENT_MESSAGE","data":{"content":"hi"}}]}""");

        var result = RunConnected("'run-t', 'run-t' | Get-RARunEvent -Type AGENT_MESAGE").AssertNoErrors();

        var warning = Assert.Single(result.Warnings);
        Assert.StartsWith("'AGENT_MESAGE' is not an event type the API documents (RUN_CREATED, USER_MESSAGE, ", warning);
        Assert.EndsWith("COMPLETED, FAILED); filtering by it anyway.", warning);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void A_wildcard_that_matches_no_documented_type_is_warned_of()
    {
        Server.PutRuns("""{"id":"run-t","agent_id":"a","status":"COMPLETED","events":[{"type":"AGENT_MESSAGE"}]}""");

        var result = RunConnected("Get-RARunEvent -RunId run-t -Type 'TOOL_RESULT*'").AssertNoErrors();

        Assert.StartsWith("-Type TOOL_RESULT* matches none of the event types the API documents", Assert.Single(result.Warnings));
    }

    [Theory]
    [InlineData("Get-RARunEvent -RunId run-t -Type agent_message, TOOL_*, approval_granted")]
    [InlineData("Get-RARunEvent -RunId run-t -Type *")]
    public void Documented_types_in_any_case_and_wildcards_that_match_them_are_not_warned_of(string script)
    {
        Server.PutRuns("""{"id":"run-t","agent_id":"a","status":"COMPLETED","events":[{"type":"AGENT_MESSAGE"}]}""");

        var result = RunConnected(script).AssertNoErrors();

        Assert.Empty(result.Warnings);
        Assert.Single(result.Output);
    }
}
