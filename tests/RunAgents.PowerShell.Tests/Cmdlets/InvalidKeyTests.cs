using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Cmdlets;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>
/// A key holding a line break, a space or a letter outside ASCII is refused with <c>InvalidApiKey</c>
/// before anything is sent, wherever it came from, and the error never quotes any of it.
/// </summary>
public sealed class InvalidKeyTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    // Each value, the 1-based position of its first bad character, and how the error names that character.
    public static TheoryData<string, int, string> BadKeys => new()
    {
        { TestKeys.Valid + "\r\nX-Injected: yes", 26, "control character (U+000D)" },
        { TestKeys.Valid + "\nX-Injected: yes", 26, "control character (U+000A)" },
        { "test-key 0123456789abcdef", 9, "white-space character (U+0020)" },
        { "test-key-0123456789abcd\u00e9f", 24, "outside ASCII" },
        { "test-key-\u00010123456789abcdef", 10, "control character (U+0001)" },
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void Connect_refuses_a_bad_key_in_ApiKey_and_nothing_is_sent(string value, int position, string problem)
    {
        var shell = Shell();
        shell.SetVariable("BadKey", TestShell.Secure(value));

        var result = shell.Run("""
            try { Connect-RAService -Uri $Uri -ApiKey $BadKey } catch { $_ }
            try { Get-RAAgent } catch { }
            """);

        var error = ErrorAssert.Caught(result);
        ErrorAssert.Is(error, "InvalidApiKey", "ConnectRAServiceCommand", ErrorCategory.InvalidArgument, null, "the -ApiKey parameter", $"character {position} is", problem);
        Assert.IsType<InvalidApiKeyException>(error.Exception);
        AssertQuotesNothingOf(value, error);
        Assert.Null(ConnectionStore.Current);
        Assert.Empty(Journal);
    }

    [Fact]
    public void Connect_refuses_a_bad_key_in_the_password_of_a_Credential()
    {
        var shell = Shell();
        shell.SetVariable("Credential", new PSCredential("runagents", TestShell.Secure(TestKeys.Valid + "\r\nX-Injected: yes")));

        var result = shell.Run("try { Connect-RAService -Uri $Uri -Credential $Credential } catch { $_ }");

        var error = ErrorAssert.Caught(result);
        ErrorAssert.Is(error, "InvalidApiKey", "ConnectRAServiceCommand", ErrorCategory.InvalidArgument, null, "-Credential", "character 26 is");
        Assert.Null(ConnectionStore.Current);
    }

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void A_bad_key_in_the_environment_stops_a_command_before_it_sends_anything(string value, int position, string problem)
    {
        State.SetVariable(ConnectionSettings.KeyVariable, value);
        State.SetVariable(ConnectionSettings.EndpointVariable, Server.BaseUri.ToString());

        var result = Shell(key: null).Run("try { Get-RAAgent } catch { $_ }");

        var error = ErrorAssert.Caught(result);
        ErrorAssert.Is(error, "InvalidApiKey", "GetRAAgentCommand", ErrorCategory.InvalidArgument, null, "RUNAGENTS_API_KEY environment variable", $"character {position} is", problem);
        AssertQuotesNothingOf(value, error);
        Assert.Empty(Journal);
    }

    [Theory]
    [InlineData("try { Connect-RAService -Uri $Uri } catch { $_ }", "ConnectRAServiceCommand")]
    [InlineData("try { Get-RAConnection } catch { $_ }", "GetRAConnectionCommand")]
    [InlineData("try { Invoke-RAAgent finance invoice-processor hi } catch { $_ }", "InvokeRAAgentCommand")]
    [InlineData("try { Remove-RAAgent finance invoice-processor -Force } catch { $_ }", "RemoveRAAgentCommand")]
    public void Every_command_that_falls_back_on_the_environment_refuses_a_bad_key(string script, string commandClass)
    {
        State.SetVariable(ConnectionSettings.KeyVariable, TestKeys.Valid + "\r\nX-Injected: yes");
        State.SetVariable(ConnectionSettings.EndpointVariable, Server.BaseUri.ToString());

        var result = Shell(key: null).Run(script);

        ErrorAssert.Is(ErrorAssert.Caught(result), "InvalidApiKey", commandClass, ErrorCategory.InvalidArgument, null, "RUNAGENTS_API_KEY", "character 26 is");
        Assert.Empty(Journal);
    }

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void A_bad_key_in_the_CLI_config_file_stops_a_command_and_names_the_file(string value, int position, string problem)
    {
        var path = State.WriteConfig(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["endpoint"] = Server.BaseUri.ToString(),
            ["api_key"] = value,
        }));

        var result = Shell(key: null).Run("try { Get-RAAgent -Namespace finance -Name invoice-processor } catch { $_ }");

        var error = ErrorAssert.Caught(result);
        ErrorAssert.Is(error, "InvalidApiKey", "GetRAAgentCommand", ErrorCategory.InvalidArgument, null, path, $"character {position} is", problem);
        AssertQuotesNothingOf(value, error);
        Assert.Empty(Journal);
    }

    [Fact]
    public void White_space_around_a_key_is_dropped_as_before()
    {
        State.SetVariable(ConnectionSettings.KeyVariable, " \t" + TestKeys.Valid + "\r\n");
        State.SetVariable(ConnectionSettings.EndpointVariable, Server.BaseUri.ToString());

        Shell(key: null).Run("Get-RAAgent -Namespace finance -Name invoice-processor").AssertNoErrors();

        var request = Assert.Single(Journal);
        Assert.Equal(200, request.Status);
        Assert.Equal("Bearer <redacted>", request.Header("Authorization"));
    }

    private static void AssertQuotesNothingOf(string value, ErrorRecord error)
    {
        foreach (var text in PSResult.ErrorTexts(error))
        {
            Assert.DoesNotContain("test-key", text);
            Assert.DoesNotContain("0123456789", text);
            Assert.DoesNotContain("abcdef", text);
            Assert.DoesNotContain("X-Injected", text);
            Assert.DoesNotContain(value.Trim(), text);
        }
    }
}
