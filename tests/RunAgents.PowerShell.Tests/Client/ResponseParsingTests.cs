using System.Text.Json;
using RunAgents.MockServer;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>
/// What the client makes of bodies: tolerant of what a newer or sloppier server may send, and a
/// clear <see cref="RunAgentsApiException"/> (never a bare JsonException) for what it cannot read.
/// </summary>
public sealed class ResponseParsingTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Fact]
    public async Task Extra_fields_are_kept_beside_the_typed_ones()
    {
        Server.PutAgent("""
            {"name":"extra","namespace":"odd","createdAt":"2026-01-01T00:00:00Z","owner":{"team":"x"},
             "spec":{"image":"img","replicas":3,"llmConfig":{"provider":"openai","model":"gpt-4o","temperature":0.2}},
             "status":{"phase":"Running","message":"","conditions":[{"type":"Ready"}]}}
            """);

        var agent = await Client().GetAgentAsync("odd", "extra", null, CancellationToken.None);

        Assert.Equal("img", agent.Spec!.Image);
        Assert.Equal("gpt-4o", agent.Model);
        Assert.Equal("Running", agent.Phase);
        Assert.Equal("2026-01-01T00:00:00Z", agent.AdditionalFields["createdAt"]);
        Assert.Equal("x", Assert.IsType<JsonFields>(agent.AdditionalFields["owner"])["team"]);
        Assert.Equal(3L, agent.Spec.AdditionalFields["replicas"]);
        Assert.Single(Assert.IsType<object?[]>(agent.Status!.AdditionalFields["conditions"]));
    }

    [Fact]
    public async Task Missing_fields_leave_nulls_rather_than_failing()
    {
        Server.PutAgent("""{"name":"bare","namespace":"odd"}""");

        var agent = await Client().GetAgentAsync("odd", "bare", null, CancellationToken.None);

        Assert.Equal("bare", agent.Name);
        Assert.Null(agent.Spec);
        Assert.Null(agent.Status);
        Assert.Empty(agent.Labels);
        Assert.Null(agent.Phase);
        Assert.Null(agent.Model);
    }

    [Fact]
    public async Task Explicit_nulls_are_accepted()
    {
        Server.PutAgent("""
            {"name":"nulls","namespace":"odd","labels":null,
             "spec":{"image":null,"systemPrompt":null,"requiredTools":null,"llmConfig":null,"env":null},
             "status":{"phase":null,"message":null}}
            """);

        var agent = await Client().GetAgentAsync("odd", "nulls", null, CancellationToken.None);

        Assert.Empty(agent.Labels);
        Assert.NotNull(agent.Spec);
        Assert.Null(agent.Spec!.RequiredTools);
        Assert.Null(agent.Phase);
    }

    [Fact]
    public async Task An_unknown_phase_comes_through_as_it_is()
    {
        Server.PutAgent("""{"name":"future","namespace":"odd","status":{"phase":"Hibernating","message":"scaled to zero"}}""");

        var listed = (await Client().ListAgentsAsync(null, CancellationToken.None).Collect()).Single(a => a.Name == "future");
        var fetched = await Client().GetAgentAsync("odd", "future", null, CancellationToken.None);

        Assert.Equal("Hibernating", listed.Phase);
        Assert.Equal("Hibernating", fetched.Phase);
        Assert.Equal("scaled to zero", fetched.Status!.Message);
    }

    [Fact]
    public async Task Labels_as_an_array_is_an_invalid_response_for_get_and_list()
    {
        Server.PutAgent("""{"name":"wrong","namespace":"odd","labels":["a","b"]}""");

        var get = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().GetAgentAsync("odd", "wrong", null, CancellationToken.None));
        var list = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().ListAgentsAsync(null, CancellationToken.None).Collect());

        AssertInvalid(get, 200);
        Assert.Contains("labels", get.ResponseExcerpt);
        AssertInvalid(list, 200);
        Assert.NotNull(list.ResponseExcerpt);
    }

    [Fact]
    public async Task A_list_body_that_is_an_object_is_an_invalid_response()
    {
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/api/agents", Status = 200, Body = "{}" });

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().ListAgentsAsync(null, CancellationToken.None).Collect());

        AssertInvalid(e, 200);
        Assert.Equal("{}", e.ResponseExcerpt);
    }

    [Fact]
    public async Task Malformed_JSON_is_an_invalid_response_with_an_excerpt()
    {
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/api/agents/finance", Status = 200, Body = """{"name":"x","namespace": oops}""" });
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/api/agents", Status = 200, Body = """[{"name":"x",,]""" });

        var get = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().GetAgentAsync("finance", "x", null, CancellationToken.None));
        var list = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().ListAgentsAsync(null, CancellationToken.None).Collect());

        AssertInvalid(get, 200);
        Assert.Contains("oops", get.ResponseExcerpt);
        Assert.Contains("oops", get.Message);
        AssertInvalid(list, 200);
        Assert.Contains("[{\"name\":\"x\",,]", list.ResponseExcerpt);
    }

    [Fact]
    public async Task An_HTML_page_is_refused_by_its_content_type()
    {
        const string page = "<html><head><title>Sign in</title></head><body>Please sign in</body></html>";
        Server.AddFault(new FaultRule { Method = "GET", Status = 200, ContentType = "text/html; charset=utf-8", Body = page, Count = 2 });

        var get = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().GetAgentAsync("finance", "x", null, CancellationToken.None));
        var list = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().ListAgentsAsync(null, CancellationToken.None).Collect());

        foreach (var e in new[] { get, list })
        {
            AssertInvalid(e, 200);
            Assert.Contains("text/html", e.Message);
            Assert.Contains("Please sign in", e.ResponseExcerpt);
        }
    }

    [Fact]
    public async Task An_empty_body_is_an_invalid_response()
    {
        Server.AddFault(new FaultRule { Method = "GET", Status = 200, Body = string.Empty, Count = 2 });

        var get = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().GetAgentAsync("finance", "x", null, CancellationToken.None));
        var list = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().ListAgentsAsync(null, CancellationToken.None).Collect());

        foreach (var e in new[] { get, list })
        {
            AssertInvalid(e, 200);
            Assert.Contains("empty", e.Message);
        }
    }

    [Fact]
    public async Task A_body_cut_short_is_an_invalid_response_with_what_arrived()
    {
        Server.AddFault(new FaultRule { Method = "GET", Truncate = true, Count = 2 });

        var list = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().ListAgentsAsync(null, CancellationToken.None).Collect());
        var get = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().GetAgentAsync("finance", "x", null, CancellationToken.None));

        AssertInvalid(list, 200);
        Assert.Contains("connection ended", list.Message);
        Assert.Contains("payment-agent", list.ResponseExcerpt);
        AssertInvalid(get, 200);
        Assert.Contains("connection ended", get.Message);
        Assert.Contains("payment-agent", get.ResponseExcerpt);
    }

    [Fact]
    public async Task A_long_bad_body_is_quoted_only_in_part()
    {
        var body = "[" + new string('x', 5000) + "]";
        Server.AddFault(new FaultRule { Method = "GET", Status = 200, Body = body });

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().GetAgentAsync("finance", "x", null, CancellationToken.None));

        AssertInvalid(e, 200);
        Assert.True(e.ResponseExcerpt!.Length < 1000, "The excerpt should be short.");
        Assert.EndsWith("...", e.ResponseExcerpt);
    }

    private static void AssertInvalid(RunAgentsApiException e, int status)
    {
        Assert.Equal(ApiFailure.InvalidResponse, e.Failure);
        Assert.Equal(status, e.StatusCode);
        Assert.False(e.IsTransient);
        Assert.Contains("GET http://127.0.0.1:", e.Message);
        if (e.InnerException is not null)
        {
            Assert.IsNotType<RunAgentsApiException>(e.InnerException);
        }

        Assert.IsNotAssignableFrom<JsonException>(e);
    }
}
