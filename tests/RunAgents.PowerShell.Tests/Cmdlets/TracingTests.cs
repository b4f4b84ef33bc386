using System.Management.Automation;
using System.Text.RegularExpressions;
using RunAgents.MockServer;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>-Verbose shows one line per request; -Debug shows the bodies.</summary>
public sealed class TracingTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Fact]
    public void Verbose_shows_one_line_per_request_with_method_url_status_and_time()
    {
        var result = RunConnected("Get-RAAgent -Verbose").AssertNoErrors();

        var line = Assert.Single(result.Verbose);
        Assert.Matches(new Regex("^GET " + Regex.Escape(Server.BaseUri + "api/agents") + @" -> 200 OK in \d+ ms"), line);
    }

    [Fact]
    public void Verbose_shows_each_request_of_an_exact_get_and_a_failure()
    {
        var result = RunConnected("Get-RAAgent -Namespace finance -Name fraud-detector, ghost -Verbose");

        Assert.Equal(2, result.Verbose.Count);
        Assert.Matches(@"^GET \S+/api/agents/finance/fraud-detector -> 200 OK in \d+ ms", result.Verbose[0]);
        Assert.Matches(@"^GET \S+/api/agents/finance/ghost -> 404 Not Found in \d+ ms", result.Verbose[1]);
    }

    [Fact]
    public void Verbose_shows_a_retry_and_its_wait()
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 503, Headers = new Dictionary<string, string> { ["Retry-After"] = "1" } });

        var result = RunConnected("Get-RAAgent -Namespace finance -Name fraud-detector -Verbose").AssertNoErrors();

        Assert.Equal(2, result.Verbose.Count);
        Assert.Matches(@"^GET \S+ -> 503 Service Unavailable in \d+ ms.*retrying in 1 s", result.Verbose[0]);
        Assert.Matches(@"^GET \S+ -> 200 OK in \d+ ms", result.Verbose[1]);
    }

    [Fact]
    public void Without_Verbose_there_is_no_verbose_output()
    {
        var result = RunConnected("Get-RAAgent; Invoke-RAAgent support support-triage hi").AssertNoErrors();

        Assert.Empty(result.Verbose);
        Assert.Empty(result.Debug);
    }

    [Fact]
    public void VerbosePreference_turns_the_lines_on_as_well()
    {
        var result = RunConnected("$VerbosePreference = 'Continue'; Get-RAAgent -Namespace finance").AssertNoErrors();

        Assert.Contains(result.Verbose, l => l.StartsWith("GET ", StringComparison.Ordinal));
    }

    [Fact]
    public void Debug_shows_the_request_line_and_the_response_body()
    {
        var result = RunConnected("Get-RAAgent -Namespace finance -Name fraud-detector -Debug").AssertNoErrors();

        // -Debug alone would turn verbose lines into prompts, so the request line comes as a debug line.
        Assert.Empty(result.Verbose);
        Assert.Equal(2, result.Debug.Count);
        Assert.Matches(@"^GET \S+/api/agents/finance/fraud-detector -> 200 OK in \d+ ms", result.Debug[0]);
        Assert.Contains("response body", result.Debug[1]);
        Assert.Contains("\"name\":\"fraud-detector\"", result.Debug[1]);
    }

    [Theory]
    [InlineData("Get-RAAgent -Debug", "/api/agents -> 200")]
    [InlineData("Get-RAAgent -Namespace finance -Name fraud-detector -Debug", "fraud-detector -> 200")]
    [InlineData("Invoke-RAAgent -Namespace support -Name support-triage -Message hi -Debug", "Echo: hi")]
    [InlineData("Remove-RAAgent -Namespace finance -Name fraud-detector -Force -Debug", "Removed agent 'finance/fraud-detector'")]
    [InlineData("Wait-RAAgent -Namespace finance -Name invoice-processor -Debug", "is Running after")]
    [InlineData("Connect-RAService -Uri $Uri -ApiKey $ApiKey -Debug", "Connected to")]
    public void Debug_at_a_console_writes_debug_lines_and_asks_nothing(string script, string expected)
    {
        var (host, shell) = ConsoleShell();

        var result = shell.Run(script).AssertNoErrors();

        Assert.Empty(host.Prompts);
        Assert.Contains(result.Debug, l => l.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Debug_at_a_console_writes_every_agent_of_a_list_with_its_body()
    {
        var (host, shell) = ConsoleShell();

        var result = shell.Run("Get-RAAgent -Debug").AssertNoErrors();

        Assert.Empty(host.Prompts);
        Assert.Equal(9, result.Objects<Models.Agent>().Count);
        Assert.Contains(result.Debug, l => l.Contains("response body", StringComparison.Ordinal) && l.Contains("payment-agent", StringComparison.Ordinal));
    }

    [Fact]
    public void Debug_with_Verbose_keeps_the_request_line_verbose()
    {
        var (host, shell) = ConsoleShell();

        var result = shell.Run("Get-RAAgent -Namespace finance -Name fraud-detector -Debug -Verbose").AssertNoErrors();

        Assert.Empty(host.Prompts);
        Assert.Matches(@"^GET \S+ -> 200 OK", Assert.Single(result.Verbose));
        Assert.Contains("response body", Assert.Single(result.Debug));
    }

    [Fact]
    public void DebugPreference_shows_the_bodies_and_Debug_false_hides_them()
    {
        var (host, shell) = ConsoleShell();

        var shown = shell.Run("$DebugPreference = 'Continue'; Get-RAAgent -Namespace finance -Name fraud-detector").AssertNoErrors();
        var hidden = shell.Run("$DebugPreference = 'Continue'; Get-RAAgent -Namespace finance -Name fraud-detector -Debug:$false").AssertNoErrors();

        Assert.Empty(host.Prompts);
        Assert.Contains("response body", Assert.Single(shown.Debug));
        Assert.Empty(shown.Verbose);
        Assert.Empty(hidden.Debug);
        Assert.Empty(hidden.Verbose);
    }

    [Fact]
    public void A_failure_while_a_list_streams_is_the_one_the_user_sees()
    {
        // Headers at once, then a body that takes long to end: the list is still being read when the
        // request line asks its question, which a host that cannot prompt answers with an error.
        Server.AddFault(new FaultRule { Method = "GET", Status = 200, Body = new string(' ', 64 * 1024), Repeat = long.MaxValue });
        var (host, shell) = ConsoleShell();
        host.Interactive = false;

        var result = shell.Run("$VerbosePreference = 'Inquire'; Get-RAAgent");

        Assert.Single(host.Prompts);
        var error = result.SingleError();
        Assert.IsType<PSInvalidOperationException>(error.Exception);
        Assert.Contains("NonInteractive", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal("GET", Assert.Single(Journal).Method);
    }
}
