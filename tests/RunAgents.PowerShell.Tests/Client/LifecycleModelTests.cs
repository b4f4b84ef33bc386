using System.Text.Json;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>
/// The lifecycle objects read either name a server uses for a field, keep what they do not model, and
/// survive a time they cannot read; each event gets a one-line summary from its data.
/// </summary>
public sealed class LifecycleModelTests
{
    [Fact]
    public void An_access_request_reads_both_spellings_and_times_as_instants_in_UTC()
    {
        var request = JsonSerializer.Deserialize("""
            {"id":"req-1","status":"PENDING","agent":"finance/payment-approver","tool":"stripe-api","action_id":"act-1",
             "run_id":"run-1","created_at":"2026-11-29T10:00:00+02:00","expires_at":"","region":"eu"}
            """, RunAgentsJsonContext.Default.AccessRequest)!;

        Assert.Equal("finance/payment-approver", request.Agent);
        Assert.Equal("stripe-api", request.Tool);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero), request.CreatedAt);
        Assert.Equal(TimeSpan.Zero, request.CreatedAt!.Value.Offset);
        Assert.Null(request.ExpiresAt);
        Assert.Equal("eu", request.AdditionalFields["region"]);
    }

    [Fact]
    public void The_send_spelling_wins_over_the_alternative()
    {
        var request = JsonSerializer.Deserialize("""{"id":"r","agent_id":"a/b","agent":"other"}""", RunAgentsJsonContext.Default.AccessRequest)!;

        Assert.Equal("a/b", request.Agent);
    }

    [Fact]
    public void A_run_and_an_event_read_their_alternative_names()
    {
        var run = JsonSerializer.Deserialize("""{"id":"run-1","agent":"finance/x","status":"PAUSED_APPROVAL"}""", RunAgentsJsonContext.Default.Run)!;
        var item = JsonSerializer.Deserialize("""{"event_id":"e","sequence":7,"type":"AGENT_MESSAGE","data":{"content":"Done"}}""", RunAgentsJsonContext.Default.RunEvent)!;

        Assert.Equal("finance/x", run.Agent);
        Assert.True(run.IsPaused);
        Assert.False(run.IsFinished);
        Assert.Equal(7, item.Sequence);
        Assert.Equal("Done", item.DataJson.GetProperty("content").GetString());
    }

    [Fact]
    public void A_deploy_answer_reads_agent_or_agent_name()
    {
        var first = JsonSerializer.Deserialize("""{"agent":"a","namespace":"n","tools_created":["t"]}""", RunAgentsJsonContext.Default.DeployResult)!;
        var second = JsonSerializer.Deserialize("""{"agent_name":"b","build_id":"build-1","build_required":true}""", RunAgentsJsonContext.Default.DeployResult)!;

        Assert.Equal("n/a", first.ToString());
        Assert.Equal(["t"], first.ToolsCreated!);
        Assert.Equal("b", second.Name);
        Assert.True(second.BuildRequired);
    }

    [Theory]
    [InlineData("AGENT_MESSAGE", """{"content":"Refund issued","message":"agent answered"}""", "agent answered")]
    [InlineData("AGENT_MESSAGE", """{"content":"line one\nline two"}""", "line one line two")]
    [InlineData("TOOL_CALLED", """{"tool_id":"stripe-api"}""", "tool id stripe-api")]
    [InlineData("INVOKE_COMPLETED", """{"status_code":200}""", "status code 200")]
    [InlineData("APPROVED", """{"approver_id":"ops@example.com"}""", "approver id ops@example.com")]
    [InlineData("FAILED", """{"error":"tool refused"}""", "error tool refused")]
    [InlineData("RUN_CREATED", """{}""", null)]
    public void An_event_is_summed_up_from_its_data(string type, string data, string? summary)
    {
        using var document = JsonDocument.Parse(data);

        Assert.Equal(summary, EventSummary.Of(type, document.RootElement));
    }
}
