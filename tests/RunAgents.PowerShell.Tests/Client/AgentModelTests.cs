using System.Text.Json;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>
/// What an agent holds beyond the API's fields: labels that are never null, a property for each value the
/// views show, and text for each nested value that says what it holds.
/// </summary>
public sealed class AgentModelTests
{
    [Theory]
    [InlineData("""{"name":"a","namespace":"n","labels":null}""")]
    [InlineData("""{"name":"a","namespace":"n"}""")]
    public void Labels_are_empty_rather_than_null(string json)
    {
        var agent = Read(json);

        Assert.NotNull(agent.Labels);
        Assert.Empty(agent.Labels);
        Assert.Equal(string.Empty, agent.Labels.ToString());
    }

    [Fact]
    public void Labels_read_as_key_value_pairs_in_key_order()
    {
        var agent = Read("""{"name":"a","namespace":"n","labels":{"team":"risk","app":"fraud","platform.ai/identity-provider":"azure-ad"}}""");

        Assert.Equal("risk", agent.Labels["team"]);
        Assert.Equal("app=fraud; platform.ai/identity-provider=azure-ad; team=risk", agent.Labels.ToString());
    }

    [Fact]
    public void Nested_values_read_as_what_they_hold()
    {
        var agent = Read("""
            {"name":"a","namespace":"n","spec":{"image":"registry.example/a:1","requiredTools":[{"name":"ledger-api"},{"name":null},{"name":"crm-api"}],
             "llmConfig":{"provider":"openai","model":"gpt-4o"},"env":[{"name":"A","value":"1"},{"name":"B","value":"x=y"}]},
             "status":{"phase":"Failed","message":"ImagePullBackOff"}}
            """);

        Assert.Equal(["ledger-api", "crm-api"], agent.Tools);
        Assert.Equal("ledger-api, crm-api", agent.Tools.ToString());
        Assert.Equal("A=1; B=x=y", agent.Env.ToString());
        Assert.Equal("registry.example/a:1", agent.Spec!.ToString());
        Assert.Equal("Failed", agent.Status!.ToString());
        Assert.Equal(("registry.example/a:1", "openai", "gpt-4o", "ImagePullBackOff"), (agent.Image, agent.Provider, agent.Model, agent.StatusMessage));
    }

    [Fact]
    public void An_agent_without_a_spec_has_empty_collections_and_no_values()
    {
        var agent = Read("""{"name":"a","namespace":"n"}""");

        Assert.Empty(agent.Tools);
        Assert.Empty(agent.Env);
        Assert.Equal(string.Empty, agent.Env.ToString());
        Assert.Null(agent.Image);
        Assert.Null(agent.Provider);
        Assert.Null(agent.SystemPrompt);
        Assert.Null(agent.StatusMessage);
    }

    private static Agent Read(string json) => JsonSerializer.Deserialize(json, RunAgentsJsonContext.Default.Agent)!;
}
