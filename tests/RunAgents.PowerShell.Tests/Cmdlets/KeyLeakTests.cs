using RunAgents.MockServer;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>
/// The key never shows: not in an object, its JSON or its formatting, not in a verbose, debug or
/// warning line, not in an error, its details or its exception — even when the server quotes it back.
/// </summary>
public sealed class KeyLeakTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    // Enough of each key that finding it anywhere means the key leaked; the masked hint shows only the last four.
    private static readonly string[] s_secrets = TestKeys.All.Select(k => k[..^4]).ToArray();

    [Fact]
    public void A_battery_of_commands_with_Verbose_and_Debug_never_shows_the_key()
    {
        // The server quotes the key back in an error, an HTML page and a plain-text 500.
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/api/agents/finance/quoted", Status = 400, Body = Wire.Error($"bad key Bearer {TestKeys.Valid}") });
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/api/agents/finance/html", Status = 200, ContentType = "text/html", Body = $"<p>{TestKeys.Valid}</p>" });
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/api/agents/finance/plain", Status = 500, ContentType = "text/plain", Body = $"key={TestKeys.Valid}" });
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/api/agents/finance/slow", DelayMs = 3000 });
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/api/agents/finance/dropped", Drop = true, Count = 2 });
        Server.AddFault(new FaultRule { Method = "POST", PathPrefix = "/api/agents/support/support-triage", Status = 502, Body = Wire.Error($"agent said {TestKeys.Valid}") });
        var shell = Shell();
        shell.SetVariable("WrongKey", TestShell.Secure(TestKeys.Wrong));
        shell.SetVariable("WorkspaceKey", TestShell.Secure(TestKeys.Workspace));

        var result = shell.Run("""
            $VerbosePreference = 'Continue'
            $DebugPreference = 'Continue'
            $connection = Connect-RAService -Uri $Uri -ApiKey $ApiKey -PassThru -Verbose
            $connection
            $connection | Format-List * -Force | Out-String
            $connection | ConvertTo-Json -Depth 5
            Get-RAConnection | Format-Table -AutoSize | Out-String
            Get-RAAgent -Verbose -Debug | ConvertTo-Json -Depth 10
            Get-RAAgent -Namespace finance -Name fraud-detector -Verbose -Debug | Format-List * -Force | Out-String
            Get-RAAgent -Namespace finance -Name ghost -Verbose -Debug
            Get-RAAgent -Namespace finance -Name quoted -Verbose -Debug
            Get-RAAgent -Namespace finance -Name html -Verbose -Debug
            Get-RAAgent -Namespace finance -Name plain -Verbose -Debug
            Get-RAAgent -Namespace finance -Name slow -TimeoutSec 1 -Verbose -Debug
            Get-RAAgent -Namespace finance -Name dropped -MaxRetryCount 1 -Verbose -Debug
            Get-RAAgent -Namespace finance -Name 'a/b'
            Invoke-RAAgent -Namespace support -Name support-triage -Message hi -Verbose -Debug
            Invoke-RAAgent -Namespace finance -Name invoice-processor -Message hi -Verbose -Debug | ConvertTo-Json -Depth 10
            Invoke-RAAgent -Namespace finance -Name invoice-processor -Message 'approval:pay' -Verbose -Debug | Format-List * -Force | Out-String
            Invoke-RAAgent -Namespace finance -Name invoice-processor -Message 'approval:pay' -Verbose -Debug -WarningAction Continue | Out-String
            Invoke-RAAgent -Namespace finance -Name invoice-processor -Message hi -Raw -Verbose -Debug
            Invoke-RAAgent -Namespace finance -Name fraud-detector -Message hi -Verbose -Debug
            Invoke-RAAgent -Namespace finance -Name invoice-processor -Message 'status:401 nope' -Verbose -Debug
            try { Invoke-RAAgent -Namespace finance -Name invoice-processor -Body 'not json' } catch { $_ | Format-List * -Force | Out-String }
            Remove-RAAgent -Namespace finance -Name expense-auditor -WhatIf -Verbose -Debug
            Remove-RAAgent -Namespace finance -Name ghost -Force -Verbose -Debug
            Remove-RAAgent -Namespace finance -Name expense-auditor -Force -PassThru -Verbose -Debug | ConvertTo-Json -Depth 10
            Wait-RAAgent -Namespace finance -Name invoice-processor -Verbose -Debug | Out-String
            Wait-RAAgent -Namespace agent-system -Name policy-guard -Timeout 1 -PollIntervalSec 1 -Verbose -Debug
            Connect-RAService -Uri $Uri -ApiKey $WrongKey -Verbose
            Get-RAAgent -Verbose -Debug
            Get-RAAgent -Namespace finance -Name fraud-detector -Verbose -Debug
            Connect-RAService -Uri $Uri -ApiKey $WorkspaceKey -PassThru -Verbose | ConvertTo-Json
            Get-RAAgent -Namespace finance -Name quoted -Verbose -Debug
            Disconnect-RAService -Verbose
            try { Connect-RAService -Uri 'http://agents.example.com' -ApiKey $ApiKey } catch { $_ | Format-List * -Force | Out-String }
            $Error | Format-List * -Force | Out-String
            $Error | ForEach-Object { $_.Exception | Format-List * -Force | Out-String; $_.ErrorDetails | Format-List * -Force | Out-String }
            $Error | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue
            """);

        Assert.Null(result.Terminating);
        Assert.True(result.Errors.Count >= 12, $"The battery should have produced its errors, got {result.Errors.Count}.");
        Assert.NotEmpty(result.Verbose);
        Assert.NotEmpty(result.Debug);
        Assert.NotEmpty(result.Warnings);
        Assert.Contains(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("InvalidRequest,", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("AuthenticationFailed,", StringComparison.Ordinal));
        AssertNoSecret(result.AllText());
        Assert.Contains(result.AllText(), t => t.Contains(TestKeys.ValidHint, StringComparison.Ordinal));
        Assert.Contains(result.AllText(), t => t.Contains("\"KeyHint\": \"" + TestKeys.ValidHint, StringComparison.Ordinal));
    }

    [Fact]
    public void A_server_message_that_quotes_the_key_is_shown_with_the_hint_instead()
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 400, Body = Wire.Error($"key {TestKeys.Valid} is malformed") });

        var result = RunConnected("Get-RAAgent -Namespace finance -Name fraud-detector");

        var error = result.SingleError();
        Assert.Contains($"key {TestKeys.ValidHint} is malformed", error.ToString());
        AssertNoSecret(PSResult.ErrorTexts(error));
    }

    [Fact]
    public void A_server_message_that_quotes_the_start_of_the_key_hides_that_too()
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 400, Body = Wire.Error($"key {TestKeys.Valid[..12]}... is malformed") });

        var result = RunConnected("Get-RAAgent -Namespace finance -Name fraud-detector");

        var error = result.SingleError();
        Assert.Contains($"key {TestKeys.ValidHint}... is malformed", error.ToString());
        AssertNoSecret(PSResult.ErrorTexts(error));
        Assert.All(PSResult.ErrorTexts(error), t => Assert.DoesNotContain(TestKeys.Valid[..8], t));
    }

    [Fact]
    public void A_key_cut_by_the_excerpt_of_a_body_does_not_show_its_start()
    {
        // The excerpt keeps 512 bytes: the cut falls twelve characters into the key.
        Server.AddFault(new FaultRule { Method = "GET", Status = 200, ContentType = "text/html", Body = new string('x', 500) + TestKeys.Valid });

        var result = RunConnected("Get-RAAgent -Namespace finance -Name fraud-detector");

        var error = result.SingleError();
        Assert.StartsWith("InvalidResponse,", error.FullyQualifiedErrorId);
        Assert.Contains("xxx" + TestKeys.ValidHint, error.ToString());
        Assert.All(PSResult.ErrorTexts(error), t => Assert.DoesNotContain(TestKeys.Valid[..8], t));
    }

    [Fact]
    public void A_key_cut_by_the_debug_trace_of_a_body_does_not_show_its_start()
    {
        // The trace keeps 2,048 characters of a body: the cut falls ten characters into the key.
        const string prefix = "{\"name\":\"fraud-detector\",\"namespace\":\"finance\",\"spec\":{\"systemPrompt\":\"";
        var body = prefix + new string('x', 2038 - prefix.Length) + TestKeys.Valid + "\"}}";
        Server.AddFault(new FaultRule { Method = "GET", Status = 200, Body = body });

        var result = RunConnected("Get-RAAgent -Namespace finance -Name fraud-detector -Debug | Out-Null").AssertNoErrors();

        var trace = Assert.Single(result.Debug, d => d.Contains("response body", StringComparison.Ordinal));
        Assert.Contains("xxx" + TestKeys.ValidHint, trace);
        Assert.DoesNotContain(TestKeys.Valid[..8], trace);
    }

    [Fact]
    public void A_key_from_the_environment_does_not_show_either()
    {
        State.SetVariable(PowerShell.Client.ConnectionSettings.KeyVariable, TestKeys.Valid);
        State.SetVariable(PowerShell.Client.ConnectionSettings.EndpointVariable, Server.BaseUri.ToString());

        var result = Shell(key: null).Run("""
            Get-RAConnection -Verbose | ConvertTo-Json
            Get-RAAgent -Namespace finance -Verbose -Debug | Out-String
            Get-ChildItem env:RUNAGENTS_ENDPOINT | Out-String
            """).AssertNoErrors();

        AssertNoSecret(result.AllText());
    }

    [Fact]
    public void A_key_from_a_config_file_does_not_show_in_its_warnings()
    {
        State.WriteConfig($$"""{"api_key":"{{TestKeys.Valid}}", "endpoint": }""");

        var result = Shell(key: null).Run("Get-RAConnection -Verbose; try { Get-RAAgent } catch { $_ | Format-List * -Force | Out-String }");

        Assert.Contains(result.Warnings, w => w.Contains("config.json"));
        AssertNoSecret(result.AllText());
    }

    private static void AssertNoSecret(IEnumerable<string> texts)
    {
        var all = texts.ToList();
        Assert.NotEmpty(all);
        foreach (var text in all)
        {
            foreach (var secret in s_secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A key leaked into: {text}");
            }
        }
    }
}
