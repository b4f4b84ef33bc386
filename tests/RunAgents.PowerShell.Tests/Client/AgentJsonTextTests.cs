using RunAgents.MockServer;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>
/// The JSON text of each agent, for Get-RAAgent -Raw: exactly what the server sent for it, but never the key
/// and never a character that a terminal would obey; and a body that is not the list is still an error.
/// </summary>
public sealed class AgentJsonTextTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    private const string AgentA = """{ "name" : "a",  "namespace":"n", "createdAt":"2026-11-29T10:00:00Z", "spec":{"image":"caf\u00e9","replicas":2} }""";
    private const string AgentB = """{"name":"b","namespace":"n","status":{"phase":"Failed","message":"x\"y"}}""";

    [Fact]
    public async Task Each_listed_agent_keeps_its_text_as_the_server_sent_it()
    {
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/api/agents", Status = 200, Body = "[\n  " + AgentA + ",\n  null,\n  " + AgentB + "\n]" });

        var agents = await Client().ListAgentsWithJsonAsync(null, CancellationToken.None).Collect();

        Assert.Equal([AgentA, AgentB], agents.Select(a => a.Json));
        Assert.Equal(["a", "b"], agents.Select(a => a.Name));
        Assert.Equal("Failed", agents[1].Phase);
    }

    [Fact]
    public async Task A_single_agent_keeps_the_whole_document_and_a_plain_list_keeps_no_text()
    {
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/api/agents/n/a", Status = 200, Body = AgentA + "\n" });

        var agent = await Client().GetAgentAsync("n", "a", null, CancellationToken.None);
        var listed = await Client().ListAgentsAsync(null, CancellationToken.None).Collect();

        Assert.Equal(AgentA + "\n", agent.Json);
        Assert.All(listed, a => Assert.Null(a.Json));
    }

    [Fact]
    public async Task The_text_never_holds_the_key_nor_a_character_a_terminal_obeys()
    {
        // Valid JSON: DEL and C1 controls may stand unescaped in a string, a lone CR between tokens.
        var agent = "{\"name\":\"a\",\"namespace\":\"n\",\r\"note\":\"" + TestKeys.Valid + " " + TestKeys.Valid[..9] + " \u009b2J \u007f\"}";
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/api/agents/n/a", Status = 200, Body = agent });
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/api/agents", Status = 200, Body = "[" + agent + "]" });

        var single = await Client().GetAgentAsync("n", "a", null, CancellationToken.None);
        var listed = Assert.Single(await Client().ListAgentsWithJsonAsync(null, CancellationToken.None).Collect());

        foreach (var text in new[] { single.Json!, listed.Json! })
        {
            Assert.DoesNotContain(TestKeys.Valid[..8], text);
            Assert.Contains(TestKeys.ValidHint, text);
            Assert.DoesNotContain(text, c => char.IsControl(c));
            Assert.Contains(",\u240d\"note\"", text);
            Assert.Contains(" \ufffd2J \u2421", text);
        }
    }

    [Theory]
    [InlineData("""[{"name":"a","namespace":"n"},{"name":"b",,]""")]
    [InlineData("""[{"name":"a","namespace":"n","spec":5}]""")]
    [InlineData("""{"name":"a","namespace":"n"}""")]
    public async Task A_body_that_is_not_a_list_of_agents_is_an_invalid_response(string body)
    {
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/api/agents", Status = 200, Body = body });

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().ListAgentsWithJsonAsync(null, CancellationToken.None).Collect());

        Assert.Equal(ApiFailure.InvalidResponse, e.Failure);
        Assert.Equal(200, e.StatusCode);
    }
}
