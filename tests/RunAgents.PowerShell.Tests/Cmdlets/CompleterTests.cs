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

    private static List<string> Complete(TestShell shell, string line)
    {
        shell.SetVariable("Line", line);
        var result = shell.Run("(TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object CompletionText").AssertNoErrors();
        return result.Output.Select(o => o.BaseObject.ToString()!).ToList();
    }
}
