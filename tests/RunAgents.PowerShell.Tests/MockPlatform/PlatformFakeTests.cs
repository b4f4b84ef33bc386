using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using RunAgents.MockServer;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.MockPlatform;

/// <summary>
/// The mock platform itself, over plain HTTP: the routes and keys of both API generations, as the
/// module's tests will rely on them.
/// </summary>
public sealed class PlatformFakeTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    private const string V1 = "api/v1/workspaces/revops/";

    [Fact]
    public async Task On_v1_an_agent_is_addressed_by_name_alone()
    {
        var agent = await Get(V1 + "agents/payment-approver");
        var (invoked, answer) = await Send(HttpMethod.Post, "api/v1/agents/support-triage/invoke", """{"message":"hi"}""");

        Assert.Equal("finance", Text(agent, "namespace"));
        Assert.Equal(200, invoked);
        Assert.Equal("Echo: hi", Text(answer, "response"));
        Assert.Equal((404, "agent nobody not found"), await Error(HttpMethod.Get, V1 + "agents/nobody"));
        Assert.Equal(9, (await Get(V1 + "agents")).AsArray().Count);
        Assert.Equal("/api/v1/workspaces/revops/agents/payment-approver", Journal[0].RawTarget);
    }

    [Fact]
    public async Task On_v1_a_name_held_in_two_namespaces_is_ambiguous()
    {
        Server.PutAgent("""{"name":"payment-approver","namespace":"support","status":{"phase":"Running"}}""");

        Assert.Equal((409, "agent name payment-approver is ambiguous"), await Error(HttpMethod.Get, V1 + "agents/payment-approver"));
        Assert.Equal((409, "agent name payment-approver is ambiguous"), await Error(HttpMethod.Post, V1 + "agents/payment-approver/invoke", """{"message":"hi"}"""));
        Assert.Equal((200, null), await Error(HttpMethod.Get, "api/agents/support/payment-approver"));
    }

    [Theory]
    [InlineData("GET", "api/v1/agents/finance/payment-approver")]
    [InlineData("POST", "api/v1/agents/finance/payment-approver/invoke")]
    [InlineData("GET", "api/agents/payment-approver")]
    [InlineData("POST", "api/agents/payment-approver/invoke")]
    [InlineData("GET", "api/v1/governance/requests")]
    [InlineData("GET", "api/governance/requests")]
    [InlineData("GET", "api/runs")]
    [InlineData("GET", "api/v1/api/tools")]
    public async Task A_path_of_the_other_generations_shape_is_an_unknown_route(string method, string path)
    {
        Assert.Equal((404, "not found"), await Error(new HttpMethod(method), path, method == "POST" ? """{"message":"hi"}""" : null));
        Assert.Equal("/" + path, Assert.Single(Journal).Path);
    }

    [Fact]
    public async Task On_v1_a_workspace_key_is_taken_only_in_its_own_header()
    {
        using var asBearer = Http(bearer: TestKeys.Workspace);
        using var inHeader = Http(bearer: null, apiKeyHeader: TestKeys.Workspace);

        var refused = await asBearer.GetAsync(V1 + "agents");
        var accepted = await inHeader.GetAsync(V1 + "agents/payment-approver");
        var namespaced = await asBearer.GetAsync("api/agents");
        var bearerOnV1 = await Send(HttpMethod.Get, "api/v1/agents", null);

        Assert.Equal(401, (int)refused.StatusCode);
        Assert.Equal("workspace keys must be sent in X-RunAgents-API-Key", Text(JsonNode.Parse(await refused.Content.ReadAsStringAsync()), "error"));
        Assert.Equal(200, (int)accepted.StatusCode);
        Assert.Equal(200, (int)namespaced.StatusCode);
        Assert.Equal(200, bearerOnV1.Status);
        Assert.Equal(["Bearer <redacted>", "(none)", "Bearer <redacted>", "Bearer <redacted>"], Journal.Select(e => e.Header("Authorization") ?? "(none)"));
        Assert.Equal("<redacted>", Journal[1].Header("X-RunAgents-API-Key"));
    }

    [Theory]
    [InlineData("GET", "/api/v1/agents", "api/v1/agents/payment-approver")]
    public async Task Fault_rules_apply_to_every_area(string method, string prefix, string path)
    {
        Server.AddFault(new FaultRule { Method = method, PathPrefix = prefix, Status = 503, Body = Wire.Error("busy") });

        Assert.Equal((503, "busy"), await Error(new HttpMethod(method), path, method == "POST" ? "{}" : null));
        Assert.Equal(503, Assert.Single(Journal).Status);
    }

    private HttpClient Http(string? bearer = TestKeys.Valid, string? apiKeyHeader = null)
    {
        var client = Own(new HttpClient { BaseAddress = Server.BaseUri });
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (apiKeyHeader is not null)
        {
            client.DefaultRequestHeaders.Add("X-RunAgents-API-Key", apiKeyHeader);
        }

        return client;
    }

    private async Task<(int Status, JsonNode? Body)> Send(HttpMethod method, string path, string? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
        using var response = await Http().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private async Task<JsonNode> Get(string path)
    {
        var (status, body) = await Send(HttpMethod.Get, path, null);
        Assert.True(status == 200, $"GET {path} answered {status}: {body?.ToJsonString()}");
        return body!;
    }

    // The status and, for an error, its text: (200, null) for a success.
    private async Task<(int Status, string? Error)> Error(HttpMethod method, string path, string? body = null)
    {
        var (status, answer) = await Send(method, path, body);
        return (status, status >= 400 ? Text(answer, "error") : null);
    }




    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string? Text(JsonNode? node, string property) => node?[property]?.GetValue<string>();

}
