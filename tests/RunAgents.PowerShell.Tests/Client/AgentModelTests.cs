using System.Text.Json;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>
/// What an agent holds beyond the API's fields: labels that are never null, the fields the module does not
/// model as plain values, and text for each nested value that says what it holds.
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
    public void Fields_the_module_does_not_model_are_kept_as_plain_values()
    {
        var agent = Read("""
            {"name":"a","namespace":"n","createdAt":"2026-11-29T10:00:00Z","generation":7,"ratio":0.25,"paused":false,
             "owner":null,"finalizers":["x",2,{"k":"v"}],"annotations":{"runagents.io/owner":"team-ops","depth":{"more":true}},
             "spec":{"image":"img","replicas":2},"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}
            """);

        var fields = agent.AdditionalFields;
        Assert.Equal(["createdAt", "generation", "ratio", "paused", "owner", "finalizers", "annotations"], fields.Keys);
        Assert.Equal("2026-11-29T10:00:00Z", fields["createdAt"]);
        Assert.Equal(7L, fields["generation"]);
        Assert.Equal(0.25, fields["ratio"]);
        Assert.Equal(false, fields["paused"]);
        Assert.Null(fields["owner"]);
        var finalizers = Assert.IsType<object?[]>(fields["finalizers"]);
        Assert.Equal("x", finalizers[0]);
        Assert.Equal(2L, finalizers[1]);
        Assert.Equal("v", Assert.IsType<JsonFields>(finalizers[2])["k"]);
        Assert.Equal("2026-11-29T10:00:00Z", fields["CREATEDAT"]);
        var annotations = Assert.IsType<JsonFields>(fields["annotations"]);
        Assert.Equal("team-ops", annotations["runagents.io/owner"]);
        Assert.Equal(true, Assert.IsType<JsonFields>(annotations["depth"])["more"]);
        Assert.Equal(2L, agent.Spec!.AdditionalFields["replicas"]);
        Assert.Equal("Ready", Assert.IsType<JsonFields>(Assert.IsType<object?[]>(agent.Status!.AdditionalFields["conditions"])[0])["type"]);
        Assert.Empty(Read("""{"name":"a","namespace":"n","spec":{}}""").Spec!.AdditionalFields);
    }

    [Fact]
    public void Fields_the_module_does_not_model_read_as_compact_json()
    {
        var agent = Read("""{"name":"a","namespace":"n", "createdAt" : "2026-11-29",  "annotations":{ "a/b":"café <x>" },"n":[1, 2.5]}""");

        Assert.Equal("""{"createdAt":"2026-11-29","annotations":{"a/b":"café <x>"},"n":[1,2.5]}""", agent.AdditionalFields.ToString());
        Assert.Equal(string.Empty, Read("""{"name":"a","namespace":"n"}""").AdditionalFields.ToString());
    }

    [Fact]
    public void Control_characters_in_fields_the_module_does_not_model_are_shown_not_obeyed()
    {
        var agent = Read("{\"name\":\"a\",\"namespace\":\"n\",\"note\\u001b[2J\":\"\\u001b]0;owned\\u0007 \u009b31m \u007f\",\"list\":[\"\\u001b[31m\"]}");

        var fields = agent.AdditionalFields;
        Assert.Equal("\u241b]0;owned\u2407 \ufffd31m \u2421", fields["note\u241b[2J"]);
        Assert.Equal("\u241b[31m", Assert.IsType<object?[]>(fields["list"])[0]);
        Assert.DoesNotContain(fields.ToString(), c => char.IsControl(c));
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
