using System.Management.Automation;
using RunAgents.PowerShell.Models;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>
/// The loop an operator runs: an invoke pauses for approval, the answer finds its access request, the
/// approval resumes the run, Wait-RARun writes it and the run's events hold the final answer.
/// </summary>
public sealed class ApprovalLoopTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Fact]
    public void The_whole_loop_from_a_paused_invoke_to_the_final_answer()
    {
        Server.ResumeMs = 0;

        var result = RunConnected("""
            $a = Invoke-RAAgent finance payment-approver 'Refund order 1042'
            $a | Get-RAAccessRequest | Approve-RAAccessRequest -Scope Run -Confirm:$false | Out-Null
            $a | Wait-RARun -PollIntervalSec 1
            Get-RARunEvent -RunId $a.RunId -Type AGENT_MESSAGE
            Get-RARunEvent -RunId $a.RunId -Last 2
            """).AssertNoErrors();

        var warning = Assert.Single(result.Warnings);
        Assert.Contains("tool 'stripe-api'", warning);
        Assert.Contains("action 'act-", warning);
        var run = Assert.IsType<Run>(result.Output[0].BaseObject);
        Assert.Equal("COMPLETED", run.Status);
        var answer = Assert.IsType<RunEvent>(result.Output[1].BaseObject);
        Assert.Equal("Refund issued for: Refund order 1042", answer.Summary);
        Assert.Equal(["AGENT_MESSAGE", "COMPLETED"], result.Output.Skip(2).Select(o => ((RunEvent)o.BaseObject).Type));
        var approve = Assert.Single(Journal, e => e.Method == "POST" && e.RawTarget.EndsWith("/approve", StringComparison.Ordinal));
        Assert.StartsWith("/governance/requests/", approve.RawTarget);
        Assert.Equal("""{"scope":"run"}""", approve.Body);
        Assert.Contains(Journal, e => e.Method == "GET" && e.RawTarget == "/governance/requests");
    }

    [Fact]
    public void A_pause_that_comes_as_a_403_is_an_answer_like_one_in_a_200()
    {
        var result = RunConnected("Invoke-RAAgent finance payment-approver 'approval403:Refund 9'").AssertNoErrors();

        var answer = Assert.IsType<AgentResponse>(Assert.Single(result.Output).BaseObject);
        Assert.Equal(403, answer.StatusCode);
        Assert.True(answer.ApprovalRequired);
        Assert.NotNull(answer.ActionId);
        Assert.StartsWith("run-", answer.RunId);
        Assert.Single(result.Warnings);
    }

    [Fact]
    public void A_403_that_is_no_pause_stays_PermissionDenied()
    {
        var result = RunConnected("Invoke-RAAgent finance payment-approver 'status:403 not yours'");

        ErrorAssert.Is(result.SingleError(), "PermissionDenied", "InvokeRAAgentCommand", ErrorCategory.PermissionDenied, "finance/payment-approver", "not yours");
    }

    [Fact]
    public void A_consent_pause_shows_where_the_user_consents()
    {
        var result = RunConnected("Invoke-RAAgent finance invoice-processor 'consent:read mail'").AssertNoErrors();

        var answer = Assert.IsType<AgentResponse>(Assert.Single(result.Output).BaseObject);
        Assert.True(answer.ConsentRequired);
        Assert.StartsWith("https://", answer.AuthorizationUrl);
        Assert.Contains(answer.AuthorizationUrl!, Assert.Single(result.Warnings));
    }

    [Fact]
    public void Wait_RARun_says_at_once_that_a_run_is_paused_and_names_the_request_then_times_out_saying_so()
    {
        var result = RunConnected("""
            $a = Invoke-RAAgent finance payment-approver 'Refund order 7' -WarningAction SilentlyContinue
            $a | Wait-RARun -Timeout 2 -PollIntervalSec 1
            """);

        var warning = Assert.Single(result.Warnings);
        Assert.Contains("is paused: tool 'stripe-api' waits for approval", warning);
        Assert.Contains("Approve-RAAccessRequest -Id ar-", warning);
        ErrorAssert.Is(result.SingleError(), "WaitTimeout", "WaitRARunCommand", ErrorCategory.OperationTimeout, null, "PAUSED_APPROVAL", "still waiting for approval");
    }

    [Fact]
    public void A_denied_request_fails_the_run_and_Wait_RARun_says_why()
    {
        Server.ResumeMs = 0;

        var result = RunConnected("""
            $a = Invoke-RAAgent finance payment-approver 'Refund order 8' -WarningAction SilentlyContinue
            $a | Get-RAAccessRequest | Deny-RAAccessRequest -Reason 'not today' -Confirm:$false | Out-Null
            $a | Wait-RARun -PollIntervalSec 1
            """);

        ErrorAssert.Is(result.SingleError(), "RunFailed", "WaitRARunCommand", ErrorCategory.InvalidResult, null, "failed");
        var deny = Assert.Single(Journal, e => e.RawTarget.EndsWith("/reject", StringComparison.Ordinal));
        Assert.Equal("""{"reason":"not today"}""", deny.Body);
    }

    [Theory]
    [InlineData("-Scope Window -Duration (New-TimeSpan -Hours 1 -Minutes 30)", """{"scope":"agent_user_ttl","duration":"1h30m"}""")]
    [InlineData("-Scope Once -Reason ok", """{"scope":"once","reason":"ok"}""")]
    [InlineData("", "")]
    public void Approve_sends_the_scope_as_the_API_names_it(string parameters, string body)
    {
        var result = RunConnected($"""
            Invoke-RAAgent finance payment-approver 'Refund order 9' -WarningAction SilentlyContinue | Get-RAAccessRequest | Approve-RAAccessRequest {parameters} -Confirm:$false
            """).AssertNoErrors();

        Assert.Equal("APPROVED", Assert.IsType<AccessRequest>(Assert.Single(result.Output).BaseObject).Status);
        Assert.Equal(body, Assert.Single(Journal, e => e.RawTarget.EndsWith("/approve", StringComparison.Ordinal)).Body);
    }

    [Theory]
    [InlineData("-Scope Window -Duration 4h", """{"scope":"agent_user_ttl","duration":"4h"}""")]
    [InlineData("-Scope Window -Duration 90m", """{"scope":"agent_user_ttl","duration":"1h30m"}""")]
    [InlineData("-Scope Window -Duration 1h30m", """{"scope":"agent_user_ttl","duration":"1h30m"}""")]
    [InlineData("-Scope Window -Duration 45s", """{"scope":"agent_user_ttl","duration":"45s"}""")]
    [InlineData("-Scope Window -Duration '1.5h'", """{"scope":"agent_user_ttl","duration":"1h30m"}""")]
    [InlineData("-Scope Window -Duration ' 4h0m0s '", """{"scope":"agent_user_ttl","duration":"4h"}""")]
    [InlineData("-Scope Window -Duration '1.12:00:00'", """{"scope":"agent_user_ttl","duration":"36h"}""")]
    [InlineData("-Scope Window -Duration 720h", """{"scope":"agent_user_ttl","duration":"720h"}""")]
    [InlineData("-Scope agent_user_ttl -Duration 4h", """{"scope":"agent_user_ttl","duration":"4h"}""")]
    [InlineData("-Scope 'RUN'", """{"scope":"run"}""")]
    [InlineData("-Scope '' -Duration ''", "")]
    public void Approve_takes_Go_durations_and_the_scopes_requests_carry(string parameters, string body)
    {
        var result = RunConnected($"""
            Invoke-RAAgent finance payment-approver 'Refund order 9' -WarningAction SilentlyContinue | Get-RAAccessRequest | Approve-RAAccessRequest {parameters} -Confirm:$false
            """).AssertNoErrors();

        Assert.Equal("APPROVED", Assert.IsType<AccessRequest>(Assert.Single(result.Output).BaseObject).Status);
        Assert.Equal(body, Assert.Single(Journal, e => e.RawTarget.EndsWith("/approve", StringComparison.Ordinal)).Body);
    }

    [Theory]
    [InlineData("-Duration 4", "4 is a number without a unit", "4h, 4m or 4s")]
    [InlineData("-Duration '4'", "'4' is a number without a unit", "(New-TimeSpan -Hours 4)")]
    [InlineData("-Duration 4.5", "4.5 is a number without a unit", "4.5h")]
    [InlineData("-Duration 2d", "PowerShell reads 2d as the decimal 2", "write 48h")]
    [InlineData("-Duration '2d'", "'2d' is not a duration", "write 48h, or (New-TimeSpan -Days 2)")]
    [InlineData("-Duration 1h30", "'1h30' is not a duration", "1h30m")]
    [InlineData("-Duration '4 hours'", "'4 hours' is not a duration", "1h30m")]
    [InlineData("-Duration 721h", "721h", "longer than 30 days (720h)")]
    [InlineData("-Duration (New-TimeSpan -Days 400)", "9600h", "longer than 30 days")]
    [InlineData("-Duration 99999999999999999999999h", "is not a duration", "4h")]
    [InlineData("-Duration 500ms", "0.5s is shorter than one second", "")]
    [InlineData("-Duration 10us", "0.00001s is shorter than one second", "")]
    [InlineData("-Duration '-1h'", "-1h is shorter than one second", "")]
    [InlineData("-Duration 0", "0 is a number without a unit", "")]
    [InlineData("-Duration (Get-Date)", "A DateTime is not a duration", "4h")]
    [InlineData("-Scope forever -Duration 4h", "'forever' is not a scope this module can approve with", "Once, Run or Window")]
    public void A_duration_or_scope_that_is_none_is_refused_at_binding_with_what_to_write_and_no_request(string parameter, string said, string advice)
    {
        var result = RunConnected($"Approve-RAAccessRequest -Id ar-0001 {(parameter.StartsWith("-Scope", StringComparison.Ordinal) ? "" : "-Scope Window ")}{parameter} -Confirm:$false");

        var error = result.SingleError();
        Assert.Equal("ParameterArgumentTransformationError,RunAgents.PowerShell.Cmdlets.ApproveRAAccessRequestCommand", error.FullyQualifiedErrorId);
        Assert.Contains(said, error.ToString(), StringComparison.Ordinal);
        Assert.Contains(advice, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(Journal);
    }

    [Theory]
    [InlineData("-Scope Window")]
    [InlineData("-Duration 01:00:00")]
    [InlineData("-Scope Run -Duration 01:00:00")]
    public void A_scope_and_duration_that_do_not_fit_are_refused_before_any_request(string parameters)
    {
        var result = RunConnected($"Approve-RAAccessRequest -Id ar-0001 {parameters}");

        ErrorAssert.Is(result.SingleError(), "InvalidApprovalScope", "ApproveRAAccessRequestCommand", ErrorCategory.InvalidArgument, null, "-Duration");
        Assert.Empty(Journal);
    }

    [Fact]
    public void WhatIf_names_the_agent_and_the_tool_and_approves_nothing()
    {
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey; $a = Invoke-RAAgent finance payment-approver 'Refund order 3' -WarningAction SilentlyContinue").AssertNoErrors();

        var result = shell.Run("$a | Get-RAAccessRequest | Approve-RAAccessRequest -WhatIf").AssertNoErrors();

        Assert.Empty(result.Output);
        Assert.DoesNotContain(Journal, e => e.Method == "POST" && e.RawTarget.Contains("/governance/", StringComparison.Ordinal));
        Assert.Equal("PENDING", Assert.Single(Server.AccessRequests)!["status"]!.GetValue<string>());
    }

    [Fact]
    public void A_request_no_longer_pending_is_an_error_with_the_servers_words()
    {
        Server.ResumeMs = 0;

        var result = RunConnected("""
            $r = Invoke-RAAgent finance payment-approver 'Refund order 4' -WarningAction SilentlyContinue | Get-RAAccessRequest
            $r | Approve-RAAccessRequest -Confirm:$false | Out-Null
            $r | Approve-RAAccessRequest -Confirm:$false
            """);

        ErrorAssert.Is(result.SingleError(), "Conflict", "ApproveRAAccessRequestCommand", ErrorCategory.ResourceExists, null, "request is not pending");
    }

    [Fact]
    public void An_unknown_request_or_run_is_a_not_found_error_of_its_own_kind()
    {
        var result = RunConnected("Get-RAAccessRequest -Id ar-9999; Get-RARun -Id run-9999; Get-RARunEvent -RunId run-9999");

        Assert.Equal(["AccessRequestNotFound", "RunNotFound", "RunNotFound"], result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.All(result.Errors, e => Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category));
    }

    [Fact]
    public void Get_RARun_lists_what_the_server_lists_and_Status_star_asks_for_every_status()
    {
        var result = RunConnected("Get-RARun; Get-RARun -Status * ; Get-RARun -Agent payment-approver -Status COMPLETED, PAUSED").AssertNoErrors();

        Assert.Equal(
            ["/runs", "/runs?status=RUNNING", "/runs?status=PAUSED_APPROVAL", "/runs?status=PAUSED_CONSENT", "/runs?status=COMPLETED", "/runs?status=FAILED",
             "/api/agents", "/runs?agent_id=payment-approver&status=COMPLETED", "/runs?agent_id=payment-approver&status=PAUSED"],
            Journal.Select(e => e.RawTarget));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void An_access_request_piped_to_Wait_RARun_waits_for_its_run_not_for_a_run_named_like_the_request()
    {
        Server.ResumeMs = 0;

        var result = RunConnected("""
            Invoke-RAAgent finance payment-approver 'Refund order 5' -WarningAction SilentlyContinue |
                Get-RAAccessRequest | Approve-RAAccessRequest -Confirm:$false | Wait-RARun -PollIntervalSec 1
            """).AssertNoErrors();

        Assert.Equal("COMPLETED", Assert.IsType<Run>(Assert.Single(result.Output).BaseObject).Status);
        Assert.DoesNotContain(Journal, e => e.RawTarget.StartsWith("/runs/ar-", StringComparison.Ordinal));
    }
}
