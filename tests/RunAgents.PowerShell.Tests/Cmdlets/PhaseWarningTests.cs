using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>A -Phase the API does not document (a typo) is warned of, in one line, instead of silently matching nothing.</summary>
public sealed class PhaseWarningTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Fact]
    public void Get_RAAgent_warns_of_a_misspelt_phase_once_naming_the_documented_ones()
    {
        var result = RunConnected("Get-RAAgent -Phase Runing").AssertNoErrors();

        var warning = Assert.Single(result.Warnings);
        Assert.Equal("'Runing' is not an agent phase the API documents (Pending, Running, Failed), so no agent may match it.", warning);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Get_RAAgent_warns_once_however_many_agents_are_piped_in()
    {
        var result = RunConnected("Get-RAAgent -Namespace finance | Get-RAAgent -Phase Failed, Faild").AssertNoErrors();

        Assert.Contains("'Faild'", Assert.Single(result.Warnings));
        Assert.Equal("fraud-detector", Assert.Single(result.Objects<Models.Agent>()).Name);
    }

    [Theory]
    [InlineData("Get-RAAgent -Phase running, PENDING, Failed")]
    [InlineData("Get-RAAgent -Phase Run*, *ail*, Zzz?")]
    [InlineData("Wait-RAAgent -Namespace finance -Name invoice-processor -Phase running")]
    public void Documented_phases_in_any_case_and_wildcards_are_not_warned_of(string script)
    {
        var result = RunConnected(script).AssertNoErrors();

        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Wait_RAAgent_warns_of_a_misspelt_phase_before_it_waits()
    {
        var result = RunConnected("Wait-RAAgent -Namespace finance -Name invoice-processor -Phase Runing -Timeout 1 -PollIntervalSec 1");

        Assert.Equal("'Runing' is not an agent phase the API documents (Pending, Running, Failed), so no agent may match it.", Assert.Single(result.Warnings));
        Assert.Equal("WaitTimeout,RunAgents.PowerShell.Cmdlets.WaitRAAgentCommand", result.SingleError().FullyQualifiedErrorId);
    }
}
