using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>Get-RAAgent: the list, one agent, wildcards, phases, pipeline input, and what "not found" means.</summary>
public sealed class GetRAAgentTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Fact]
    public void Without_parameters_it_lists_every_agent_as_typed_objects()
    {
        var result = RunConnected("Get-RAAgent").AssertNoErrors();

        var agents = result.Objects<Agent>();
        Assert.Equal(9, agents.Count);
        Assert.Contains(agents, a => a.Namespace == "agent-system" && a.Name == "workflow-orchestrator" && a.Model == "claude-3-5-sonnet-20241022");
        var request = Assert.Single(Journal);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/agents", request.RawTarget);
    }

    [Fact]
    public void An_exact_namespace_and_name_get_one_agent_from_its_url_without_listing()
    {
        var result = RunConnected("Get-RAAgent -Namespace finance -Name invoice-processor").AssertNoErrors();

        var agent = Assert.Single(result.Objects<Agent>());
        Assert.Equal("finance/invoice-processor", agent.ToString());
        Assert.Equal(["document-ocr", "ledger-api"], agent.Spec!.RequiredTools!.Select(t => t.Name));
        var request = Assert.Single(Journal);
        Assert.Equal("/api/agents/finance/invoice-processor", request.RawTarget);
    }

    [Fact]
    public void Positional_parameters_are_namespace_then_name()
    {
        var result = RunConnected("Get-RAAgent finance invoice-processor").AssertNoErrors();

        Assert.Equal("invoice-processor", Assert.Single(result.Objects<Agent>()).Name);
        Assert.Equal("/api/agents/finance/invoice-processor", Assert.Single(Journal).RawTarget);
    }

    [Fact]
    public void Names_with_spaces_and_Unicode_reach_the_server_escaped()
    {
        Server.PutAgent("""{"name":"agent 日本","namespace":"équipe 100%","status":{"phase":"Running"}}""");

        var result = RunConnected("Get-RAAgent -Namespace 'équipe 100%' -Name 'agent 日本'").AssertNoErrors();

        Assert.Equal("équipe 100%/agent 日本", Assert.Single(result.Objects<Agent>()).ToString());
        Assert.Equal("/api/agents/%C3%A9quipe%20100%25/agent%20%E6%97%A5%E6%9C%AC", Assert.Single(Journal).RawTarget);
    }

    [Fact]
    public void An_exact_name_without_a_namespace_is_found_in_the_list()
    {
        var result = RunConnected("Get-RAAgent -Name payment-agent").AssertNoErrors();

        Assert.Equal("agent-system/payment-agent", Assert.Single(result.Objects<Agent>()).ToString());
        Assert.Equal("/api/agents", Assert.Single(Journal).RawTarget);
    }

    [Fact]
    public void Several_exact_names_get_each_one()
    {
        var result = RunConnected("Get-RAAgent -Namespace finance -Name invoice-processor, fraud-detector").AssertNoErrors();

        Assert.Equal(["invoice-processor", "fraud-detector"], result.Objects<Agent>().Select(a => a.Name));
        Assert.Equal(["/api/agents/finance/invoice-processor", "/api/agents/finance/fraud-detector"], Journal.Select(e => e.RawTarget));
    }

    [Theory]
    [InlineData("-Namespace fin*", new[] { "expense-auditor", "fraud-detector", "invoice-processor", "payment-approver" })]
    [InlineData("-Name *agent*", new[] { "payment-agent", "kb-search-agent" })]
    [InlineData("-Namespace agent-system -Name *o*", new[] { "policy-guard", "workflow-orchestrator" })]
    [InlineData("-Namespace s*, fin* -Name *-*r", new[] { "expense-auditor", "fraud-detector", "invoice-processor", "payment-approver" })]
    [InlineData("-Name PAYMENT-*", new[] { "payment-agent", "payment-approver" })]
    [InlineData("-Namespace finance", new[] { "expense-auditor", "fraud-detector", "invoice-processor", "payment-approver" })]
    public void Wildcards_filter_one_list_request(string parameters, string[] expected)
    {
        var result = RunConnected("Get-RAAgent " + parameters).AssertNoErrors();

        Assert.Equal(expected.Order(), result.Objects<Agent>().Select(a => a.Name).Order());
        Assert.Equal("/api/agents", Assert.Single(Journal).RawTarget);
    }

    [Fact]
    public void Phase_filters_by_phase()
    {
        var result = RunConnected("Get-RAAgent -Phase Failed").AssertNoErrors();

        Assert.Equal(["finance/fraud-detector", "support/kb-search-agent"], result.Objects<Agent>().Select(a => a.ToString()).Order());
    }

    [Fact]
    public void Phase_takes_wildcards_and_several_values_and_combines_with_names()
    {
        var result = RunConnected("Get-RAAgent -Namespace agent-system -Phase pend*, fail*").AssertNoErrors();

        Assert.Equal("agent-system/policy-guard", Assert.Single(result.Objects<Agent>()).ToString());
    }

    [Fact]
    public void Phase_applies_to_an_exact_get_too()
    {
        var result = RunConnected("Get-RAAgent -Namespace finance -Name invoice-processor -Phase Failed").AssertNoErrors();

        Assert.Empty(result.Output);
        Assert.Single(Journal);
    }

    [Fact]
    public void Namespace_and_name_bind_from_the_pipeline_by_property_name()
    {
        var result = RunConnected("""
            [pscustomobject]@{ Namespace = 'finance'; Name = 'invoice-processor' },
            [pscustomobject]@{ Namespace = 'support'; Name = 'support-triage' } | Get-RAAgent
            """).AssertNoErrors();

        Assert.Equal(["finance/invoice-processor", "support/support-triage"], result.Objects<Agent>().Select(a => a.ToString()));
        Assert.Equal(["/api/agents/finance/invoice-processor", "/api/agents/support/support-triage"], Journal.Select(e => e.RawTarget));
    }

    [Fact]
    public void Agents_from_the_pipeline_are_fetched_again()
    {
        var result = RunConnected("Get-RAAgent -Namespace support | Get-RAAgent").AssertNoErrors();

        Assert.Equal(2, result.Output.Count);
        Assert.Equal(["/api/agents", "/api/agents/support/kb-search-agent", "/api/agents/support/support-triage"], Journal.Select(e => e.RawTarget));
    }

    [Fact]
    public void An_exact_agent_that_does_not_exist_is_a_non_terminating_ObjectNotFound_error()
    {
        var result = RunConnected("""
            [pscustomobject]@{ Namespace = 'finance'; Name = 'x' },
            [pscustomobject]@{ Namespace = 'finance'; Name = 'fraud-detector' } | Get-RAAgent
            """);

        var error = result.SingleError();
        ErrorAssert.Is(error, "AgentNotFound", "GetRAAgentCommand", ErrorCategory.ObjectNotFound, "finance/x", "agent finance/x not found", "Cannot get agent 'finance/x'");
        Assert.IsAssignableFrom<ItemNotFoundException>(error.Exception);
        Assert.Equal(404, Assert.IsType<RunAgentsApiException>(error.Exception.InnerException).StatusCode);
        Assert.Contains("agent finance/x not found", error.ErrorDetails.Message);
        Assert.Equal("fraud-detector", Assert.Single(result.Objects<Agent>()).Name);
    }

    [Fact]
    public void An_exact_name_that_no_listed_agent_has_is_an_error()
    {
        var result = RunConnected("Get-RAAgent -Namespace fin* -Name no-such-agent");

        var error = result.SingleError();
        ErrorAssert.Is(error, "AgentNotFound", "GetRAAgentCommand", ErrorCategory.ObjectNotFound, "no-such-agent", "no-such-agent");
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("Get-RAAgent finance nope", "finance/nope")]
    [InlineData("Get-RAAgent finance/nope", "finance/nope")]
    [InlineData("Get-RAAgent -Name nope", "nope")]
    [InlineData("Get-RAAgent -Namespace fin* -Name nope", "nope")]
    [InlineData("Get-RAAgent -Namespace finance, support -Name nope", "nope")]
    [InlineData("[pscustomobject]@{ Namespace = 'finance'; Name = 'nope' } | Get-RAAgent", "finance/nope")]
    public void An_agent_not_found_is_one_exception_type_id_and_target_form_however_it_was_looked_for(string script, string target)
    {
        var result = RunConnected(script);

        var error = result.SingleError();
        ErrorAssert.Is(error, "AgentNotFound", "GetRAAgentCommand", ErrorCategory.ObjectNotFound, target, "nope");
        Assert.IsAssignableFrom<ItemNotFoundException>(error.Exception);
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("Get-RAAgent finance nope")]
    [InlineData("Get-RAAgent -Name nope")]
    public void A_typed_catch_of_ItemNotFoundException_sees_the_module_error_id_and_target(string script)
    {
        var result = RunConnected($"try {{ {script} -ErrorAction Stop }} catch [System.Management.Automation.ItemNotFoundException] {{ $_ }}");

        var error = ErrorAssert.Caught(result);
        Assert.Equal("AgentNotFound,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand", error.FullyQualifiedErrorId);
        Assert.EndsWith("nope", error.TargetObject?.ToString());
    }

    [Fact]
    public void A_name_found_in_any_of_the_given_namespaces_is_found()
    {
        var result = RunConnected("Get-RAAgent -Namespace finance, support -Name fraud-detector").AssertNoErrors();

        Assert.Equal("finance/fraud-detector", Assert.Single(result.Objects<Agent>()).ToString());
    }

    [Fact]
    public void An_exact_namespace_without_agents_is_an_error_that_points_at_the_agent_of_that_name()
    {
        var result = RunConnected("Get-RAAgent payment-agent");

        var error = result.SingleError();
        ErrorAssert.Is(error, "NamespaceNotFound", "GetRAAgentCommand", ErrorCategory.ObjectNotFound, "payment-agent", "namespace 'payment-agent'", "agent-system/payment-agent");
        Assert.IsAssignableFrom<ItemNotFoundException>(error.Exception);
        Assert.Empty(result.Output);
        Assert.Equal("/api/agents", Assert.Single(Journal).RawTarget);
    }

    [Fact]
    public void An_exact_namespace_with_agents_that_match_no_wildcard_or_phase_is_silent()
    {
        RunConnected("Get-RAAgent finance -Phase Pending; Get-RAAgent finance -Name 'nothing*'").AssertNoErrors();
    }

    [Theory]
    [InlineData("-Name nothing-like-this*")]
    [InlineData("-Namespace no-such-ns*")]
    [InlineData("-Phase Hibernating")]
    public void A_wildcard_that_matches_nothing_is_silent(string parameters)
    {
        var result = RunConnected("Get-RAAgent " + parameters);

        result.AssertNoErrors();
        Assert.Empty(result.Output);
        Assert.Single(Journal);
    }

    [Fact]
    public void A_failed_list_is_an_error_naming_the_platform()
    {
        Server.AddFault(new MockServer.FaultRule { Method = "GET", Status = 500, Body = Wire.Error("database is down") });

        var result = RunConnected("Get-RAAgent");

        var error = result.SingleError();
        ErrorAssert.Is(error, "ServerError", "GetRAAgentCommand", ErrorCategory.ResourceUnavailable, null, "database is down");
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Select_First_stops_reading_the_list_early()
    {
        Server.Seed("2000");

        var result = RunConnected("Get-RAAgent | Select-Object -First 3").AssertNoErrors();

        Assert.Equal(3, result.Output.Count);
    }
}
