using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>The names a deploy may create (DNS labels), and the field a misspelt one was meant to be.</summary>
public sealed class DeployNamesTests
{
    [Theory]
    [InlineData("payment-agent")]
    [InlineData("a")]
    [InlineData("agent-2")]
    [InlineData("0abc")]
    public void A_DNS_label_is_a_name_a_deploy_can_create(string name)
    {
        Assert.Null(AgentPath.LabelProblem(name));
    }

    [Theory]
    [InlineData("../../etc", "slash")]
    [InlineData("Payment Agent", "capital letters")]
    [InlineData("payment agent", "a space")]
    [InlineData("pay_ment", "'_'")]
    [InlineData("pay.ment", "'.'")]
    [InlineData("-payment", "starts with '-'")]
    [InlineData("payment-", "ends with '-'")]
    [InlineData("pay\u001bment", "U+001B")]
    [InlineData("pay\nment", "U+000A")]
    [InlineData("", "empty")]
    public void Anything_else_is_refused_with_why(string name, string why)
    {
        Assert.Contains(why, AgentPath.LabelProblem(name));
    }

    [Fact]
    public void A_label_is_at_most_63_characters()
    {
        Assert.Null(AgentPath.LabelProblem(new string('a', 63)));
        Assert.Contains("64 characters long", AgentPath.LabelProblem(new string('a', 64)));
    }

    [Theory]
    [InlineData("Payment Agent", "payment-agent")]
    [InlineData("Fin_Ops", "fin-ops")]
    [InlineData("my.agent ", "my-agent")]
    [InlineData("pay\u001bment", null)]
    [InlineData("../../etc", null)]
    [InlineData("payment-agent", null)]
    public void A_name_near_a_label_suggests_it(string name, string? label)
    {
        Assert.Equal(label, AgentPath.AsLabel(name));
    }

    [Theory]
    [InlineData("requiredTools", "required_tools")]
    [InlineData("Required-Tools", "required_tools")]
    [InlineData("requierd_tools", "required_tools")]
    [InlineData("agentName", "agent_name")]
    [InlineData("Policies", "policies")]
    [InlineData("sytem_prompt", "system_prompt")]
    [InlineData("llmConfigs", "llm_configs")]
    [InlineData("replicas", null)]
    [InlineData("x", null)]
    public void A_misspelt_field_finds_the_one_meant(string given, string? meant)
    {
        Assert.Equal(meant, NearestName.Of(given, DeployFields.Names));
    }

    [Fact]
    public void The_fields_are_the_Deploy_APIs()
    {
        Assert.Equal(
            ["agent_name", "namespace", "image", "source_files", "artifact_id", "draft_id", "system_prompt", "required_tools", "tool_url_mappings",
             "tools_to_create", "llm_configs", "llm_config", "env", "requirements", "entry_point", "framework", "identity_provider", "policies"],
            DeployFields.Names);
        Assert.Equal(["name", "base_url", "description", "auth_type", "port", "scheme"], DeployFields.FieldsOf("tools_to_create").Select(f => f.Name));
        Assert.Equal(["provider", "model", "role"], DeployFields.FieldsOf("llm_configs").Select(f => f.Name));
        Assert.Equal(["name", "value"], DeployFields.FieldsOf("env").Select(f => f.Name));
    }
}
