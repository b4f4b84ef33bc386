using System.Net.Http;
using System.Text.Json;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>A request names the values of its body that are secrets: the body goes out whole, its trace shows them masked.</summary>
public sealed class TraceMaskTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Fact]
    public async Task A_named_value_is_sent_and_masked_in_the_body_trace_even_where_the_trace_is_cut()
    {
        const string secret = "pa\"ss<w>\u00f6rd-0123456789";
        // The padding puts the 2,048-character cut of a traced body five characters into where the secret is.
        string Body(string padding) => $$"""{"agent_name":"masked","image":"registry.example/m:1","system_prompt":"{{padding}}","env":[{"name":"P","value":""";
        var body = Body(new string('x', 2048 - 5 - Body(string.Empty).Length)) + JsonSerializer.Serialize(secret) + """}],"framework":"langchain"}""";
        var trace = new RecordingTrace(wantsBodies: true);
        using var transport = new ApiTransport(Connection(), null, FastRetry);
        var request = new ApiRequest(HttpMethod.Post, "api/deploy", "the answer to the deploy") { Body = body, MaskedValues = [secret] };

        using (await transport.SendAsync(request, new RequestOptions { Trace = trace }, CancellationToken.None))
        {
        }

        Assert.Equal(secret, Assert.Single(Journal).JsonBody().GetProperty("env")[0].GetProperty("value").GetString());
        var traced = Assert.Single(trace.Bodies, b => b.Contains("request body", StringComparison.Ordinal));
        Assert.Contains("\"value\":\"****... (", traced, StringComparison.Ordinal);
        Assert.DoesNotContain("\"value\":\"pa", traced, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_form_of_a_value_is_masked_longest_first()
    {
        var text = TraceMask.Apply("""{"a":"abc-def","b":"abc","c":"x\u0022y","d":"x\"y"}""", ["abc", "abc-def", "x\"y", string.Empty]);

        Assert.Equal("""{"a":"********","b":"********","c":"********","d":"********"}""", text);
    }

    [Fact]
    public async Task Connector_header_values_the_platform_echoes_are_masked_in_the_answer_trace_even_where_the_trace_is_cut()
    {
        const string secret = "slk-sign-4a7c9e2f1b3d8e6a";
        // The padding puts the 2,048-character cut of a traced body five characters into the secret.
        string Body(string padding) => "[{\"id\":\"ac_1\",\"name\":\"" + padding + "\",\"type\":\"slack\",\"endpoint\":\"https://hooks.slack.com/x\",\"headers\":{\"X-Slack-Signing-Secret\":\"";
        var body = Body(new string('x', 2048 - 5 - Body(string.Empty).Length)) + secret + "\"},\"enabled\":true}]";
        Server.AddFault(new RunAgents.MockServer.FaultRule { Method = "GET", PathPrefix = "/api/settings/approval-connectors", Status = 200, Body = body });
        var trace = new RecordingTrace(wantsBodies: true);
        using var transport = new ApiTransport(Connection(), null, FastRetry);

        var list = await new ApprovalConnectorsApi(transport).ListAsync(new RequestOptions { Trace = trace }, CancellationToken.None);

        Assert.Equal(secret, list[0]["headers"]!["X-Slack-Signing-Secret"]!.GetValue<string>());
        var traced = Assert.Single(trace.Bodies, b => b.Contains("response body", StringComparison.Ordinal));
        Assert.DoesNotContain("slk-s", traced, StringComparison.Ordinal);
        Assert.Contains("\"X-Slack-Signing-Secret\":\"****", traced, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_field_of_an_answer_is_masked_at_any_depth_where_else_its_value_appears_and_where_the_text_cuts_it()
    {
        const string token = "ra_ws_0123456789abcdef0123";
        var text = TraceMask.ApplyToFields($$"""{"key":{"id":"k-1"},"token" : "{{token}}","echo":"{{token}}","more":{"token":"ra_ws_cut-off-he""", ["token"]);

        Assert.Equal("""{"key":{"id":"k-1"},"token" : "********","echo":"********","more":{"token":"********""", text);
        Assert.Equal("""{"name":"token"}""", TraceMask.ApplyToFields("""{"name":"token"}""", ["token"]));
        Assert.Equal("""{"token":"x"}""", TraceMask.ApplyToFields("""{"token":"x"}""", []));
    }
}
