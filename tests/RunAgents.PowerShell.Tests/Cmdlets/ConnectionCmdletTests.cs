using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Cmdlets;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>Connect-RAService, Get-RAConnection, Disconnect-RAService, and where commands find their connection.</summary>
public sealed class ConnectionCmdletTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Fact]
    public void Connect_with_PassThru_returns_the_connection_with_a_masked_hint_and_sends_nothing()
    {
        var result = Shell().Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey -PassThru").AssertNoErrors();

        var connection = Assert.Single(result.Objects<RAConnection>());
        Assert.Equal(Server.BaseUri, connection.Uri);
        Assert.Equal(TestKeys.ValidHint, connection.KeyHint);
        Assert.Equal("Parameter", connection.UriSource);
        Assert.Equal("Parameter", connection.KeySource);
        Assert.Equal("Authorization", connection.AuthenticationHeader);
        Assert.Same(connection, ConnectionStore.Current);
        Assert.Empty(Journal);
    }

    [Fact]
    public void Connect_without_PassThru_writes_nothing_but_says_so_in_verbose()
    {
        var result = Shell().Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey -Verbose").AssertNoErrors();

        Assert.Empty(result.Output);
        var line = Assert.Single(result.Verbose);
        Assert.Contains(TestKeys.ValidHint, line);
        Assert.Contains("No request was sent", line);
        Assert.NotNull(ConnectionStore.Current);
    }

    [Fact]
    public void Connect_with_a_Credential_uses_its_password_as_the_key()
    {
        var shell = Shell();
        var result = shell.Run("""
            $credential = [pscredential]::new('anyone', $ApiKey)
            Connect-RAService -Uri $Uri -Credential $credential -PassThru
            Get-RAAgent -Namespace finance -Name fraud-detector
            """).AssertNoErrors();

        Assert.Equal(TestKeys.ValidHint, Assert.IsType<RAConnection>(result.Output[0].BaseObject).KeyHint);
        Assert.Equal("fraud-detector", Assert.IsType<Models.Agent>(result.Output[1].BaseObject).Name);
        Assert.Equal("Bearer <redacted>", Assert.Single(Journal).Header("Authorization"));
    }

    [Fact]
    public void Connect_with_a_workspace_key_sends_it_in_the_workspace_header()
    {
        var shell = Own(new TestShell(Server.BaseUri, TestKeys.Workspace));

        var result = shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey -PassThru; Get-RAAgent -Namespace finance -Name fraud-detector").AssertNoErrors();

        Assert.Equal("X-RunAgents-API-Key", result.OfType<RAConnection>().Single().AuthenticationHeader);
        var request = Assert.Single(Journal);
        Assert.Equal("<redacted>", request.Header("X-RunAgents-API-Key"));
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public void Connect_takes_the_key_and_endpoint_from_the_environment()
    {
        State.SetVariable(ConnectionSettings.KeyVariable, TestKeys.Valid);
        State.SetVariable(ConnectionSettings.EndpointVariable, Server.BaseUri.ToString());

        var result = Shell(key: null).Run("Connect-RAService -PassThru").AssertNoErrors();

        var connection = Assert.Single(result.Objects<RAConnection>());
        Assert.Equal(Server.BaseUri, connection.Uri);
        Assert.Equal("Environment", connection.UriSource);
        Assert.Equal("Environment", connection.KeySource);
    }

    [Fact]
    public void Commands_use_the_environment_without_any_Connect()
    {
        State.SetVariable(ConnectionSettings.KeyVariable, TestKeys.Valid);
        State.SetVariable(ConnectionSettings.EndpointVariable, Server.BaseUri.ToString());

        var result = Shell(key: null).Run("Get-RAAgent -Namespace finance").AssertNoErrors();

        Assert.Equal(4, result.Objects<Models.Agent>().Count);
        var request = Assert.Single(Journal);
        Assert.Equal("Bearer <redacted>", request.Header("Authorization"));
        Assert.Null(ConnectionStore.Current);
    }

    [Fact]
    public void Commands_use_the_CLI_config_file_without_any_Connect()
    {
        State.WriteConfig($$"""{"endpoint":"{{Server.BaseUri}}","api_key":"{{TestKeys.Valid}}"}""");

        var result = Shell(key: null).Run("Get-RAAgent -Namespace support; Get-RAConnection").AssertNoErrors();

        Assert.Equal(2, result.Output.Count(o => o.BaseObject is Models.Agent));
        var connection = result.Output.Select(o => o.BaseObject).OfType<RAConnection>().Single();
        Assert.Equal("ConfigFile", connection.KeySource);
        Assert.Equal("ConfigFile", connection.UriSource);
    }

    [Theory]
    [InlineData("Get-RAAgent", "GetRAAgentCommand")]
    [InlineData("Get-RAAgent -Namespace finance -Name fraud-detector", "GetRAAgentCommand")]
    [InlineData("Remove-RAAgent -Namespace finance -Name fraud-detector -Force", "RemoveRAAgentCommand")]
    [InlineData("Invoke-RAAgent -Namespace finance -Name fraud-detector -Message hi", "InvokeRAAgentCommand")]
    [InlineData("Wait-RAAgent -Namespace finance -Name fraud-detector", "WaitRAAgentCommand")]
    public void Without_a_connection_or_a_key_a_command_stops_with_NotConnected(string command, string commandClass)
    {
        var result = Shell().Run($"try {{ {command}; 'went on' }} catch {{ $_ }}");

        var error = ErrorAssert.Caught(result);
        ErrorAssert.Is(error, "NotConnected", commandClass, ErrorCategory.InvalidOperation, null, "Connect-RAService", "RUNAGENTS_API_KEY");
        Assert.Empty(Journal);
    }

    [Fact]
    public void Connect_without_any_key_stops_with_NoApiKey()
    {
        var result = Shell(key: null).Run("try { Connect-RAService -Uri $Uri } catch { $_ }");

        ErrorAssert.Is(ErrorAssert.Caught(result), "NoApiKey", "ConnectRAServiceCommand", ErrorCategory.InvalidArgument, null, "RUNAGENTS_API_KEY");
        Assert.Null(ConnectionStore.Current);
    }

    [Fact]
    public void Connect_refuses_an_empty_key()
    {
        var shell = Shell();
        shell.SetVariable("Empty", new System.Security.SecureString());

        var result = shell.Run("try { Connect-RAService -Uri $Uri -ApiKey $Empty } catch { $_ }");

        ErrorAssert.Is(ErrorAssert.Caught(result), "EmptyApiKey", "ConnectRAServiceCommand", ErrorCategory.InvalidArgument, null, "empty");
        Assert.Null(ConnectionStore.Current);
    }

    [Fact]
    public void A_malformed_endpoint_in_the_environment_stops_a_command_with_InvalidUri()
    {
        State.SetVariable(ConnectionSettings.KeyVariable, TestKeys.Valid);
        State.SetVariable(ConnectionSettings.EndpointVariable, "not a uri");

        var result = Shell(key: null).Run("try { Get-RAAgent } catch { $_ }");

        ErrorAssert.Is(ErrorAssert.Caught(result), "InvalidUri", "GetRAAgentCommand", ErrorCategory.InvalidArgument, null, "RUNAGENTS_ENDPOINT");
    }

    [Fact]
    public void A_plain_http_endpoint_to_another_machine_in_the_environment_stops_a_command()
    {
        State.SetVariable(ConnectionSettings.KeyVariable, TestKeys.Valid);
        State.SetVariable(ConnectionSettings.EndpointVariable, "http://agents.example.com");

        var result = Shell(key: null).Run("try { Get-RAAgent } catch { $_ }");

        ErrorAssert.Is(ErrorAssert.Caught(result), "UnencryptedAuthentication", "GetRAAgentCommand", ErrorCategory.SecurityError, null, "agents.example.com");
    }

    [Fact]
    public void The_timeout_given_to_Connect_applies_to_later_commands()
    {
        Server.AddFault(new MockServer.FaultRule { Method = "GET", DelayMs = 3000 });

        var result = Shell().Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey -TimeoutSec 1 -MaxRetryCount 0; Get-RAAgent -Namespace finance -Name fraud-detector");

        ErrorAssert.Is(result.SingleError(), "RequestTimeout", "GetRAAgentCommand", ErrorCategory.OperationTimeout, "finance/fraud-detector", "1 second");
        // -MaxRetryCount 0: not retried. On a loaded machine the request may be cancelled before the server logs it.
        Assert.InRange(Journal.Count, 0, 1);
    }

    [Fact]
    public void Connect_refuses_plain_http_to_another_machine()
    {
        var result = Shell().Run("try { Connect-RAService -Uri 'http://agents.example.com' -ApiKey $ApiKey } catch { $_ }");

        ErrorAssert.Is(ErrorAssert.Caught(result), "UnencryptedAuthentication", "ConnectRAServiceCommand", ErrorCategory.SecurityError, null, "agents.example.com");
        Assert.Null(ConnectionStore.Current);
    }

    [Fact]
    public void Connect_allows_plain_http_when_told_to()
    {
        var result = Shell().Run("Connect-RAService -Uri 'http://agents.example.com' -ApiKey $ApiKey -AllowUnencryptedAuthentication -PassThru").AssertNoErrors();

        Assert.True(Assert.Single(result.Objects<RAConnection>()).AllowUnencryptedAuthentication);
    }

    [Fact]
    public void Get_RAConnection_shows_the_current_connection()
    {
        var result = Shell().Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey -MaxRetryCount 5 -TimeoutSec 30; Get-RAConnection").AssertNoErrors();

        var connection = Assert.Single(result.Objects<RAConnection>());
        Assert.Equal(Server.BaseUri, connection.Uri);
        Assert.Equal(TestKeys.ValidHint, connection.KeyHint);
        Assert.Equal(5, connection.MaxRetryCount);
        Assert.Equal(30, connection.TimeoutSec);
        Assert.Empty(Journal);
    }

    [Fact]
    public void Get_RAConnection_writes_nothing_when_there_is_no_connection()
    {
        var result = Shell().Run("Get-RAConnection").AssertNoErrors();

        Assert.Empty(result.Output);
    }

    [Fact]
    public void Disconnect_forgets_the_connection()
    {
        var result = Shell().Run("""
            Connect-RAService -Uri $Uri -ApiKey $ApiKey
            Disconnect-RAService
            Get-RAConnection
            try { Get-RAAgent } catch { $_ }
            """);

        ErrorAssert.Is(ErrorAssert.Caught(result), "NotConnected", "GetRAAgentCommand", ErrorCategory.InvalidOperation);
        Assert.Null(ConnectionStore.Current);
        Assert.Empty(Journal);
    }

    [Fact]
    public void The_connection_is_seen_by_another_runspace()
    {
        Shell().Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey").AssertNoErrors();

        var result = Shell(key: null).Run("Get-RAAgent -Namespace finance -Name invoice-processor; Get-RAConnection").AssertNoErrors();

        Assert.Equal("invoice-processor", result.OfType<Models.Agent>().Single().Name);
        Assert.Equal(Server.BaseUri, result.OfType<RAConnection>().Single().Uri);
    }

    [Fact]
    public void The_connection_is_seen_by_ForEach_Object_Parallel()
    {
        var shell = Shell();
        shell.SetVariable("ModulePath", TestShell.ModulePath);

        var result = shell.Run("""
            Connect-RAService -Uri $Uri -ApiKey $ApiKey
            'finance', 'support', 'agent-system' | ForEach-Object -Parallel {
                Import-Module $using:ModulePath
                Get-RAAgent -Namespace $_
            } -ThrottleLimit 3
            """).AssertNoErrors();

        Assert.Equal(9, result.Objects<Models.Agent>().Count);
        Assert.Equal(3, Journal.Count);
    }

    [Fact]
    public void The_Connection_parameter_targets_that_platform_instead_of_the_current_one()
    {
        var shell = Shell();
        shell.SetVariable("SecondUri", Second.BaseUri);

        var result = shell.Run("""
            $other = Connect-RAService -Uri $SecondUri -ApiKey $ApiKey -PassThru
            Connect-RAService -Uri $Uri -ApiKey $ApiKey
            Get-RAAgent -Connection $other
            '---'
            Get-RAAgent -Namespace finance
            """).AssertNoErrors();

        var text = result.Output.Select(o => o.BaseObject.ToString()).ToList();
        Assert.Equal("elsewhere/only-on-second", text[0]);
        Assert.Equal("---", text[1]);
        Assert.Equal(4, text.Count - 2);
        Assert.Single(Second.Journal);
        Assert.Single(Journal);
        Assert.Equal(Server.BaseUri, ConnectionStore.Current!.Uri);
    }

    [Fact]
    public void The_Connection_parameter_works_with_no_current_connection()
    {
        var shell = Shell();
        shell.SetVariable("SecondUri", Second.BaseUri);

        var result = shell.Run("""
            $other = Connect-RAService -Uri $SecondUri -ApiKey $ApiKey -PassThru
            Disconnect-RAService
            Invoke-RAAgent -Connection $other -Namespace elsewhere -Name only-on-second -Message hi
            """).AssertNoErrors();

        Assert.Equal("Echo: hi", Assert.Single(result.Objects<Models.AgentResponse>()).Response);
        Assert.Equal("POST", Assert.Single(Second.Journal).Method);
        Assert.Empty(Journal);
    }

    [Fact]
    public void KeepCurrent_writes_a_connection_for_Connection_and_leaves_the_current_one()
    {
        var shell = Shell();
        shell.SetVariable("SecondUri", Second.BaseUri);

        var result = shell.Run("""
            Connect-RAService -Uri $Uri -ApiKey $ApiKey
            $other = Connect-RAService -Uri $SecondUri -ApiKey $ApiKey -KeepCurrent -Verbose
            $other
            Get-RAAgent -Connection $other
            Get-RAAgent -Namespace finance -Name fraud-detector
            """).AssertNoErrors();

        var other = Assert.IsType<RAConnection>(result.Output[0].BaseObject);
        Assert.Equal(Second.BaseUri, other.Uri);
        Assert.Equal("elsewhere/only-on-second", result.Output[1].BaseObject.ToString());
        Assert.Equal("finance/fraud-detector", result.Output[2].BaseObject.ToString());
        Assert.Equal(Server.BaseUri, ConnectionStore.Current!.Uri);
        Assert.Single(Second.Journal);
        Assert.Single(Journal);
        var line = Assert.Single(result.Verbose, v => v.Contains("Made a connection", StringComparison.Ordinal));
        Assert.Contains($"The current connection is still the one to {Server.BaseUri}", line);
        Assert.DoesNotContain(TestKeys.Valid, line);
    }

    [Fact]
    public void KeepCurrent_with_no_current_connection_makes_none_current()
    {
        var shell = Shell();
        shell.SetVariable("SecondUri", Second.BaseUri);

        var result = shell.Run("""
            Disconnect-RAService
            Connect-RAService -Uri $SecondUri -ApiKey $ApiKey -KeepCurrent -PassThru -Verbose
            """).AssertNoErrors();

        Assert.Equal(Second.BaseUri, Assert.Single(result.Objects<RAConnection>()).Uri);
        Assert.Null(ConnectionStore.Current);
        Assert.Contains(result.Verbose, v => v.Contains("None is current: commands without -Connection use RUNAGENTS_API_KEY", StringComparison.Ordinal));
    }

    [Fact]
    public void Objects_and_saved_connections_keep_working_after_Disconnect()
    {
        var shell = Shell();
        shell.SetVariable("SecondUri", Second.BaseUri);

        var result = shell.Run("""
            $saved = Connect-RAService -Uri $SecondUri -ApiKey $ApiKey -KeepCurrent
            Connect-RAService -Uri $Uri -ApiKey $ApiKey
            $agent = Get-RAAgent -Namespace finance -Name fraud-detector
            Disconnect-RAService
            $agent | Get-RAAgent
            Get-RAAgent -Connection $saved
            """).AssertNoErrors();

        Assert.Equal(["finance/fraud-detector", "elsewhere/only-on-second"], result.Output.Select(o => o.BaseObject.ToString()));
        Assert.Equal(2, Journal.Count);
        Assert.Single(Second.Journal);
        Assert.Null(ConnectionStore.Current);
    }

    [Theory]
    [InlineData("$ApiKeyText", "not text")]
    [InlineData("\"$ApiKeyText\"", "not text")]
    [InlineData("([pscredential]::new('u', $ApiKey))", "not a credential: pass the credential as -Credential")]
    [InlineData("([pscustomobject]@{ Key = $ApiKeyText })", "not a PSCustomObject")]
    [InlineData("@($ApiKeyText)", "not a Object[]")]
    public void A_key_that_is_not_a_SecureString_is_refused_saying_how_to_make_one_without_showing_it(string given, string said)
    {
        var shell = Shell();
        shell.SetVariable("ApiKeyText", TestKeys.Valid);
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey").AssertNoErrors();
        var before = ConnectionStore.Current;

        var result = shell.Run($"Connect-RAService -Uri 'https://elsewhere.example' -ApiKey {given} -PassThru");

        var error = result.SingleError();
        Assert.Equal("ParameterArgumentTransformationError,RunAgents.PowerShell.Cmdlets.ConnectRAServiceCommand", error.FullyQualifiedErrorId);
        var message = error.ToString();
        Assert.Contains(said, message, StringComparison.Ordinal);
        Assert.Contains("Read-Host -Prompt 'RunAgents API key' -AsSecureString", message, StringComparison.Ordinal);
        Assert.Contains("ConvertTo-SecureString -String $text -AsPlainText -Force", message, StringComparison.Ordinal);
        Assert.Contains("RUNAGENTS_API_KEY", message, StringComparison.Ordinal);
        foreach (var text in new[] { message, error.Exception.ToString(), error.ErrorDetails?.Message ?? string.Empty, error.TargetObject?.ToString() ?? string.Empty })
        {
            Assert.DoesNotContain(TestKeys.Valid, text, StringComparison.Ordinal);
            Assert.DoesNotContain(TestKeys.Valid.Substring(0, 8), text, StringComparison.Ordinal);
        }

        Assert.Empty(result.Output);
        Assert.Same(before, ConnectionStore.Current);
        Assert.Empty(Journal);
    }

    [Fact]
    public void Commands_name_the_module_and_PowerShell_in_the_User_Agent()
    {
        RunConnected("Get-RAAgent -Namespace finance").AssertNoErrors();

        var agent = Assert.Single(Journal).Header("User-Agent");
        Assert.Matches(@"^RunAgents-PowerShell/\d+\.\d+\.\d+ PowerShell/7\.", agent);
    }
}
