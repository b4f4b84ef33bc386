using System.Net.Http;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>One table maps each operation to its path on each generation; the base URI picks the generation.</summary>
public sealed class ApiRoutesTests
{
    [Theory]
    [InlineData("https://api.runagents.io/", "Namespaced", null)]
    [InlineData("https://runagents.example.com/platform/", "Namespaced", null)]
    [InlineData("https://acme.runagents.io/api/v1", "V1", null)]
    [InlineData("https://acme.runagents.io/api/v1/", "V1", null)]
    [InlineData("https://acme.runagents.io/api/v1/workspaces/revops", "V1", "revops")]
    [InlineData("https://acme.runagents.io/api/v1/workspaces/rev%20ops/", "V1", "rev ops")]
    [InlineData("https://acme.runagents.io/api/v10/", "Namespaced", null)]
    [InlineData("https://acme.runagents.io/api/", "Namespaced", null)]
    public void The_base_URI_selects_the_generation_and_the_workspace(string uri, string generation, string? workspace)
    {
        var (detected, ws) = ApiRoutes.Detect(new Uri(uri));

        Assert.Equal(generation, detected.ToString());
        Assert.Equal(workspace, ws);
    }

    [Theory]
    [InlineData("https://acme.runagents.io/api/v1/agents")]
    [InlineData("https://acme.runagents.io/api/v1/workspaces")]
    [InlineData("https://acme.runagents.io/api/v1/workspaces/")]
    [InlineData("https://acme.runagents.io/api/v1/workspaces/revops/agents/triage")]
    public void A_path_under_api_v1_that_is_no_v1_base_is_refused_naming_the_two_bases(string uri)
    {
        var e = Assert.Throws<ArgumentException>(() => ApiRoutes.Detect(new Uri(uri)));

        Assert.Contains("is not the base URI of the v1 API", e.Message);
        Assert.Contains("https://acme.runagents.io/api/v1,", e.Message);
        Assert.Contains("https://acme.runagents.io/api/v1/workspaces/", e.Message);
    }

    [Theory]
    [InlineData("ListAgents", "GET", "api/agents", "agents")]
    [InlineData("GetAgent", "GET", "api/agents/fin%20ance/pay%2Fer", "agents/pay%2Fer")]
    [InlineData("DeleteAgent", "DELETE", "api/agents/fin%20ance/pay%2Fer", "agents/pay%2Fer")]
    [InlineData("InvokeAgent", "POST", "api/agents/fin%20ance/pay%2Fer/invoke", "agents/pay%2Fer/invoke")]
    [InlineData("Deploy", "POST", "api/deploy", "deploy")]
    [InlineData("ListAccessRequests", "GET", "governance/requests", "approvals/requests")]
    [InlineData("GetAccessRequest", "GET", "governance/requests/ar-1", "approvals/requests/ar-1")]
    [InlineData("ApproveAccessRequest", "POST", "governance/requests/ar-1/approve", "approvals/requests/ar-1/approve")]
    [InlineData("RejectAccessRequest", "POST", "governance/requests/ar-1/reject", "approvals/requests/ar-1/reject")]
    [InlineData("ListRuns", "GET", "runs", "runs")]
    [InlineData("GetRun", "GET", "runs/ar-1", "runs/ar-1")]
    [InlineData("ListRunEvents", "GET", "runs/ar-1/events", "runs/ar-1/events")]
    [InlineData("ListTools", "GET", "api/tools", "tools")]
    [InlineData("ListModelProviders", "GET", "api/model-providers", "model-providers")]
    [InlineData("ListPolicies", "GET", "api/policies", "policies")]
    [InlineData("GetPolicy", "GET", "api/policies/pay%2Fer", "policies/pay%2Fer")]
    [InlineData("CreatePolicy", "POST", "api/policies", "policies")]
    [InlineData("ReplacePolicy", "PUT", "api/policies/pay%2Fer", "policies/pay%2Fer")]
    [InlineData("DeletePolicy", "DELETE", "api/policies/pay%2Fer", "policies/pay%2Fer")]
    [InlineData("TranslatePolicy", "POST", "api/policies/translate", "policies/translate")]
    [InlineData("ListApprovalConnectors", "GET", "api/settings/approval-connectors", "approval-connectors")]
    [InlineData("ListIdentityProviders", "GET", "api/identity-providers", "identity-providers")]
    [InlineData("GetIdentityProvider", "GET", "api/identity-providers/pay%2Fer", "identity-providers/pay%2Fer")]
    [InlineData("UpsertIdentityProvider", "POST", "api/identity-providers", "identity-providers")]
    [InlineData("DeleteIdentityProvider", "DELETE", "api/identity-providers/pay%2Fer", "identity-providers/pay%2Fer")]
    [InlineData("GetAgentConfig", "GET", "api/agents/fin%20ance/pay%2Fer/config", "agents/pay%2Fer/config")]
    [InlineData("UpdateAgentConfig", "PUT", "api/agents/fin%20ance/pay%2Fer/config", "agents/pay%2Fer/config")]
    [InlineData("GetAuthSettings", "GET", "api/settings/auth", "settings/auth")]
    [InlineData("SetAuthSettings", "PUT", "api/settings/auth", "settings/auth")]
    [InlineData("ListApiKeys", "GET", "api/auth/api-keys", "auth/api-keys")]
    [InlineData("CreateApiKey", "POST", "api/auth/api-keys", "auth/api-keys")]
    [InlineData("RevokeApiKey", "DELETE", "api/auth/api-keys/ar-1", "auth/api-keys/ar-1")]
    [InlineData("RotateApiKey", "POST", "api/auth/api-keys/ar-1/rotate", "auth/api-keys/ar-1/rotate")]
    public void Each_operation_has_its_path_on_both_generations(string name, string method, string namespaced, string v1)
    {
        var operation = Enum.Parse<ApiOperation>(name);
        // A slash inside a name would be refused before any request; escaping is checked here on its own.
        static string Escaped(ApiGeneration generation, ApiOperation operation) =>
            ApiRoutes.Resolve(generation, operation, "fin ance", "pay-er", "ar-1").Path.Replace("pay-er", "pay%2Fer");

        Assert.Equal(new HttpMethod(method), ApiRoutes.Resolve(ApiGeneration.Namespaced, operation, "fin ance", "pay-er", "ar-1").Method);
        Assert.Equal(new HttpMethod(method), ApiRoutes.Resolve(ApiGeneration.V1, operation, "fin ance", "pay-er", "ar-1").Method);
        Assert.Equal(namespaced, Escaped(ApiGeneration.Namespaced, operation));
        Assert.Equal(v1, Escaped(ApiGeneration.V1, operation));
    }

    [Fact]
    public void V1_needs_no_namespace_and_the_namespaced_generation_refuses_to_go_without_one()
    {
        Assert.Equal("agents/triage", ApiRoutes.Resolve(ApiGeneration.V1, ApiOperation.GetAgent, null, "triage").Path);

        var e = Assert.Throws<ArgumentException>(() => ApiRoutes.Resolve(ApiGeneration.Namespaced, ApiOperation.GetAgent, null, "triage"));
        Assert.Contains("namespace is needed", e.Message);
    }
}
