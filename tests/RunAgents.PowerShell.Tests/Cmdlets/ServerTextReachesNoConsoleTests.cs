using RunAgents.MockServer;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>
/// What a 200 answer carries reaches objects without the key, whole or cut short, and without control
/// characters: agents' fields, an invoke's answer, and the server's error text.
/// </summary>
public sealed class ServerTextReachesNoConsoleTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    private static readonly string s_prefix = TestKeys.Valid[..10];

    [Fact]
    public void A_key_an_agent_carries_in_a_200_list_or_get_never_reaches_the_objects_or_Raw()
    {
        var agent = "{\"name\":\"fraud-detector\",\"namespace\":\"finance\",\"labels\":{\"owner\":\"" + TestKeys.Valid + "\"},"
            + "\"spec\":{\"systemPrompt\":\"use " + TestKeys.Valid + " and " + s_prefix + "\"},\"status\":{\"phase\":\"Running\",\"message\":\"key " + TestKeys.Valid + "\"}}";
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/api/agents/finance/fraud-detector", Status = 200, Body = agent, Count = 2 });
        Server.AddFault(new FaultRule { Method = "GET", Status = 200, Body = "[" + agent + "]", Count = 2 });

        var result = RunConnected("""
            Get-RAAgent finance fraud-detector | ConvertTo-Json -Depth 6; Get-RAAgent | ConvertTo-Json -Depth 6
            Get-RAAgent finance fraud-detector -Raw; Get-RAAgent -Raw
            """).AssertNoErrors();

        Assert.Equal(4, result.Output.Count);
        Assert.All(result.Output, o => Assert.DoesNotContain(s_prefix, o.ToString()));
        Assert.All(result.Output, o => Assert.Contains(TestKeys.ValidHint, o.ToString()));
    }

    [Fact]
    public void A_key_an_agent_echoes_in_its_answer_never_reaches_the_answer_or_Raw()
    {
        var body = $$"""{"response":"your key is {{TestKeys.Valid}}","echo":"{{s_prefix}}"}""";
        Server.AddFault(new FaultRule { Method = "POST", Status = 200, Body = body, Count = 2 });

        var result = RunConnected("Invoke-RAAgent support support-triage -Message hi | ConvertTo-Json -Depth 5; Invoke-RAAgent support support-triage -Message hi -Raw").AssertNoErrors();

        Assert.Equal(2, result.Output.Count);
        Assert.All(result.Output, o => Assert.DoesNotContain(s_prefix, o.ToString()));
    }

    [Fact]
    public void Escape_sequences_in_a_status_message_and_an_error_text_are_shown_not_obeyed()
    {
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/api/agents/finance/fraud-detector", Status = 200,
            Body = """{"name":"fraud-detector","namespace":"finance","status":{"phase":"Failed\u001b[31m","message":"\u001b]0;owned\u0007crashed"}}""" });
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/api/agents/finance/ghost", Status = 400, Body = """{"error":"bad \u001b[2J request"}""" });

        var result = RunConnected("Get-RAAgent finance fraud-detector | ForEach-Object { $_.Status.Message; $_.Phase }; Get-RAAgent finance ghost");

        var text = string.Join("\n", result.AllText());
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\u0007', text);
        Assert.Contains("\u241b]0;owned\u2407crashed", text);
        Assert.Contains("bad \u241b[2J request", result.SingleError().ToString());
    }
}
