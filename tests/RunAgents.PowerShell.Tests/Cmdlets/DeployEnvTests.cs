using System.Management.Automation;
using System.Text.Json;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>
/// -Env sends each value as the text the agent reads: a SecureString's own value, never shown on any stream;
/// a PSCredential or anything that is not one value is refused rather than sent as its type name.
/// </summary>
public sealed class DeployEnvTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    // Quotes, a backslash and a letter outside ASCII, which JSON escapes: the mask must hide the escaped form too.
    private const string Secret = "s3cr3t-\"db\"\\pa\u00dfword";

    [Theory]
    [InlineData("")]
    [InlineData("api/v1/workspaces/ops/")]
    public void A_SecureString_is_sent_as_its_value_and_shown_on_no_stream(string generationPath)
    {
        var (host, shell) = ConsoleShell(generationPath);

        var result = shell.Run("Deploy-RAAgent -Name env-agent -Image registry.example/e:1 -Env @{ DB_PASSWORD = $Secret; LOG_LEVEL = 'info' } -Verbose -Debug").AssertNoErrors();

        var env = Assert.Single(Journal).JsonBody().GetProperty("env");
        Assert.Equal(
            JsonSerializer.Serialize(new[] { new { name = "DB_PASSWORD", value = Secret }, new { name = "LOG_LEVEL", value = "info" } }),
            env.GetRawText());
        var body = Assert.Single(result.Debug, line => line.Contains("request body", StringComparison.Ordinal));
        Assert.Contains("{\"name\":\"DB_PASSWORD\",\"value\":\"********\"}", body);
        Assert.Contains("{\"name\":\"LOG_LEVEL\",\"value\":\"info\"}", body);
        AssertNowhere(result, host);
    }

    [Fact]
    public void WhatIf_sends_nothing_and_shows_no_secret()
    {
        var (host, shell) = ConsoleShell(string.Empty);

        var result = shell.Run("Deploy-RAAgent -Name env-agent -Image registry.example/e:1 -Env @{ DB_PASSWORD = $Secret } -WhatIf -Verbose -Debug").AssertNoErrors();

        Assert.Empty(Journal);
        Assert.Contains(host.Lines, line => line.StartsWith("What if:", StringComparison.Ordinal));
        AssertNowhere(result, host);
    }

    [Fact]
    public void The_secret_is_in_no_error_when_the_platform_refuses_the_deploy()
    {
        Server.AddFault(new MockServer.FaultRule { Method = "POST", Status = 400, Body = Wire.Error("image is not allowed") });
        var (host, shell) = ConsoleShell(string.Empty);

        var result = shell.Run("Deploy-RAAgent -Name env-agent -Image registry.example/e:1 -Env @{ DB_PASSWORD = $Secret } -Verbose -Debug");

        ErrorAssert.Is(result.SingleError(), "InvalidRequest", "DeployRAAgentCommand", ErrorCategory.InvalidArgument, "env-agent", "image is not allowed");
        AssertNowhere(result, host);
    }

    [Fact]
    public void A_PSCredential_is_refused_with_what_to_pass_instead()
    {
        var (host, shell) = ConsoleShell(string.Empty);
        shell.SetVariable("Credential", new PSCredential("app", TestShell.Secure(Secret)));

        var result = shell.Run("Deploy-RAAgent -Name env-agent -Image registry.example/e:1 -Env @{ DB = $Credential } -Verbose -Debug");

        var error = result.SingleError();
        ErrorAssert.Is(error, "InvalidDeployment", "DeployRAAgentCommand", ErrorCategory.InvalidArgument, "env-agent", "-Env 'DB' is a PSCredential", "$credential.UserName", "DB_PASSWORD = $credential.Password");
        Assert.Empty(Journal);
        AssertNowhere(result, host);
    }

    [Theory]
    [InlineData("@{ nested = 'x' }", "Hashtable")]
    [InlineData("@('a', 'b')", "Object[]")]
    [InlineData("{ 'a script' }", "ScriptBlock")]
    [InlineData("[pscustomobject]@{ a = 1 }", "PSCustomObject")]
    [InlineData("(New-Object System.Object)", "Object")]
    [InlineData("([System.Collections.Generic.List[string]]::new())", "List`1")]
    public void A_value_that_is_not_one_value_is_refused_rather_than_sent_as_its_type_name(string value, string typeName)
    {
        var result = RunConnected($"Deploy-RAAgent -Name env-agent -Image registry.example/e:1 -Env @{{ SETTINGS = {value} }}");

        ErrorAssert.Is(result.SingleError(), "InvalidDeployment", "DeployRAAgentCommand", ErrorCategory.InvalidArgument, "env-agent", $"-Env 'SETTINGS' is a {typeName}, not one value", "ConvertTo-Json -Compress");
        Assert.Empty(Journal);
    }

    [Fact]
    public void Numbers_and_booleans_are_sent_as_invariant_text_whatever_the_culture()
    {
        var result = RunConnected("""
            [System.Globalization.CultureInfo]::CurrentCulture = 'de-DE'
            Deploy-RAAgent -Name env-agent -Image registry.example/e:1 -Env @{
                RATIO = 1.5; COUNT = 42; BIG = 12345678901234; PRICE = [decimal]::Parse('2.50', [cultureinfo]::InvariantCulture); DEBUG = $true; QUIET = $false
                LEVEL = [System.DayOfWeek]::Monday; SINCE = [datetime]::new(2026, 1, 2, 3, 4, 5, [System.DateTimeKind]::Utc)
            }
            """).AssertNoErrors();

        var env = Assert.Single(Journal).JsonBody().GetProperty("env").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("value").GetString());
        Assert.Equal("1.5", env["RATIO"]);
        Assert.Equal("42", env["COUNT"]);
        Assert.Equal("12345678901234", env["BIG"]);
        Assert.Equal("2.50", env["PRICE"]);
        Assert.Equal("true", env["DEBUG"]);
        Assert.Equal("false", env["QUIET"]);
        Assert.Equal("Monday", env["LEVEL"]);
        Assert.Equal("2026-01-02T03:04:05.0000000Z", env["SINCE"]);
    }

    private static void AssertNowhere(PSResult result, RecordingHost host)
    {
        foreach (var text in result.AllText().Concat(host.Lines))
        {
            Assert.DoesNotContain("s3cr3t", text, StringComparison.Ordinal);
            Assert.DoesNotContain("System.Security.SecureString", text, StringComparison.Ordinal);
        }
    }

    private (RecordingHost Host, TestShell Shell) ConsoleShell(string generationPath)
    {
        var host = new RecordingHost();
        var shell = Own(new TestShell(new Uri(Server.BaseUri, generationPath), TestKeys.Valid, host));
        shell.SetVariable("Secret", TestShell.Secure(Secret));
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey").AssertNoErrors();
        Server.ClearJournal();
        return (host, shell);
    }
}
