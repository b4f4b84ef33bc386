using System.Text.Json;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>
/// The lifecycle objects read either name a server uses for a field, keep what they do not model, and
/// survive a time they cannot read; each event gets a one-sentence summary from its type and data.
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
    [InlineData("RUN_CREATED", "platform", """{"agent_id":"payment-approver","namespace":"finance"}""", "Run started for finance/payment-approver")]
    [InlineData("RUN_CREATED", "platform", """{}""", "Run started")]
    [InlineData("USER_MESSAGE", "user", """{"content":"Refund order 1042"}""", "Refund order 1042")]
    [InlineData("AGENT_MESSAGE", "agent", """{"content":"Refund issued","message":"agent answered"}""", "Refund issued")]
    [InlineData("AGENT_MESSAGE", "agent", """{"content":"line one\nline two"}""", "line one line two")]
    [InlineData("INVOKE_REQUESTED", "platform", """{"invoke_url":"http://agent/invoke"}""", "Agent invoked")]
    [InlineData("INVOKE_COMPLETED", "platform", """{"status_code":200}""", "Agent answered with HTTP 200")]
    [InlineData("INVOKE_FAILED", "platform", """{"status_code":502,"error":"failed to reach agent"}""", "Invoke failed with HTTP 502: failed to reach agent")]
    [InlineData("LLM_CALL", "agent", """{"model":"gpt-4o"}""", "Agent called the model gpt-4o")]
    [InlineData("TOOL_REQUEST", "agent", """{"tool_id":"stripe-api","action_id":"act-2"}""", "Agent asked to call stripe-api")]
    [InlineData("TOOL_REQUEST", "agent", """{"tool_id":"stripe-api","tool_method":"POST","tool_url":"https://api.stripe.com/v1/refunds"}""", "Agent asked to call stripe-api (POST https://api.stripe.com/v1/refunds)")]
    [InlineData("TOOL_CALLED", "agent", """{"tool_id":"stripe-api","status_code":200}""", "Agent called stripe-api: HTTP 200")]
    [InlineData("TOOL_CALL", "agent", """{"tool":"stripe-api"}""", "Agent called stripe-api")]
    [InlineData("TOOL_RESPONSE", "agent", """{"tool_id":"stripe-api","status_code":201}""", "stripe-api answered with HTTP 201")]
    [InlineData("APPROVAL_REQUIRED", "platform", """{"tool_id":"stripe-api","action_id":"act-2","message":"Calling stripe-api needs approval (action act-2)."}""", "Approval required for stripe-api")]
    [InlineData("CONSENT_REQUIRED", "platform", """{"tool_id":"zendesk-api","authorization_url":"https://idp.example/consent"}""", "Consent required for zendesk-api")]
    [InlineData("APPROVED", "bob@example.com", """{"approver_id":"bob@example.com","scope":"run"}""", "Approved by bob@example.com for this run")]
    [InlineData("APPROVED", "platform", """{"approver_id":"bob@example.com","scope":"once"}""", "Approved by bob@example.com for this call")]
    [InlineData("APPROVED", "bob@example.com", """{"scope":"agent_user_ttl","duration":"4h"}""", "Approved by bob@example.com for 4h")]
    [InlineData("APPROVAL_GRANTED", "platform", """{}""", "Approved")]
    [InlineData("REJECTED", "bob@example.com", """{"approver_id":"bob@example.com","reason":"Refunds over 500 need a manager"}""", "Denied by bob@example.com: Refunds over 500 need a manager")]
    [InlineData("APPROVAL_REJECTED", "platform", """{}""", "Denied")]
    [InlineData("RESUMED", "platform", """{"action_id":"act-2"}""", "Run resumed")]
    [InlineData("ERROR", "platform", """{"error":"model timed out"}""", "Error: model timed out")]
    [InlineData("COMPLETED", "platform", """{"summary":"run completed"}""", "Run completed")]
    [InlineData("FAILED", "platform", """{"error":"tool refused"}""", "Run failed: tool refused")]
    [InlineData("FAILED", "platform", """{}""", "Run failed")]
    [InlineData("SOMETHING_NEW", "platform", """{"detail":"a thing happened"}""", "a thing happened")]
    [InlineData("SOMETHING_NEW", "platform", """{"tool_id":"stripe-api"}""", null)]
    public void An_event_is_summed_up_in_a_sentence(string type, string actor, string data, string? summary)
    {
        using var document = JsonDocument.Parse(data);

        Assert.Equal(summary, EventSummary.Of(type, actor, document.RootElement));
    }

    [Fact]
    public void Every_documented_event_type_has_a_sentence_of_its_own_and_never_a_field_name()
    {
        using var document = JsonDocument.Parse("""{"tool_id":"stripe-api","status_code":200,"approver_id":"ops@example.com","error":"x","content":"hi","agent_id":"a"}""");

        foreach (var type in RunEventType.Known)
        {
            var sentence = EventSummary.Of(type, "platform", document.RootElement);

            Assert.False(string.IsNullOrEmpty(sentence), type);
            Assert.DoesNotContain("tool id", sentence, StringComparison.Ordinal);
            Assert.DoesNotContain("_id", sentence, StringComparison.Ordinal);
        }
    }
}
