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
    public void Debug_shows_the_response_body()
    {
        var result = RunConnected("Get-RAAgent -Namespace finance -Name fraud-detector -Debug").AssertNoErrors();

        var line = Assert.Single(result.Debug);
        Assert.Contains("response body", line);
        Assert.Contains("\"name\":\"fraud-detector\"", line);
    }

    [Fact]
    public void Debug_shows_the_list_body()
    {
        var result = RunConnected("Get-RAAgent -Debug").AssertNoErrors();

        Assert.Contains(result.Debug, l => l.Contains("response body") && l.Contains("payment-agent"));
    }

    [Fact]
    public void Debug_shows_the_request_and_response_bodies_of_an_invoke()
    {
        var result = RunConnected("Invoke-RAAgent -Namespace support -Name support-triage -Message hello -Debug").AssertNoErrors();

        Assert.Contains(result.Debug, l => l.Contains("request body") && l.Contains("""{"message":"hello"}"""));
        Assert.Contains(result.Debug, l => l.Contains("response body") && l.Contains("Echo: hello"));
    }

    [Fact]
    public void Debug_cuts_a_long_body_short()
    {
        Server.Seed("200");

        var result = RunConnected("Get-RAAgent -Debug").AssertNoErrors();

        var line = Assert.Single(result.Debug);
        Assert.True(line.Length < 4000, "A debug line should not print a 100 KB body.");
        Assert.Matches(@"response body \(\d{5,} bytes\)", line);
    }
}
