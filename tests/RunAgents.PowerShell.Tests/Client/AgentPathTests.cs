using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>Names and namespaces are single path segments: escaped on the way out, refused when they cannot be names.</summary>
public sealed class AgentPathTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    public static TheoryData<string, string, string> Escaped => new()
    {
        { "team space", "my agent", "/api/agents/team%20space/my%20agent" },
        { "fin%ance", "100%", "/api/agents/fin%25ance/100%25" },
        { "équipe", "agent-日本", "/api/agents/%C3%A9quipe/agent-%E6%97%A5%E6%9C%AC" },
        { "q?x", "h#y", "/api/agents/q%3Fx/h%23y" },
        { "a+b", "c&d=e", "/api/agents/a%2Bb/c%26d%3De" },
    };

    [Theory]
    [MemberData(nameof(Escaped))]
    public async Task Names_reach_the_server_as_one_escaped_segment_each(string ns, string name, string rawTarget)
    {
        Server.PutAgent(System.Text.Json.JsonSerializer.Serialize(new { name, @namespace = ns, status = new { phase = "Running" } }));

        var agent = await Client().GetAgentAsync(ns, name, null, CancellationToken.None);

        Assert.Equal(name, agent.Name);
        Assert.Equal(ns, agent.Namespace);
        var request = Assert.Single(Journal);
        Assert.Equal(rawTarget, request.RawTarget);
        Assert.Equal(["api", "agents", ns, name], request.Segments);
    }

    [Fact]
    public async Task Invoke_and_delete_escape_the_same_way()
    {
        Server.PutAgent("""{"name":"my agent","namespace":"team space","status":{"phase":"Running"}}""");
        var client = Client();

        await client.InvokeAgentAsync("team space", "my agent", "{}", null, CancellationToken.None);
        await client.DeleteAgentAsync("team space", "my agent", null, CancellationToken.None);

        Assert.Equal(["/api/agents/team%20space/my%20agent/invoke", "/api/agents/team%20space/my%20agent"], Journal.Select(e => e.RawTarget));
        Assert.False(Server.HasAgent("team space", "my agent"));
    }

    public static TheoryData<string> Refused => new()
    {
        string.Empty,
        "   ",
        "a/b",
        "/",
        "a\\b",
        "..",
        "a..b",
        ".",
        "tab\there",
        "new\nline",
        "nul\0char",
        "bell\u0007",
        new string('a', 254),
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Problem_explains_why_a_value_cannot_be_a_name(string value)
    {
        Assert.NotNull(AgentPath.Problem(value));
    }

    [Theory]
    [InlineData("payment-agent")]
    [InlineData("my agent")]
    [InlineData("agent.v2")]
    [InlineData("日本")]
    public void Problem_accepts_names_the_platform_can_hold(string value)
    {
        Assert.Null(AgentPath.Problem(value));
        Assert.Null(AgentPath.Problem(new string('a', AgentPath.MaxLength)));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Refused_names_send_no_request(string value)
    {
        var client = Client();

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetAgentAsync("finance", value, null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetAgentAsync(value, "fraud-detector", null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => client.DeleteAgentAsync("finance", value, null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => client.InvokeAgentAsync(value, "fraud-detector", "{}", null, CancellationToken.None));

        Assert.Empty(Journal);
    }

    [Fact]
    public void The_refusal_names_the_reason_and_prints_control_characters_safely()
    {
        var e = Assert.Throws<ArgumentException>(() => ApiRoutes.Resolve(ApiGeneration.Namespaced, ApiOperation.GetAgent, "finance", "a/b"));
        Assert.Contains("slash", e.Message);
        Assert.Contains("U+0009", AgentPath.Problem("tab\there"));
        Assert.Contains("254", AgentPath.Problem(new string('a', 254)));
    }
}
