using System.Management.Automation;
using RunAgents.PowerShell.Models;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>
/// The agent cmdlets refuse, before any request, a name or namespace that cannot be one: checked once its meaning
/// is known (a value after piped agents may be a message), in the namespace/name form part by part.
/// </summary>
public sealed class NameValidationTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    private static readonly string[] s_refused = ["", "   ", "a\\b", "..", "x..y", ".", "tab\there", "nul\0", "line\nbreak", new string('n', 254)];

    private static readonly string[] s_refusedAsNamespaceSlashName = ["a/b/c", "/", "a/", "/b", "../x", "x/..", "a/tab\tb"];

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

    public static TheoryData<string, string, int> SlashCases()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var (command, commandClass) in new[] { ("Get-RAAgent {0}", "GetRAAgentCommand"), ("Remove-RAAgent -Name {0} -Force", "RemoveRAAgentCommand"), ("Invoke-RAAgent {0} -Message hi", "InvokeRAAgentCommand"), ("Wait-RAAgent -Name {0}", "WaitRAAgentCommand") })
        {
            for (var i = 0; i < s_refusedAsNamespaceSlashName.Length; i++)
            {
                data.Add(command, commandClass, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_refused_value_is_an_InvalidAgentName_error_before_any_request(string command, string commandClass, int valueIndex, bool asNamespace)
    {
        var shell = Connected();
        shell.SetVariable("Bad", s_refused[valueIndex]);
        var script = asNamespace ? string.Format(command, "$Bad", "fraud-detector") : string.Format(command, "finance", "$Bad");

        var result = shell.Run($"try {{ {script} }} catch {{ $_ }}");

        var error = ErrorAssert.Caught(result);
        ErrorAssert.Is(error, "InvalidAgentName", commandClass, ErrorCategory.InvalidArgument, s_refused[valueIndex], asNamespace ? "-Namespace" : "-Name");
        Assert.Empty(Journal);
        Assert.True(Server.HasAgent("finance", "fraud-detector"));
    }

    [Theory]
    [MemberData(nameof(SlashCases))]
    public void A_namespace_slash_name_with_a_part_that_cannot_be_one_is_refused_before_any_request(string command, string commandClass, int valueIndex)
    {
        var shell = Connected();
        shell.SetVariable("Bad", s_refusedAsNamespaceSlashName[valueIndex]);

        var result = shell.Run($"try {{ {string.Format(command, "$Bad")} }} catch {{ $_ }}");

        ErrorAssert.Is(ErrorAssert.Caught(result), "InvalidAgentName", commandClass, ErrorCategory.InvalidArgument, null, "namespace/name");
        Assert.Empty(Journal);
    }

    [Fact]
    public void The_message_says_which_part_was_refused_and_why()
    {
        var result = RunConnected("try { Get-RAAgent -Name 'finance/a/b' } catch { $_ }");

        var message = ErrorAssert.Caught(result).Exception.Message;
        Assert.Contains("-Name 'finance/a/b' cannot be namespace/name: its name 'a/b'", message);
        Assert.Contains("slash", message);
    }

    [Fact]
    public void A_refused_value_in_a_wildcard_list_is_refused_too()
    {
        var result = RunConnected("try { Get-RAAgent -Namespace 'fin*', '../etc' } catch { $_ }");

        ErrorAssert.Is(ErrorAssert.Caught(result), "InvalidAgentName", "GetRAAgentCommand", ErrorCategory.InvalidArgument, "../etc");
        Assert.Empty(Journal);
    }

    [Fact]
    public void A_message_after_piped_agents_is_not_checked_as_a_name()
    {
        var result = RunConnected("Get-RAAgent finance invoice-processor | Invoke-RAAgent \"Well... what is 1/2/3?`nAnswer in one line.\"").AssertNoErrors();

        Assert.Equal("Echo: Well... what is 1/2/3?\nAnswer in one line.", Assert.Single(result.Objects<AgentResponse>()).Response);
    }

    [Fact]
    public void A_refused_value_from_the_pipeline_fails_that_item_only()
    {
        var result = RunConnected("""
            [pscustomobject]@{ Namespace = 'finance'; Name = '..' },
            [pscustomobject]@{ Namespace = 'finance'; Name = 'fraud-detector' } | Get-RAAgent
            """);

        ErrorAssert.Is(result.SingleError(), "InvalidAgentName", "GetRAAgentCommand", ErrorCategory.InvalidArgument, null, "'..'");
        Assert.Equal("fraud-detector", Assert.Single(result.Objects<Agent>()).Name);
        Assert.Equal("/api/agents/finance/fraud-detector", Assert.Single(Journal).RawTarget);
    }

    [Fact]
    public void A_piped_object_with_a_refused_name_deletes_nothing()
    {
        var result = RunConnected("[pscustomobject]@{ Namespace = '..'; Name = 'fraud-detector' } | Remove-RAAgent -Force");

        ErrorAssert.Is(result.SingleError(), "InvalidAgentName", "RemoveRAAgentCommand", ErrorCategory.InvalidArgument);
        Assert.Empty(Journal);
    }

    [Theory]
    [InlineData("$Agent | Remove-RAAgent -Force")]
    [InlineData("Remove-RAAgent -InputObject $Agent -Force")]
    [InlineData("$Agent | Invoke-RAAgent -Message hi")]
    [InlineData("$Agent | Wait-RAAgent")]
    [InlineData("$Agent | Get-RAAgent")]
    public void An_Agent_object_whose_name_is_not_one_path_segment_names_no_agent(string script)
    {
        var shell = Connected();
        foreach (var name in new[] { "a/../b", "support/fraud-detector" })
        {
            shell.SetVariable("Agent", new Agent { Namespace = "finance", Name = name });

            var result = shell.Run(script);

            var error = result.SingleError();
            Assert.StartsWith("InvalidAgentName,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        }

        Assert.Empty(Journal);
    }

    [Fact]
    public void The_longest_name_the_platform_holds_is_accepted()
    {
        var shell = Connected();
        shell.SetVariable("Long", new string('n', 253));

        var result = shell.Run("Get-RAAgent -Namespace finance -Name $Long");

        Assert.Equal("AgentNotFound,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand", result.SingleError().FullyQualifiedErrorId);
        Assert.Single(Journal);
    }

    private TestShell Connected()
    {
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey").AssertNoErrors();
        Server.ClearJournal();
        return shell;
    }
}
