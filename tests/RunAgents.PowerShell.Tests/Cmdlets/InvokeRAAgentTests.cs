using System.Management.Automation;
using System.Text.Json;
using RunAgents.MockServer;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>Invoke-RAAgent: what is sent, what comes back, and how an agent's trouble is reported.</summary>
public sealed class InvokeRAAgentTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Fact]
    public void Message_and_ConversationId_become_the_JSON_body()
    {
        RunConnected("Invoke-RAAgent -Namespace support -Name support-triage -Message 'Where is my order?' -ConversationId conv-123").AssertNoErrors();

        var request = Assert.Single(Journal);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/agents/support/support-triage/invoke", request.RawTarget);
        Assert.StartsWith("application/json", request.Header("Content-Type"));
        var body = request.JsonBody();
        Assert.Equal("Where is my order?", body.GetProperty("message").GetString());
        Assert.Equal("conv-123", body.GetProperty("conversation_id").GetString());
    }

    [Fact]
    public void Without_ConversationId_the_body_has_only_the_message()
    {
        RunConnected("Invoke-RAAgent support support-triage 'héllo \"quoted\"'").AssertNoErrors();

        var body = Assert.Single(Journal).JsonBody();
        Assert.Equal("héllo \"quoted\"", body.GetProperty("message").GetString());
        Assert.False(body.TryGetProperty("conversation_id", out _));
    }

    [Fact]
    public void NewConversation_sends_a_new_conversation_id_that_the_answer_carries()
    {
        var result = RunConnected("Invoke-RAAgent support support-triage -Message hi -NewConversation").AssertNoErrors();

        var sent = Assert.Single(Journal).JsonBody().GetProperty("conversation_id").GetString();
        Assert.True(Guid.TryParse(sent, out _), $"'{sent}' is not a new id");
        Assert.Equal(sent, Assert.Single(result.Objects<AgentResponse>()).ConversationId);
    }

    [Fact]
    public void The_answer_carries_the_conversation_id_that_was_sent_when_the_agent_does_not_echo_one()
    {
        var result = RunConnected("""
            $first = Invoke-RAAgent support support-triage -Message 'text:plain words' -NewConversation
            $first
            Invoke-RAAgent support support-triage -Message 'text:more' -ConversationId $first.ConversationId
            """).AssertNoErrors();

        var answers = result.Objects<AgentResponse>();
        var sent = Journal.Select(e => e.JsonBody().GetProperty("conversation_id").GetString()).ToList();
        Assert.Equal(2, sent.Count);
        Assert.NotNull(sent[0]);
        Assert.Equal(sent[0], sent[1]);
        Assert.All(answers, a => Assert.Equal(sent[0], a.ConversationId));
    }

    [Fact]
    public void Piping_an_answer_continues_its_conversation_with_the_agent_that_answered()
    {
        var result = RunConnected("""
            Invoke-RAAgent support support-triage -Message hi -ConversationId conv-1 | Invoke-RAAgent -Message next
            Invoke-RAAgent support support-triage -Message hi -NewConversation | Invoke-RAAgent -Message next
            """).AssertNoErrors();

        var sent = Journal.Select(e => (e.RawTarget, Message: e.JsonBody().GetProperty("message").GetString(), Conversation: e.JsonBody().GetProperty("conversation_id").GetString())).ToList();
        Assert.All(sent, e => Assert.Equal("/api/agents/support/support-triage/invoke", e.RawTarget));
        Assert.Equal(["hi", "next", "hi", "next"], sent.Select(e => e.Message));
        Assert.Equal(["conv-1", "conv-1"], sent.Take(2).Select(e => e.Conversation));
        Assert.Equal(sent[2].Conversation, sent[3].Conversation);
        Assert.NotEqual("conv-1", sent[2].Conversation);
        Assert.Equal(2, result.Objects<AgentResponse>().Count);
    }

    [Fact]
    public void NewConversation_starts_anew_with_an_agent_piped_from_an_earlier_conversation()
    {
        RunConnected("Invoke-RAAgent support support-triage -Message hi -ConversationId conv-1 | Invoke-RAAgent -Message again -NewConversation").AssertNoErrors();

        var second = Journal[1].JsonBody().GetProperty("conversation_id").GetString();
        Assert.NotEqual("conv-1", second);
        Assert.True(Guid.TryParse(second, out _));
    }

    [Theory]
    [InlineData("-ConversationId c-1 -NewConversation")]
    [InlineData("-ConversationId ''")]
    public void A_conversation_id_that_cannot_be_sent_is_refused_before_any_request(string parameters)
    {
        var result = RunConnected($"try {{ Invoke-RAAgent support support-triage -Message hi {parameters} }} catch {{ $_ }}");

        ErrorAssert.Is(ErrorAssert.Caught(result), "InvalidConversationId", "InvokeRAAgentCommand", ErrorCategory.InvalidArgument);
        Assert.Empty(Journal);
    }

    [Fact]
    public void Messages_piped_in_are_each_sent_to_the_agent_named()
    {
        var result = RunConnected("'hello', 'and bye' | Invoke-RAAgent support support-triage").AssertNoErrors();

        Assert.Equal(["Echo: hello", "Echo: and bye"], result.Objects<AgentResponse>().Select(a => a.Response));
        Assert.Equal(["hello", "and bye"], Journal.Select(e => e.JsonBody().GetProperty("message").GetString()));
    }

    [Fact]
    public void Piped_agents_without_a_message_are_an_error_before_any_invoke()
    {
        var result = RunConnected("try { Get-RAAgent -Namespace finance | Invoke-RAAgent } catch { $_ }");

        ErrorAssert.Is(ErrorAssert.Caught(result), "MessageRequired", "InvokeRAAgentCommand", ErrorCategory.InvalidArgument, null, "-Message");
        Assert.Equal(["GET /api/agents"], Journal.Select(e => e.Method + " " + e.RawTarget));
    }

    [Fact]
    public void Text_piped_in_when_Message_is_given_is_an_error_not_a_second_message()
    {
        var result = RunConnected("'piped' | Invoke-RAAgent support support-triage -Message given");

        ErrorAssert.Is(result.SingleError(), "InvalidInputObject", "InvokeRAAgentCommand", ErrorCategory.InvalidArgument);
        Assert.Empty(Journal);
    }

    [Fact]
    public void The_response_object_says_which_agent_answered_and_what()
    {
        var result = RunConnected("Invoke-RAAgent -Namespace finance -Name invoice-processor -Message hello -ConversationId c-9").AssertNoErrors();

        var answer = Assert.Single(result.Objects<AgentResponse>());
        Assert.Equal("finance/invoice-processor", answer.Agent);
        Assert.Equal("finance", answer.Namespace);
        Assert.Equal("invoice-processor", answer.Name);
        Assert.Equal(200, answer.StatusCode);
        Assert.Equal("application/json", answer.ContentType);
        Assert.Equal("Echo: hello", answer.Response);
        Assert.Equal("Echo: hello", answer.ToString());
        Assert.Equal("claude-3-5-haiku-20241022", answer.Model);
        Assert.Equal("c-9", answer.ConversationId);
        Assert.Matches("^req-\\d+$", answer.RequestId);
        Assert.NotNull(answer.DurationMs);
        var usage = Assert.IsType<PSObject>(answer.Usage);
        Assert.Equal(14L, usage.Properties["prompt_tokens"].Value);
        Assert.False(answer.ApprovalRequired);
        Assert.False(answer.ConsentRequired);
        var body = Assert.IsType<PSObject>(answer.Body);
        Assert.Equal("finance/invoice-processor", body.Properties["agent"].Value);
        Assert.Contains("\"response\":\"Echo: hello\"", answer.RawBody);
    }

    [Fact]
    public void A_hashtable_Body_is_sent_as_JSON()
    {
        RunConnected("Invoke-RAAgent -Namespace support -Name support-triage -Body @{ message = 'hi'; count = 3; tags = @('a', 'b'); nested = @{ ok = $true } }").AssertNoErrors();

        var body = Assert.Single(Journal).JsonBody();
        Assert.Equal("hi", body.GetProperty("message").GetString());
        Assert.Equal(3, body.GetProperty("count").GetInt32());
        Assert.Equal(["a", "b"], body.GetProperty("tags").EnumerateArray().Select(e => e.GetString()));
        Assert.True(body.GetProperty("nested").GetProperty("ok").GetBoolean());
    }

    [Fact]
    public void A_PSCustomObject_Body_is_sent_as_JSON_in_property_order()
    {
        RunConnected("Invoke-RAAgent -Namespace support -Name support-triage -Body ([pscustomobject]@{ message = 'hi'; conversation_id = 'c-1'; meta = [pscustomobject]@{ n = 1.5 } })").AssertNoErrors();

        Assert.Equal("""{"message":"hi","conversation_id":"c-1","meta":{"n":1.5}}""", Assert.Single(Journal).Body);
    }

    [Fact]
    public void A_JSON_string_Body_is_forwarded_verbatim()
    {
        const string json = """{ "message" : "hi",   "extra": [1, 2, {"deep": null}] }""";
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey").AssertNoErrors();
        shell.SetVariable("Json", json);

        var result = shell.Run("Invoke-RAAgent -Namespace support -Name support-triage -Body $Json").AssertNoErrors();

        Assert.Equal(json, Assert.Single(Journal).Body);
        Assert.Equal("Echo: hi", Assert.Single(result.Objects<AgentResponse>()).Response);
    }

    [Fact]
    public void A_string_Body_that_is_not_JSON_is_refused_before_any_request()
    {
        var result = RunConnected("try { Invoke-RAAgent -Namespace support -Name support-triage -Body 'message=hi' } catch { $_ }");

        var error = ErrorAssert.Caught(result);
        ErrorAssert.Is(error, "InvalidBody", "InvokeRAAgentCommand", ErrorCategory.InvalidArgument, "message=hi", "not JSON");
        Assert.Empty(Journal);
    }

    [Fact]
    public void Raw_returns_the_body_text()
    {
        var result = RunConnected("Invoke-RAAgent -Namespace support -Name support-triage -Message hi -Raw").AssertNoErrors();

        var text = Assert.IsType<string>(Assert.Single(result.Output).BaseObject);
        using var document = JsonDocument.Parse(text);
        Assert.Equal("Echo: hi", document.RootElement.GetProperty("response").GetString());
    }

    [Theory]
    [InlineData("approval:pay invoice 42", "approval")]
    [InlineData("consent:read mailbox", "consent")]
    public void An_answer_waiting_for_a_human_is_flagged_and_warned_about(string message, string kind)
    {
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey").AssertNoErrors();
        shell.SetVariable("Message", message);

        var result = shell.Run("Invoke-RAAgent -Namespace finance -Name invoice-processor -Message $Message").AssertNoErrors();

        var answer = Assert.Single(result.Objects<AgentResponse>());
        Assert.Equal(kind == "approval", answer.ApprovalRequired);
        Assert.Equal(kind == "consent", answer.ConsentRequired);
        Assert.Matches("^act-\\d+$", answer.ActionId);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("finance/invoice-processor", warning);
        Assert.Contains(answer.ActionId!, warning);
        Assert.Contains(kind, warning);
    }

    [Fact]
    public void A_text_answer_comes_back_as_text()
    {
        var result = RunConnected("Invoke-RAAgent -Namespace support -Name support-triage -Message 'text:plain words'").AssertNoErrors();

        var answer = Assert.Single(result.Objects<AgentResponse>());
        Assert.Equal("plain words", Assert.IsType<string>(answer.Body));
        Assert.Equal("plain words", answer.Response);
        Assert.Equal("text/plain", answer.ContentType);
        Assert.Null(answer.Model);
    }

    [Fact]
    public void An_agent_that_cannot_be_reached_is_AgentUnreachable()
    {
        var result = RunConnected("Invoke-RAAgent -Namespace finance -Name fraud-detector -Message hi");

        var error = result.SingleError();
        ErrorAssert.Is(error, "AgentUnreachable", "InvokeRAAgentCommand", ErrorCategory.ConnectionError, "finance/fraud-detector", "failed to reach agent", "502");
        Assert.Single(Journal);
    }

    [Fact]
    public void An_agent_that_answers_an_error_status_is_an_error_with_the_status_and_body()
    {
        var result = RunConnected("Invoke-RAAgent -Namespace support -Name support-triage -Message 'status:418 I am a teapot'");

        var error = result.SingleError();
        ErrorAssert.Is(error, "AgentError", "InvokeRAAgentCommand", ErrorCategory.InvalidResult, "support/support-triage", "418", "I am a teapot");
        Assert.Equal(418, Assert.IsType<RunAgentsApiException>(error.Exception).StatusCode);
    }

    [Fact]
    public void Invoking_an_agent_that_does_not_exist_is_AgentNotFound()
    {
        var result = RunConnected("Invoke-RAAgent -Namespace support -Name ghost -Message hi");

        ErrorAssert.Is(result.SingleError(), "AgentNotFound", "InvokeRAAgentCommand", ErrorCategory.ObjectNotFound, "support/ghost", "agent support/ghost not found");
    }

    [Fact]
    public void Piped_agents_are_each_invoked_and_each_answer_names_its_agent()
    {
        var result = RunConnected("Get-RAAgent -Namespace support | Invoke-RAAgent -Message ping");

        var answer = Assert.Single(result.Objects<AgentResponse>());
        Assert.Equal("support/support-triage", answer.Agent);
        Assert.Equal("Echo: ping", answer.Response);
        ErrorAssert.Is(result.SingleError(), "AgentUnreachable", "InvokeRAAgentCommand", ErrorCategory.ConnectionError, "support/kb-search-agent", "failed to reach agent");
        Assert.Equal(2, Journal.Count(e => e.Method == "POST"));
    }

    [Fact]
    public void Running_agents_from_the_pipeline_all_answer()
    {
        var result = RunConnected("Get-RAAgent -Phase Running | Invoke-RAAgent -Message ping").AssertNoErrors();

        var answers = result.Objects<AgentResponse>();
        Assert.Equal(6, answers.Count);
        Assert.All(answers, a => Assert.Equal("Echo: ping", a.Response));
        Assert.All(answers, a => Assert.Equal(a.Agent, ((PSObject)a.Body!).Properties["agent"].Value));
    }

    [Fact]
    public void ThrottleLimit_runs_invokes_side_by_side_and_returns_every_answer()
    {
        Server.AddFault(new FaultRule { Method = "POST", DelayMs = 300, Count = 10 });

        var result = RunConnected("""
            1..10 | ForEach-Object { [pscustomobject]@{ Namespace = 'support'; Name = 'support-triage' } } |
                Invoke-RAAgent -Message ping -ThrottleLimit 10
            """).AssertNoErrors();

        Assert.Equal(10, result.Objects<AgentResponse>().Count);
        Assert.Equal(10, Journal.Count);
        // Ten invokes in flight at once cannot share one connection.
        Assert.True(Journal.Select(e => e.ConnectionId).Distinct().Count() > 1, "The invokes should have run side by side.");
    }

    [Fact]
    public void An_invoke_is_not_retried_unless_MaxRetryCount_is_given()
    {
        Server.AddFault(new FaultRule { Method = "POST", Status = 503, Body = Wire.Error("busy"), Count = 1 });
        var once = RunConnected("Invoke-RAAgent -Namespace support -Name support-triage -Message hi");
        ErrorAssert.Is(once.SingleError(), "ServiceUnavailable", "InvokeRAAgentCommand", ErrorCategory.ResourceUnavailable, "support/support-triage", "busy");
        Assert.Single(Journal);

        Server.AddFault(new FaultRule { Method = "POST", Status = 503, Body = Wire.Error("busy"), Count = 1 });
        var retried = RunConnected("Invoke-RAAgent -Namespace support -Name support-triage -Message hi -MaxRetryCount 1").AssertNoErrors();
        Assert.Single(retried.Objects<AgentResponse>());
        Assert.Equal([503, 200], Journal.Select(e => e.Status));
    }

    [Fact]
    public void TimeoutSec_ends_a_slow_invoke_with_RequestTimeout()
    {
        Server.AddFault(new FaultRule { Method = "POST", DelayMs = 3000 });

        var result = RunConnected("Invoke-RAAgent -Namespace support -Name support-triage -Message hi -TimeoutSec 1");

        ErrorAssert.Is(result.SingleError(), "RequestTimeout", "InvokeRAAgentCommand", ErrorCategory.OperationTimeout, "support/support-triage", "1 second");
    }
}
