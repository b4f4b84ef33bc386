using System.Management.Automation;
using RunAgents.PowerShell.Models;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>Remove-RAAgent: -WhatIf sends no DELETE; -Force and -Confirm:$false delete; piped agents are removed one by one.</summary>
public sealed class RemoveRAAgentTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Fact]
    public void WhatIf_sends_no_DELETE()
    {
        var result = RunConnected("Remove-RAAgent -Namespace finance -Name fraud-detector -WhatIf").AssertNoErrors();

        Assert.Empty(Journal);
        Assert.True(Server.HasAgent("finance", "fraud-detector"));
        Assert.Empty(result.Output);
    }

    [Fact]
    public void WhatIf_wins_over_Force()
    {
        RunConnected("Remove-RAAgent -Namespace finance -Name fraud-detector -Force -WhatIf").AssertNoErrors();

        Assert.Empty(Journal);
        Assert.True(Server.HasAgent("finance", "fraud-detector"));
    }

    [Fact]
    public void WhatIf_on_piped_agents_sends_only_the_list_request()
    {
        RunConnected("Get-RAAgent -Phase Failed | Remove-RAAgent -WhatIf").AssertNoErrors();

        Assert.Equal(["GET"], Journal.Select(e => e.Method));
        Assert.True(Server.HasAgent("finance", "fraud-detector"));
        Assert.True(Server.HasAgent("support", "kb-search-agent"));
    }

    [Fact]
    public void Confirm_false_deletes_the_agent()
    {
        RunConnected("Remove-RAAgent -Namespace finance -Name fraud-detector -Confirm:$false").AssertNoErrors();

        var request = Assert.Single(Journal);
        Assert.Equal("DELETE", request.Method);
        Assert.Equal("/api/agents/finance/fraud-detector", request.RawTarget);
        Assert.False(Server.HasAgent("finance", "fraud-detector"));
    }

    [Fact]
    public void Force_deletes_without_asking()
    {
        RunConnected("Remove-RAAgent finance fraud-detector -Force").AssertNoErrors();

        Assert.Equal("DELETE", Assert.Single(Journal).Method);
        Assert.False(Server.HasAgent("finance", "fraud-detector"));
    }

    [Fact]
    public void Without_Force_or_Confirm_a_host_that_cannot_ask_deletes_nothing()
    {
        var result = RunConnected("Remove-RAAgent -Namespace finance -Name fraud-detector");

        Assert.Empty(Journal);
        Assert.True(Server.HasAgent("finance", "fraud-detector"));
        var error = result.SingleError();
        Assert.Equal("ConfirmationRequired,RunAgents.PowerShell.Cmdlets.RemoveRAAgentCommand", error.FullyQualifiedErrorId);
        Assert.Contains("Pass -Force (or -Confirm:$false)", error.Exception.Message);
    }

    [Fact]
    public void Piped_agents_are_each_removed()
    {
        var result = RunConnected("Get-RAAgent -Namespace finance | Remove-RAAgent -Force").AssertNoErrors();

        Assert.Empty(result.Output);
        Assert.Equal(
            ["DELETE /api/agents/finance/expense-auditor", "DELETE /api/agents/finance/fraud-detector", "DELETE /api/agents/finance/invoice-processor", "DELETE /api/agents/finance/payment-approver"],
            Journal.Where(e => e.Method == "DELETE").Select(e => e.Method + " " + e.RawTarget).Order());
        Assert.False(Server.HasAgent("finance", "expense-auditor"));
        Assert.False(Server.HasAgent("finance", "fraud-detector"));
        Assert.False(Server.HasAgent("finance", "invoice-processor"));
        Assert.False(Server.HasAgent("finance", "payment-approver"));
        Assert.True(Server.HasAgent("support", "support-triage"));
    }

    [Fact]
    public void Objects_with_Namespace_and_Name_properties_are_removed_too()
    {
        RunConnected("[pscustomobject]@{ Namespace = 'support'; Name = 'kb-search-agent' } | Remove-RAAgent -Force").AssertNoErrors();

        Assert.False(Server.HasAgent("support", "kb-search-agent"));
    }

    [Fact]
    public void InputObject_takes_agents_reloaded_from_Clixml()
    {
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey").AssertNoErrors();
        shell.SetVariable("Folder", TestEnvironment.NewFolder());
        shell.Run("""Get-RAAgent -Namespace finance -Phase Failed | Export-Clixml -LiteralPath "$Folder/failed.xml" """).AssertNoErrors();
        Server.ClearJournal();

        shell.Run("""Remove-RAAgent -InputObject (Import-Clixml -LiteralPath "$Folder/failed.xml") -Force""").AssertNoErrors();

        Assert.Equal(["DELETE /api/agents/finance/fraud-detector"], Journal.Select(e => e.Method + " " + e.RawTarget));
        Assert.False(Server.HasAgent("finance", "fraud-detector"));
    }

    [Fact]
    public void PassThru_writes_each_removed_agent()
    {
        var result = RunConnected("""
            Get-RAAgent -Namespace support | Remove-RAAgent -Force -PassThru
            Remove-RAAgent -Namespace finance -Name fraud-detector -Force -PassThru
            """).AssertNoErrors();

        Assert.Equal(["support/kb-search-agent", "support/support-triage", "finance/fraud-detector"], result.Objects<Agent>().Select(a => a.ToString()));
        Assert.Equal("gpt-4o-mini", result.Objects<Agent>()[0].Model);
    }

    [Fact]
    public void Removing_an_agent_that_does_not_exist_is_ObjectNotFound()
    {
        var result = RunConnected("Remove-RAAgent -Namespace finance -Name ghost -Force; 'went on'");

        var error = result.SingleError();
        ErrorAssert.Is(error, "AgentNotFound", "RemoveRAAgentCommand", ErrorCategory.ObjectNotFound, "finance/ghost", "agent finance/ghost not found", "Cannot remove agent 'finance/ghost'");
        Assert.Equal("went on", Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void One_failure_in_a_pipeline_does_not_stop_the_others()
    {
        Server.AddFault(new MockServer.FaultRule { Method = "DELETE", PathPrefix = "/api/agents/finance/fraud-detector", Status = 409, Body = Wire.Error("agent is being updated") });

        var result = RunConnected("Get-RAAgent -Namespace finance | Remove-RAAgent -Force");

        ErrorAssert.Is(result.SingleError(), "Conflict", "RemoveRAAgentCommand", ErrorCategory.ResourceExists, "finance/fraud-detector", "agent is being updated");
        Assert.True(Server.HasAgent("finance", "fraud-detector"));
        Assert.False(Server.HasAgent("finance", "expense-auditor"));
        Assert.False(Server.HasAgent("finance", "invoice-processor"));
    }

    [Fact]
    public void Verbose_names_each_removed_agent()
    {
        var result = RunConnected("Remove-RAAgent -Namespace finance -Name fraud-detector -Force -Verbose").AssertNoErrors();

        Assert.Contains(result.Verbose, line => line.Contains("finance/fraud-detector") && line.StartsWith("Removed", StringComparison.Ordinal));
        Assert.Contains(result.Verbose, line => line.StartsWith("DELETE " + Server.BaseUri + "api/agents/finance/fraud-detector -> 200", StringComparison.Ordinal));
    }
}
