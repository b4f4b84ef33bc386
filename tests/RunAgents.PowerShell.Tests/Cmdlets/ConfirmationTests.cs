using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>What a user at a console sees: -WhatIf lines and confirmation prompts naming each agent as namespace/name.</summary>
public sealed class ConfirmationTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Fact]
    public void WhatIf_tells_which_agent_would_be_removed()
    {
        var (host, shell) = ConsoleShell();

        shell.Run("Remove-RAAgent -Namespace finance -Name fraud-detector -WhatIf").AssertNoErrors();

        var line = Assert.Single(host.Lines, l => l.StartsWith("What if:", StringComparison.Ordinal));
        Assert.Contains("\"Remove agent\"", line);
        Assert.Contains("\"finance/fraud-detector\"", line);
        Assert.Empty(Journal);
    }

    [Fact]
    public void WhatIf_on_piped_agents_names_each_one()
    {
        var (host, shell) = ConsoleShell();

        shell.Run("Get-RAAgent -Namespace support | Remove-RAAgent -WhatIf").AssertNoErrors();

        var lines = host.Lines.Where(l => l.StartsWith("What if:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("\"support/kb-search-agent\"", lines[0]);
        Assert.Contains("\"support/support-triage\"", lines[1]);
        Assert.DoesNotContain(Journal, e => e.Method == "DELETE");
    }

    [Fact]
    public void Without_Force_the_user_is_asked_and_No_deletes_nothing()
    {
        var (host, shell) = ConsoleShell();
        host.Answer = "No";

        shell.Run("Remove-RAAgent -Namespace finance -Name fraud-detector").AssertNoErrors();

        Assert.Contains("finance/fraud-detector", Assert.Single(host.Prompts));
        Assert.Empty(Journal);
        Assert.True(Server.HasAgent("finance", "fraud-detector"));
    }

    [Fact]
    public void Without_Force_the_user_is_asked_and_Yes_deletes()
    {
        var (host, shell) = ConsoleShell();
        host.Answer = "Yes";

        shell.Run("Remove-RAAgent -Namespace finance -Name fraud-detector").AssertNoErrors();

        Assert.Single(host.Prompts);
        Assert.Equal("DELETE", Assert.Single(Journal).Method);
        Assert.False(Server.HasAgent("finance", "fraud-detector"));
    }

    [Fact]
    public void Each_piped_agent_is_asked_about_by_name()
    {
        var (host, shell) = ConsoleShell();
        host.Answer = "No";

        shell.Run("Get-RAAgent -Namespace finance | Remove-RAAgent").AssertNoErrors();

        Assert.Equal(4, host.Prompts.Count);
        Assert.Contains("finance/expense-auditor", host.Prompts[0]);
        Assert.Contains("finance/fraud-detector", host.Prompts[1]);
        Assert.Contains("finance/invoice-processor", host.Prompts[2]);
        Assert.Contains("finance/payment-approver", host.Prompts[3]);
        Assert.DoesNotContain(Journal, e => e.Method == "DELETE");
    }

    [Fact]
    public void Force_does_not_ask()
    {
        var (host, shell) = ConsoleShell();

        shell.Run("Remove-RAAgent -Namespace finance -Name fraud-detector -Force").AssertNoErrors();

        Assert.Empty(host.Prompts);
        Assert.False(Server.HasAgent("finance", "fraud-detector"));
    }

    [Fact]
    public void An_explicit_Confirm_asks_even_with_Force()
    {
        var (host, shell) = ConsoleShell();
        host.Answer = "No";

        shell.Run("Remove-RAAgent -Namespace finance -Name fraud-detector -Force -Confirm").AssertNoErrors();

        Assert.Single(host.Prompts);
        Assert.Empty(Journal);
    }
}
