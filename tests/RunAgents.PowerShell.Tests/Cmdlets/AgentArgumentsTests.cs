using System.Management.Automation;
using RunAgents.PowerShell.Models;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>
/// How Get-, Invoke-, Remove- and Wait-RAAgent read which agents a command names: namespace/name, arrays,
/// positional values after piped agents, and what they refuse before any request.
/// </summary>
public sealed class AgentArgumentsTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Theory]
    [InlineData("Get-RAAgent support/support-triage", "GET /api/agents/support/support-triage")]
    [InlineData("Get-RAAgent -Name support/support-triage", "GET /api/agents/support/support-triage")]
    [InlineData("Remove-RAAgent support/support-triage -Force", "DELETE /api/agents/support/support-triage")]
    [InlineData("Remove-RAAgent -Name support/support-triage -Force", "DELETE /api/agents/support/support-triage")]
    [InlineData("Invoke-RAAgent support/support-triage -Message hi", "POST /api/agents/support/support-triage/invoke")]
    [InlineData("Invoke-RAAgent support/support-triage hi", "POST /api/agents/support/support-triage/invoke")]
    [InlineData("Wait-RAAgent support/support-triage", "GET /api/agents/support/support-triage")]
    public void An_agent_given_as_namespace_slash_name_is_that_agent(string script, string request)
    {
        RunConnected(script).AssertNoErrors();

        var sent = Assert.Single(Journal);
        Assert.Equal(request, sent.Method + " " + sent.RawTarget);
        if (sent.Method == "POST")
        {
            Assert.Equal("hi", sent.JsonBody().GetProperty("message").GetString());
        }
    }

    [Theory]
    [InlineData("Get-RAAgent -Namespace finance -Name support/fraud-detector", "AgentNamedTwice", "GetRAAgentCommand")]
    [InlineData("Remove-RAAgent finance/fraud-detector expense-auditor -Force", "AgentNamedTwice", "RemoveRAAgentCommand")]
    [InlineData("Wait-RAAgent finance/fraud-detector -Name expense-auditor -Phase Failed", "AgentNamedTwice", "WaitRAAgentCommand")]
    [InlineData("Remove-RAAgent finance 'fraud*' -Force", "WildcardNotSupported", "RemoveRAAgentCommand")]
    [InlineData("Remove-RAAgent 'fin*/fraud-detector' -Force", "WildcardNotSupported", "RemoveRAAgentCommand")]
    [InlineData("Invoke-RAAgent finance 'fraud-detecto?' -Message hi", "WildcardNotSupported", "InvokeRAAgentCommand")]
    [InlineData("Wait-RAAgent 'fin*' fraud-detector", "WildcardNotSupported", "WaitRAAgentCommand")]
    [InlineData("Remove-RAAgent -Name fraud-detector -Force", "NamespaceRequired", "RemoveRAAgentCommand")]
    [InlineData("Invoke-RAAgent -Name fraud-detector -Message hi", "NamespaceRequired", "InvokeRAAgentCommand")]
    [InlineData("Wait-RAAgent -Name fraud-detector", "NamespaceRequired", "WaitRAAgentCommand")]
    [InlineData("Remove-RAAgent finance -Force", "AgentNotNamed", "RemoveRAAgentCommand")]
    [InlineData("Remove-RAAgent -Force", "AgentNotNamed", "RemoveRAAgentCommand")]
    [InlineData("Invoke-RAAgent -Message hi", "AgentNotNamed", "InvokeRAAgentCommand")]
    [InlineData("'hi' | Invoke-RAAgent", "AgentNotNamed", "InvokeRAAgentCommand")]
    public void What_cannot_name_an_agent_is_refused_before_any_request(string script, string id, string commandClass)
    {
        var result = RunConnected($"try {{ {script} }} catch {{ $_ }}");

        ErrorAssert.Is(ErrorAssert.Caught(result), id, commandClass, ErrorCategory.InvalidArgument);
        Assert.Empty(Journal);
        Assert.True(Server.HasAgent("finance", "fraud-detector"));
    }

    [Fact]
    public void Without_arguments_Remove_asks_for_the_agent_not_for_an_InputObject()
    {
        var result = RunConnected("try { Remove-RAAgent } catch { $_ }");

        var error = ErrorAssert.Caught(result);
        ErrorAssert.Is(error, "AgentNotNamed", "RemoveRAAgentCommand", ErrorCategory.InvalidArgument, null, "-Namespace", "-Name", "namespace/name");
        Assert.DoesNotContain("InputObject", error.ToString());
    }

    [Fact]
    public void A_positional_value_after_piped_agents_is_the_message_of_Invoke()
    {
        var result = RunConnected("Get-RAAgent -Namespace finance -Phase Running | Invoke-RAAgent 'ping'").AssertNoErrors();

        Assert.Equal(3, result.Objects<AgentResponse>().Count);
        var invokes = Journal.Where(e => e.Method == "POST").ToList();
        Assert.Equal(
            ["/api/agents/finance/expense-auditor/invoke", "/api/agents/finance/invoice-processor/invoke", "/api/agents/finance/payment-approver/invoke"],
            invokes.Select(e => e.RawTarget).Order());
        Assert.All(invokes, e => Assert.Equal("ping", e.JsonBody().GetProperty("message").GetString()));
    }

    [Fact]
    public void A_positional_value_after_piped_agents_is_the_phase_of_Wait()
    {
        var result = RunConnected("Get-RAAgent finance fraud-detector | Wait-RAAgent Failed").AssertNoErrors();

        Assert.Equal("Failed", Assert.Single(result.Objects<Agent>()).Phase);
        Assert.All(Journal, e => Assert.Equal("/api/agents/finance/fraud-detector", e.RawTarget));
    }

    [Theory]
    [InlineData("Get-RAAgent -Namespace support | Remove-RAAgent finance -Force", "RemoveRAAgentCommand")]
    [InlineData("Get-RAAgent -Namespace support | Remove-RAAgent -Namespace finance -Name fraud-detector -Force", "RemoveRAAgentCommand")]
    [InlineData("Get-RAAgent -Namespace support | Get-RAAgent finance", "GetRAAgentCommand")]
    [InlineData("Get-RAAgent -Namespace support | Invoke-RAAgent ping pong", "InvokeRAAgentCommand")]
    [InlineData("Get-RAAgent -Namespace support | Invoke-RAAgent finance -Message hi", "InvokeRAAgentCommand")]
    [InlineData("Get-RAAgent -Namespace support | Wait-RAAgent finance fraud-detector", "WaitRAAgentCommand")]
    [InlineData("Get-RAAgent -Namespace support | Wait-RAAgent Running -Phase Running", "WaitRAAgentCommand")]
    public void A_value_that_would_name_a_second_agent_beside_piped_ones_is_refused_before_any_request(string script, string commandClass)
    {
        var result = RunConnected($"try {{ {script} }} catch {{ $_ }}");

        ErrorAssert.Is(ErrorAssert.Caught(result), "AgentNamedTwice", commandClass, ErrorCategory.InvalidArgument, null, "pipeline");
        Assert.Equal(["GET /api/agents"], Journal.Select(e => e.Method + " " + e.RawTarget));
        Assert.True(Server.HasAgent("finance", "fraud-detector"));
        Assert.True(Server.HasAgent("support", "support-triage"));
    }

    [Fact]
    public void Piped_objects_that_name_no_agent_are_each_an_error()
    {
        var result = RunConnected("'finance', [pscustomobject]@{ Id = 7 } | Remove-RAAgent -Force");

        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => ErrorAssert.Is(e, "InvalidInputObject", "RemoveRAAgentCommand", ErrorCategory.InvalidArgument));
        Assert.Empty(Journal);
    }

    [Fact]
    public void Positional_namespace_and_name_still_name_the_agent_to_wait_for()
    {
        var result = RunConnected("Wait-RAAgent finance invoice-processor").AssertNoErrors();

        Assert.Equal("finance/invoice-processor", Assert.Single(result.Objects<Agent>()).ToString());
        Assert.Equal("/api/agents/finance/invoice-processor", Assert.Single(Journal).RawTarget);
    }

    [Fact]
    public void Remove_Invoke_and_Wait_take_several_namespaces_and_names_like_Get()
    {
        var result = RunConnected("""
            Invoke-RAAgent finance invoice-processor, payment-approver -Message hi
            Wait-RAAgent -Namespace finance, agent-system -Name payment-approver, payment-agent -Phase Running -Timeout 5 -ErrorAction SilentlyContinue
            Remove-RAAgent finance invoice-processor, payment-approver -Force
            """);

        Assert.Equal(
            [
                "POST /api/agents/finance/invoice-processor/invoke", "POST /api/agents/finance/payment-approver/invoke",
                "GET /api/agents/finance/payment-approver", "GET /api/agents/agent-system/payment-approver",
                "GET /api/agents/finance/payment-agent", "GET /api/agents/agent-system/payment-agent",
                "DELETE /api/agents/finance/invoice-processor", "DELETE /api/agents/finance/payment-approver",
            ],
            Journal.Select(e => e.Method + " " + e.RawTarget));
        Assert.Equal(2, result.OfType<AgentResponse>().Count);
        Assert.Equal(["agent-system/payment-agent", "finance/payment-approver"], result.OfType<Agent>().Select(a => a.ToString()).Order());
        Assert.False(Server.HasAgent("finance", "invoice-processor"));
        Assert.False(Server.HasAgent("finance", "payment-approver"));
    }
}
