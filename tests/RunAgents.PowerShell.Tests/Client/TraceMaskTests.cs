using System.Net.Http;
using System.Text.Json;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>
/// A request names the values of its body that are secrets, and the secrets its answers hold (a response mask): the body
/// goes out whole, and its trace and the errors quoting an answer show them masked.
/// </summary>
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

    [Theory]
    [InlineData("connector")]
    [InlineData("token")]
    public async Task A_response_mask_hides_its_secret_in_the_error_and_the_trace_of_an_answer_even_where_the_excerpt_cuts_it(string user)
    {
        // The one response mask serves both: an approval connector's echoed header values and a new API key's token.
        var (secret, path, field) = user == "connector"
            ? ("slk-sign-4a7c9e2f1b3d8e6a", "/api/settings/approval-connectors", "\"headers\":{\"X-Slack-Signing-Secret\":\"")
            : ("ra_ws_Zq81XK55abcdef0123456789", "/api/auth/api-keys", "\"token\":\"");

        // The padding puts the 512-byte cut of an error's excerpt five characters into the secret.
        string Body(string padding) => "{\"detail\":\"" + padding + "\"," + field;
        var body = Body(new string('x', ApiResponse.ExcerptBytes - 5 - Body(string.Empty).Length)) + secret + (user == "connector" ? "\"}}" : "\"}");
        Server.AddFault(new RunAgents.MockServer.FaultRule { PathPrefix = path, Status = 500, Body = body });
        var trace = new RecordingTrace(wantsBodies: true);
        var options = new RequestOptions { Trace = trace, MaxRetryCount = 0 };
        using var transport = new ApiTransport(Connection(), null, FastRetry);

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => user == "connector"
            ? new ApprovalConnectorsApi(transport).ListAsync(options, CancellationToken.None)
            : new WorkspaceAuthApi(transport).CreateAsync("a", null, options, CancellationToken.None));

        var start = secret.Substring(0, 5);
        Assert.NotNull(e.ResponseExcerpt);
        Assert.DoesNotContain(start, e.ResponseExcerpt, StringComparison.Ordinal);
        Assert.DoesNotContain(start, e.Message, StringComparison.Ordinal);
        Assert.All(trace.Bodies, b => Assert.DoesNotContain(start, b, StringComparison.Ordinal));
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
