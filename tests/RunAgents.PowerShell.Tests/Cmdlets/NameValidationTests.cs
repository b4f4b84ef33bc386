using System.Management.Automation;
using RunAgents.PowerShell.Models;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>Every cmdlet refuses, at parameter binding, a name or namespace that cannot be one, and sends nothing.</summary>
public sealed class NameValidationTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    private static readonly string[] s_refused = ["", "   ", "a/b", "/", "a\\b", "..", "x..y", ".", "tab\there", "nul\0", "line\nbreak", new string('n', 254)];

    private static readonly (string Command, string Class)[] s_commands =
    [
        ("Get-RAAgent -Namespace {0} -Name {1}", "GetRAAgentCommand"),
        ("Remove-RAAgent -Namespace {0} -Name {1} -Force", "RemoveRAAgentCommand"),
        ("Invoke-RAAgent -Namespace {0} -Name {1} -Message hi", "InvokeRAAgentCommand"),
        ("Wait-RAAgent -Namespace {0} -Name {1}", "WaitRAAgentCommand"),
    ];

    public static TheoryData<string, string, int, bool> Cases()
    {
        var data = new TheoryData<string, string, int, bool>();
        foreach (var (command, commandClass) in s_commands)
        {
            for (var i = 0; i < s_refused.Length; i++)
            {
                data.Add(command, commandClass, i, true);
                data.Add(command, commandClass, i, false);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_refused_value_is_a_binding_error_and_sends_no_request(string command, string commandClass, int valueIndex, bool asNamespace)
    {
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey").AssertNoErrors();
        shell.SetVariable("Bad", s_refused[valueIndex]);
        var script = asNamespace ? string.Format(command, "$Bad", "fraud-detector") : string.Format(command, "finance", "$Bad");

        var result = shell.Run(script);

        var error = result.SingleError();
        ErrorAssert.IsBindingValidation(error);
        Assert.StartsWith("ParameterArgumentValidationError", error.FullyQualifiedErrorId);
        Assert.EndsWith(",RunAgents.PowerShell.Cmdlets." + commandClass, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Contains(asNamespace ? "'Namespace'" : "'Name'", error.Exception.Message);
        Assert.Empty(result.Output);
        Assert.Empty(Journal);
        Assert.True(Server.HasAgent("finance", "fraud-detector"));
    }

    [Fact]
    public void The_message_says_why_the_value_was_refused()
    {
        var result = RunConnected("Get-RAAgent -Namespace finance -Name 'a/b'");

        Assert.Contains("slash", result.SingleError().Exception.Message);
    }

    [Fact]
    public void A_refused_value_in_a_wildcard_list_is_refused_too()
    {
        var result = RunConnected("Get-RAAgent -Namespace 'fin*', '../etc'");

        ErrorAssert.IsBindingValidation(result.SingleError());
        Assert.Empty(Journal);
    }

    [Fact]
    public void A_refused_value_from_the_pipeline_fails_that_item_only()
    {
        var result = RunConnected("""
            [pscustomobject]@{ Namespace = 'finance'; Name = 'a/b' },
            [pscustomobject]@{ Namespace = 'finance'; Name = 'fraud-detector' } | Get-RAAgent
            """);

        ErrorAssert.IsBindingValidation(result.SingleError());
        Assert.Equal("fraud-detector", Assert.Single(result.Objects<Agent>()).Name);
        Assert.Equal("/api/agents/finance/fraud-detector", Assert.Single(Journal).RawTarget);
    }

    [Fact]
    public void A_piped_object_with_a_refused_name_deletes_nothing()
    {
        var result = RunConnected("[pscustomobject]@{ Namespace = '..'; Name = 'fraud-detector' } | Remove-RAAgent -Force");

        ErrorAssert.IsBindingValidation(result.SingleError());
        Assert.Empty(Journal);
    }

    [Fact]
    public void An_Agent_object_with_a_refused_name_deletes_nothing()
    {
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey").AssertNoErrors();
        shell.SetVariable("Agent", new Agent { Namespace = "finance", Name = "a/../b" });

        var result = shell.Run("$Agent | Remove-RAAgent -Force");

        var error = result.SingleError();
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.EndsWith(",RunAgents.PowerShell.Cmdlets.RemoveRAAgentCommand", error.FullyQualifiedErrorId);
        Assert.Empty(Journal);
    }

    [Fact]
    public void The_longest_name_the_platform_holds_is_accepted()
    {
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey").AssertNoErrors();
        shell.SetVariable("Long", new string('n', 253));

        var result = shell.Run("Get-RAAgent -Namespace finance -Name $Long");

        Assert.Equal("AgentNotFound,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand", result.SingleError().FullyQualifiedErrorId);
        Assert.Single(Journal);
    }
}
