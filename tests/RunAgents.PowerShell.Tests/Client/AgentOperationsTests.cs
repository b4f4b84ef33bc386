using RunAgents.PowerShell.Models;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>The four calls of the Agents API, straight through the client.</summary>
public sealed class AgentOperationsTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Fact]
    public async Task List_returns_every_demo_agent_with_typed_fields()
    {
        var agents = await Client().ListAgentsAsync(null, CancellationToken.None).Collect();

        Assert.Equal(9, agents.Count);
        Assert.Equal(["agent-system", "finance", "support"], agents.Select(a => a.Namespace).Distinct().Order());
        var payment = Assert.Single(agents, a => a.Name == "payment-agent");
        Assert.Equal("agent-system", payment.Namespace);
        Assert.Equal("registry.runagents.io/payment-agent:a1b2c3", payment.Spec!.Image);
        Assert.Equal("You are a payment processing assistant.", payment.Spec.SystemPrompt);
        Assert.Equal("openai", payment.Spec.LlmConfig!.Provider);
        Assert.Equal("gpt-4o-mini", payment.Spec.LlmConfig.Model);
        Assert.Equal("gpt-4o-mini", payment.Model);
        Assert.Equal(["stripe-api"], payment.Spec.RequiredTools!.Select(t => t.Name));
        Assert.Contains(payment.Spec.Env!, e => e.Name == "LLM_PROVIDER" && e.Value == "openai");
        Assert.Equal("google-oidc", payment.Labels!["platform.ai/identity-provider"]);
        Assert.Equal(AgentPhase.Running, payment.Status!.Phase);
        Assert.Equal("agent-system/payment-agent", payment.ToString());
        Assert.Equal(2, agents.Count(a => a.Phase == AgentPhase.Failed));
        Assert.Equal(1, agents.Count(a => a.Phase == AgentPhase.Pending));

        var request = Assert.Single(Journal);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/agents", request.RawTarget);
    }

    [Fact]
    public async Task Get_returns_one_agent_from_its_own_url()
    {
        var agent = await Client().GetAgentAsync("finance", "fraud-detector", null, CancellationToken.None);

        Assert.Equal("fraud-detector", agent.Name);
        Assert.Equal("finance", agent.Namespace);
        Assert.Equal(AgentPhase.Failed, agent.Phase);
        Assert.StartsWith("ImagePullBackOff", agent.Status!.Message);
        Assert.Equal(["transaction-history", "risk-rules"], agent.Spec!.RequiredTools!.Select(t => t.Name));
        var request = Assert.Single(Journal);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/agents/finance/fraud-detector", request.RawTarget);
        Assert.Equal(200, request.Status);
    }

    [Fact]
    public async Task Delete_really_removes_the_agent()
    {
        Assert.True(Server.HasAgent("finance", "expense-auditor"));

        await Client().DeleteAgentAsync("finance", "expense-auditor", null, CancellationToken.None);

        Assert.False(Server.HasAgent("finance", "expense-auditor"));
        var request = Assert.Single(Journal);
        Assert.Equal("DELETE", request.Method);
        Assert.Equal("/api/agents/finance/expense-auditor", request.RawTarget);
        Assert.Equal(200, request.Status);
    }

    [Fact]
    public async Task Invoke_posts_the_body_and_returns_the_agents_answer()
    {
        var result = await Client().InvokeAgentAsync("support", "support-triage", """{"message":"hello"}""", null, CancellationToken.None);

        Assert.Equal(200, result.StatusCode);
        Assert.Equal("application/json", result.ContentType);
        Assert.Contains("\"response\":\"Echo: hello\"", result.Body);
        var request = Assert.Single(Journal);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/agents/support/support-triage/invoke", request.RawTarget);
        Assert.Equal("""{"message":"hello"}""", request.Body);
        Assert.StartsWith("application/json", request.Header("Content-Type"));
    }

    [Fact]
    public async Task Every_request_names_the_module_in_its_User_Agent_and_asks_for_JSON()
    {
        await Client().GetAgentAsync("finance", "fraud-detector", null, CancellationToken.None);

        var request = Assert.Single(Journal);
        Assert.StartsWith("RunAgents-PowerShell/", request.Header("User-Agent"));
        Assert.Contains("application/json", request.Header("Accept"));
    }

    [Fact]
    public async Task Sequential_requests_reuse_a_kept_alive_connection()
    {
        var client = Client();
        for (var i = 0; i < 20; i++)
        {
            await client.GetAgentAsync("finance", "fraud-detector", null, CancellationToken.None);
        }

        Assert.Equal(20, Journal.Count);
        Assert.True(Journal.Select(e => e.ConnectionId).Distinct().Count() <= 2, "20 sequential GETs should share one or two connections.");
    }
}
