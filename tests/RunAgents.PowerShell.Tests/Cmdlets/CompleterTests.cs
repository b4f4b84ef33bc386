using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using RunAgents.PowerShell.Cmdlets;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>Tab completion of namespaces, names and phases: filtered, quoted, cached, and silent when there is nothing to ask.</summary>
public sealed class CompleterTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Theory]
    [InlineData("Get-RAAgent -Namespace fi", new[] { "finance" })]
    [InlineData("Get-RAAgent -Namespace ", new[] { "agent-system", "finance", "support" })]
    [InlineData("Get-RAAgent -Namespace S", new[] { "support" })]
    [InlineData("Remove-RAAgent -Namespace a", new[] { "agent-system" })]
    [InlineData("Invoke-RAAgent -Namespace su", new[] { "support" })]
    [InlineData("Wait-RAAgent -Namespace f", new[] { "finance" })]
    [InlineData("Get-RARun -Namespace a", new[] { "agent-system" })]
    public void Namespaces_complete_from_the_platform_filtered_by_what_was_typed(string line, string[] expected)
    {
        Assert.Equal(expected, Complete(ConnectedShell(), line));
    }

    [Theory]
    [InlineData("Get-RAAgent -Namespace finance -Name ", new[] { "expense-auditor", "fraud-detector", "invoice-processor", "payment-approver" })]
    [InlineData("Get-RAAgent -Namespace finance -Name f", new[] { "fraud-detector" })]
    [InlineData("Get-RAAgent -Name p", new[] { "payment-agent", "payment-approver", "policy-guard" })]
    [InlineData("Get-RAAgent -Namespace su* -Name ", new[] { "kb-search-agent", "support-triage" })]
    [InlineData("Get-RAAgent support ", new[] { "kb-search-agent", "support-triage" })]
    [InlineData("Invoke-RAAgent -Namespace agent-system -Name w", new[] { "workflow-orchestrator" })]
    [InlineData("Remove-RAAgent -Name ex", new[] { "expense-auditor" })]
    [InlineData("Get-RARun -Namespace finance -Agent ", new[] { "expense-auditor", "fraud-detector", "invoice-processor", "payment-approver" })]
    [InlineData("Get-RARun -Agent s", new[] { "support-triage" })]
    public void Names_complete_within_the_namespace_on_the_line(string line, string[] expected)
    {
        Assert.Equal(expected, Complete(ConnectedShell(), line));
    }

    [Theory]
    [InlineData("Deploy-RAAgent -Name x -Image y -Tool s", new[] { "slack-notify", "stripe-api" }, "/api/tools")]
    [InlineData("Deploy-RAAgent -Name x -Image y -Policy p", new[] { "payments-approval" }, "/api/policies")]
    [InlineData("Deploy-RAAgent -Name x -Image y -Model openai/gpt-4o", new[] { "openai/gpt-4o", "openai/gpt-4o-mini" }, "/api/model-providers")]
    public void Tools_policies_and_models_complete_from_the_platforms_lists(string line, string[] expected, string path)
    {
        Assert.Equal(expected, Complete(ConnectedShell(), line));
        Assert.Equal(path, Assert.Single(Journal).RawTarget);
    }

    [Fact]
    public void A_name_with_a_space_is_completed_quoted()
    {
        Server.PutAgent("""{"name":"my agent","namespace":"team space","status":{"phase":"Running"}}""");
        var shell = ConnectedShell();

        Assert.Equal(["'team space'"], Complete(shell, "Get-RAAgent -Namespace te"));
        Assert.Equal(["'my agent'"], Complete(shell, "Get-RAAgent -Namespace 'team space' -Name m"));
    }

    [Fact]
    public void Several_completions_within_the_cache_lifetime_send_one_list_request()
    {
        var shell = ConnectedShell();

        Complete(shell, "Get-RAAgent -Namespace ");
        Complete(shell, "Get-RAAgent -Namespace finance -Name ");
        Complete(shell, "Remove-RAAgent -Namespace support -Name k");

        var request = Assert.Single(Journal);
        Assert.Equal("GET /api/agents", request.Method + " " + request.RawTarget);
    }

    [Theory]
    [InlineData("Get-RAAgent -Phase ", new[] { "Pending", "Running", "Failed" })]
    [InlineData("Get-RAAgent -Phase r", new[] { "Running" })]
    [InlineData("Wait-RAAgent -Namespace a -Name b -Phase F", new[] { "Failed" })]
    public void Phases_complete_from_the_documented_ones_without_a_request(string line, string[] expected)
    {
        Assert.Equal(expected, Complete(ConnectedShell(), line));
        Assert.Empty(Journal);
    }

    [Theory]
    [InlineData("Get-RAAgent -Namespace finance,", new[] { "agent-system", "support" })]
    [InlineData("Get-RAAgent -Namespace finance,s", new[] { "support" })]
    [InlineData("Get-RAAgent -Namespace finance, support, ", new[] { "agent-system" })]
    [InlineData("Get-RAAgent -Namespace:finance,", new[] { "agent-system", "support" })]
    [InlineData("Get-RAAgent -Namespace finance -Name fraud-detector,", new[] { "expense-auditor", "invoice-processor", "payment-approver" })]
    [InlineData("Get-RAAgent -Phase Running,", new[] { "Pending", "Failed" })]
    [InlineData("Get-RAAgent -Phase running,Pending,", new[] { "Failed" })]
    [InlineData("Get-RAAgent -Phase Failed,F", new string[0])]
    public void Values_already_given_to_the_parameter_are_not_offered_again(string line, string[] expected)
    {
        Assert.Equal(expected, Complete(ConnectedShell(), line));
    }

    [Fact]
    public void Typing_a_value_in_full_still_offers_it()
    {
        Assert.Equal(["finance"], Complete(ConnectedShell(), "Get-RAAgent -Namespace support,finance"));
    }

    [Theory]
    [InlineData("Get-RARun -Status RUNNING,", "Status", new[] { "PAUSED_APPROVAL", "PAUSED_CONSENT", "COMPLETED", "FAILED" })]
    [InlineData("Get-RARun -Status RUNNING,completed,", "Status", new[] { "PAUSED_APPROVAL", "PAUSED_CONSENT", "FAILED" })]
    [InlineData("Get-RAAccessRequest -Status PENDING,", "Status", new[] { "APPROVED", "REJECTED", "EXPIRED" })]
    [InlineData("Deploy-RAAgent -Tool stripe-api,", "Tool", new[] { "slack-notify", "zendesk-api" })]
    public void Every_completer_leaves_out_the_values_already_given(string line, string parameter, string[] expected)
    {
        ConnectionStore.Current = Connection();
        IArgumentCompleter completer = parameter == "Tool" ? new ToolCompleter() : line.StartsWith("Get-RARun", StringComparison.Ordinal) ? new RunStatusCompleter() : new AccessRequestStatusCompleter();
        var command = (CommandAst)Parser.ParseInput(line, out _, out _).Find(a => a is CommandAst, searchNestedScriptBlocks: false);

        var results = completer.CompleteArgument(command.GetCommandName(), parameter, string.Empty, command, new Hashtable());

        Assert.Equal(expected, results.Select(r => r.CompletionText));
    }

    [Theory]
    [InlineData("Invoke-RAAgent -Namespace support -Name support-triage -Message hi | Select-Object ")]
    [InlineData("Get-RAAgent -Namespace support | Invoke-RAAgent -Message hi | Sort-Object ")]
    public void The_properties_of_answers_complete_after_Invoke_RAAgent_and_not_those_of_a_string(string line)
    {
        var offered = Complete(ConnectedShell(), line);

        Assert.Contains("Response", offered);
        Assert.Contains("ConversationId", offered);
        Assert.DoesNotContain("Length", offered);
    }

    [Theory]
    [InlineData("Approve-RAAccessRequest ")]
    [InlineData("Approve-RAAccessRequest -Id ar-")]
    [InlineData("Deny-RAAccessRequest -Id ")]
    public void Pending_request_ids_complete_newest_first_with_the_agent_and_tool_as_the_tooltip(string line)
    {
        ArrangeRequests();
        var shell = ConnectedShell();

        var offered = CompleteWithTips(shell, line);

        Assert.Equal(["ar-new", "ar-old"], offered.Select(o => o.Text));
        Assert.Equal(["invoice-processor: zendesk-api", "payment-approver: stripe-api"], offered.Select(o => o.ToolTip));
        Assert.Equal("GET /governance/requests?status=PENDING", Assert.Single(Journal).Method + " " + Journal[0].RawTarget);
    }

    [Theory]
    [InlineData("Get-RARun -Id ", new[] { "run-new", "run-mid", "run-old", "run-paused" })]
    [InlineData("Get-RARun -RunId run-", new[] { "run-new", "run-mid", "run-old", "run-paused" })]
    [InlineData("Get-RARunEvent ", new[] { "run-new", "run-mid", "run-old", "run-paused" })]
    [InlineData("Get-RARunEvent -RunId run-p", new[] { "run-paused" })]
    [InlineData("Wait-RARun ", new[] { "run-mid", "run-paused" })]
    [InlineData("Wait-RARun -RunId run-new,", new[] { "run-mid", "run-paused" })]
    public void Run_ids_complete_newest_first_and_Wait_RARun_offers_the_runs_that_have_not_ended(string line, string[] expected)
    {
        ArrangeRuns();

        Assert.Equal(expected, Complete(ConnectedShell(), line));
    }

    [Fact]
    public void A_run_id_tells_its_agent_status_time_and_message()
    {
        ArrangeRuns();

        var offered = CompleteWithTips(ConnectedShell(), "Get-RARun -Id run-m");

        Assert.Equal("finance/payment-approver, RUNNING, 2026-11-29 05:10 UTC: Refund order 1042", Assert.Single(offered).ToolTip);
    }

    [Fact]
    public void Run_ids_are_fetched_once_for_several_completions_in_a_row()
    {
        ArrangeRuns();
        var shell = ConnectedShell();

        Complete(shell, "Get-RARun -Id ");
        Complete(shell, "Get-RARunEvent -RunId run-");

        Assert.Equal(["/runs?status=RUNNING", "/runs?status=PAUSED", "/runs?status=COMPLETED", "/runs?status=FAILED"], Journal.Select(e => e.RawTarget));
    }

    [Theory]
    [InlineData("Get-RARunEvent -RunId r1 -Type APP", new[] { "APPROVAL_REQUIRED", "APPROVED", "APPROVAL_GRANTED", "APPROVAL_REJECTED" })]
    [InlineData("Get-RARunEvent -RunId r1 -Type agent_", new[] { "AGENT_MESSAGE" })]
    [InlineData("Get-RARunEvent -RunId r1 -Type AGENT_MESSAGE,USER", new[] { "USER_MESSAGE" })]
    public void Event_types_complete_from_the_documented_ones_without_a_request(string line, string[] expected)
    {
        Assert.Equal(expected, Complete(ConnectedShell(), line));
        Assert.Equal(RunAgents.PowerShell.Models.RunEventType.Known, Complete(ConnectedShell(), "Get-RARunEvent -RunId r1 -Type "));
        Assert.Empty(Journal);
    }

    [Fact]
    public void The_identity_provider_of_a_deploy_completes_from_the_platforms_list()
    {
        Assert.Equal(["azure-ad", "google-oidc"], Complete(ConnectedShell(), "Deploy-RAAgent -Name x -Image y -IdentityProvider "));
        Assert.Equal("/api/identity-providers", Assert.Single(Journal).RawTarget);
    }

    [Theory]
    [InlineData("Get-RAAgent finance/", new[] { "finance/expense-auditor", "finance/fraud-detector", "finance/invoice-processor", "finance/payment-approver" })]
    [InlineData("Get-RAAgent finance/in", new[] { "finance/invoice-processor" })]
    [InlineData("Get-RAAgent -Name support/", new[] { "support/kb-search-agent", "support/support-triage" })]
    [InlineData("Remove-RAAgent fin*/f", new[] { "finance/fraud-detector" })]
    [InlineData("Get-RARun -Agent support/s", new[] { "support/support-triage" })]
    [InlineData("Get-RAAgent finance/fraud-detector, finance/", new[] { "finance/expense-auditor", "finance/invoice-processor", "finance/payment-approver" })]
    public void A_namespace_and_a_slash_complete_to_the_agents_of_that_namespace(string line, string[] expected)
    {
        Assert.Equal(expected, Complete(ConnectedShell(), line));
    }

    [Theory]
    [InlineData("Get-RARun -Status * | Select-Object ")]
    [InlineData("Get-RAAgent | Select-Object ")]
    [InlineData("Get-RAAccessRequest | Sort-Object ")]
    [InlineData("Get-RARunEvent -RunId r1 | Select-Object ")]
    public void Properties_after_a_module_command_offer_Platform_and_not_the_link_to_the_connection(string line)
    {
        var offered = Complete(ConnectedShell(), line);

        Assert.Contains("Platform", offered);
        Assert.DoesNotContain("Connection", offered);
    }

    [Fact]
    public void Not_connected_there_are_no_suggestions_no_errors_and_no_requests()
    {
        var shell = Shell();

        Assert.Empty(Complete(shell, "Get-RAAgent -Namespace f"));
        Assert.Empty(Complete(shell, "Get-RAAgent -Namespace finance -Name "));
        Assert.Empty(Journal);
        Assert.Empty(new NamespaceCompleter().CompleteArgument("Get-RAAgent", "Namespace", "f", null!, new Hashtable()));
        Assert.Empty(new AgentNameCompleter().CompleteArgument("Get-RAAgent", "Name", "f", null!, new Hashtable()));
    }

    [Fact]
    public void An_unreachable_platform_gives_no_suggestions_and_no_exception()
    {
        Server.AddFault(new MockServer.FaultRule { Method = "GET", Status = 500 });
        ConnectionStore.Current = Connection();

        var results = new NamespaceCompleter().CompleteArgument("Get-RAAgent", "Namespace", "f", null!, new Hashtable());

        Assert.Empty(results);
        Assert.Single(Journal);
    }

    [Fact]
    public void A_wrong_key_gives_no_suggestions_and_no_exception()
    {
        ConnectionStore.Current = Connection(TestKeys.Wrong);

        Assert.Empty(new AgentNameCompleter().CompleteArgument("Get-RAAgent", "Name", string.Empty, null!, new Hashtable()));
    }

    [Fact]
    public void The_Connection_on_the_line_is_the_one_completed_from()
    {
        ConnectionStore.Current = Connection();
        var other = Connection(uri: Second.BaseUri);

        var results = new NamespaceCompleter().CompleteArgument("Get-RAAgent", "Namespace", string.Empty, null!, new Hashtable { ["Connection"] = other });

        Assert.Equal(["elsewhere"], results.Select(r => r.CompletionText));
        Assert.Empty(Journal);
        Assert.Single(Second.Journal);
    }

    [Fact]
    public void The_tooltip_tells_namespace_and_phase()
    {
        ConnectionStore.Current = Connection();

        var result = Assert.Single(new AgentNameCompleter().CompleteArgument("Get-RAAgent", "Name", "fraud", null!, new Hashtable()));

        Assert.Equal("fraud-detector", result.CompletionText);
        Assert.Contains("finance/fraud-detector (Failed)", result.ToolTip);
    }

    private TestShell ConnectedShell()
    {
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey").AssertNoErrors();
        Server.ClearJournal();
        return shell;
    }

    private static List<(string Text, string ToolTip)> CompleteWithTips(TestShell shell, string line)
    {
        shell.SetVariable("Line", line);
        var result = shell.Run("(TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches").AssertNoErrors();
        return result.Output.Select(o => (CompletionResult)o.BaseObject).Select(r => (r.CompletionText, r.ToolTip)).ToList();
    }

    private void ArrangeRequests() => Server.PutAccessRequests("""
        [{"id":"ar-old","agent_id":"payment-approver","tool_id":"stripe-api","created_at":"2026-11-29T05:00:00Z"},
         {"id":"ar-new","agent_id":"invoice-processor","tool_id":"zendesk-api","created_at":"2026-11-29T06:00:00Z"},
         {"id":"ar-done","status":"APPROVED","agent_id":"payment-approver","tool_id":"stripe-api","created_at":"2026-11-29T07:00:00Z"}]
        """);

    private void ArrangeRuns() => Server.PutRuns("""
        [{"id":"run-old","agent_id":"payment-approver","namespace":"finance","status":"COMPLETED","created_at":"2026-11-29T05:00:00Z"},
         {"id":"run-new","agent_id":"support-triage","namespace":"support","status":"FAILED","created_at":"2026-11-29T05:20:00Z"},
         {"id":"run-mid","agent_id":"payment-approver","namespace":"finance","status":"RUNNING","initial_message":"Refund order 1042","created_at":"2026-11-29T05:10:00Z"},
         {"id":"run-paused","agent_id":"invoice-processor","namespace":"finance","status":"PAUSED_APPROVAL","created_at":"2026-11-28T23:00:00Z"}]
        """);

    private static List<string> Complete(TestShell shell, string line)
    {
        shell.SetVariable("Line", line);
        var result = shell.Run("(TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object CompletionText").AssertNoErrors();
        return result.Output.Select(o => o.BaseObject.ToString()!).ToList();
    }
}
