using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using RunAgents.MockServer;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.MockPlatform;

/// <summary>
/// The mock platform itself, over plain HTTP: deploy, access requests, runs and the read-only lists, on
/// both API generations, as the module's tests will rely on them.
/// </summary>
public sealed class PlatformFakeTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    private const string V1 = "api/v1/workspaces/revops/";

    [Fact]
    public async Task A_deploy_creates_a_Pending_agent_that_reflects_the_body()
    {
        Server.DeployReadyMs = 600_000;

        var (status, answer) = await Send(HttpMethod.Post, "api/deploy", """
            {"agent_name":"refund-bot","image":"registry.example/refund-bot:1.0","system_prompt":"Refund politely.",
             "required_tools":["stripe-api"],"llm_configs":[{"provider":"openai","model":"gpt-4o","role":"chat"}],
             "env":[{"name":"REGION","value":"eu"}],"tools_to_create":[{"name":"orders-api","base_url":"https://orders.example"}]}
            """);

        Assert.Equal(201, status);
        Assert.Equal("refund-bot", Text(answer, "agent"));
        Assert.Equal("default", Text(answer, "namespace"));
        Assert.Equal(["orders-api"], Strings(answer!["tools_created"]));
        var agent = await Get("api/agents/default/refund-bot");
        Assert.Equal("Pending", Text(agent["status"], "phase"));
        Assert.Equal("registry.example/refund-bot:1.0", Text(agent["spec"], "image"));
        Assert.Equal("Refund politely.", Text(agent["spec"], "systemPrompt"));
        Assert.Equal("gpt-4o", Text(agent["spec"]!["llmConfig"], "model"));
        Assert.Equal(["stripe-api", "orders-api"], agent["spec"]!["requiredTools"]!.AsArray().Select(t => Text(t, "name")!));
        Assert.Equal("eu", Text(agent["spec"]!["env"]![0], "value"));
        Assert.Contains(Server.Tools, t => Text(t, "name") == "orders-api");
    }

    [Fact]
    public async Task A_deployed_agent_becomes_Running_once_the_deploy_delay_has_passed()
    {
        Server.DeployReadyMs = 200;

        var (status, _) = await Send(HttpMethod.Post, "api/deploy", """{"agent_name":"slow-starter","namespace":"finance","image":"registry.example/ok:1"}""");

        Assert.Equal(201, status);
        Wire.WaitUntil(() => Phase("finance", "slow-starter") == "Running", TimeSpan.FromSeconds(20), "the deployed agent is Running");
    }

    [Fact]
    public async Task Deploying_again_updates_the_agent_and_an_image_that_cannot_be_pulled_fails_it()
    {
        Server.DeployReadyMs = 0;
        await Send(HttpMethod.Post, "api/deploy", """{"agent_name":"payment-approver","namespace":"finance","image":"registry.example/good:2"}""");
        Assert.Equal("Running", Phase("finance", "payment-approver"));

        var (status, _) = await Send(HttpMethod.Post, "api/deploy", """{"agent_name":"payment-approver","namespace":"finance","image":"registry.example/bad:fail"}""");

        Assert.Equal(201, status);
        var agent = await Get("api/agents/finance/payment-approver");
        Assert.Equal("Failed", Text(agent["status"], "phase"));
        Assert.Equal("Back-off pulling image \"registry.example/bad:fail\": image not found", Text(agent["status"], "message"));
        Assert.Single((await Get("api/agents")).AsArray(), a => Text(a, "name") == "payment-approver");
    }

    [Fact]
    public async Task A_source_deploy_answers_its_build_and_runs_the_built_image()
    {
        Server.DeployReadyMs = 0;

        var (status, answer) = await Send(HttpMethod.Post, "api/deploy", """
            {"agent_name":"ledger-bot","namespace":"finance","source_files":{"agent.py":"print('hi')"},"framework":"langchain"}
            """);

        Assert.Equal(201, status);
        Assert.Matches("^build-\\d+$", Text(answer, "build_id"));
        Assert.Equal($"registry.runagents.io/ledger-bot:{Text(answer, "build_id")}", Text(answer, "image_uri"));
        Assert.True(answer!["build_required"]!.GetValue<bool>());
        Assert.Equal("FAST_OVERLAY", Text(answer, "execution_mode"));
        Assert.Equal("python-langchain", Text(answer, "build_profile"));
        Assert.False(string.IsNullOrEmpty(Text(answer, "decision_reason")));
        var agent = await Get("api/agents/finance/ledger-bot");
        Assert.Equal(Text(answer, "image_uri"), Text(agent["spec"], "image"));
        Assert.Equal("Running", Text(agent["status"], "phase"));
    }

    [Theory]
    [InlineData("""{"image":"x"}""", "agent_name is required")]
    [InlineData("""{"agent_name":"a"}""", "either image or source_files is required")]
    [InlineData("""{"agent_name":"a","image":"x","tools_to_create":[{"name":"t"}]}""", "tool name and base_url are required")]
    [InlineData("""{"agent_name":"finance/a","namespace":"support","image":"x"}""", "namespace mismatch: agent_name is in \"finance\" but namespace is \"support\"")]
    public async Task A_deploy_the_platform_would_refuse_is_a_400_with_its_words(string body, string error)
    {
        var (status, answer) = await Send(HttpMethod.Post, "api/deploy", body);

        Assert.Equal(400, status);
        Assert.Equal(error, Text(answer, "error"));
    }

    [Fact]
    public async Task An_artifact_or_a_draft_is_a_source_too()
    {
        var (artifact, _) = await Send(HttpMethod.Post, "api/deploy", """{"agent_name":"from-artifact","artifact_id":"art-7"}""");
        var (draft, _) = await Send(HttpMethod.Post, "api/deploy", """{"agent_name":"from-draft","draft_id":"dr-3"}""");

        Assert.Equal(201, artifact);
        Assert.Equal(201, draft);
    }

    [Fact]
    public async Task A_refund_request_pauses_for_approval_and_approving_it_completes_the_run()
    {
        Server.ResumeMs = 0;

        var (status, answer) = await Send(HttpMethod.Post, "api/agents/finance/payment-approver/invoke", """{"message":"Refund order 1042"}""");

        Assert.Equal(200, status);
        Assert.Equal("approval_required", Text(answer, "status"));
        var pause = answer!["approval_required"]!;
        Assert.Equal("APPROVAL_REQUIRED", Text(pause, "code"));
        Assert.Equal("stripe-api", Text(pause, "tool"));
        var actionId = Text(pause, "action_id")!;
        var runId = Text(pause, "run_id")!;
        Assert.Equal(actionId, Text(answer, "action_id"));
        Assert.Equal(runId, Text(answer, "run_id"));
        Assert.Contains("approval", Text(answer, "response"));

        var run = await Get($"runs/{runId}");
        Assert.Equal("PAUSED_APPROVAL", Text(run, "status"));
        Assert.Equal(actionId, Text(run, "blocked_action_id"));
        Assert.Equal("payment-approver", Text(run, "agent_id"));
        Assert.Equal("finance", Text(run, "namespace"));
        var request = Assert.Single((await Get("governance/requests")).AsArray());
        Assert.Equal("PENDING", Text(request, "status"));
        Assert.Equal(actionId, Text(request, "action_id"));
        Assert.Equal(runId, Text(request, "run_id"));
        Assert.Equal("stripe-api", Text(request, "tool_id"));
        Assert.Equal("payment-approver", Text(request, "agent_id"));
        Assert.Equal("user@example.com", Text(request, "subject"));
        Assert.Equal(["RUN_CREATED", "USER_MESSAGE", "TOOL_REQUEST", "APPROVAL_REQUIRED"], await EventTypes(runId));

        var (approved, decided) = await Send(HttpMethod.Post, $"governance/requests/{Text(request, "id")}/approve", """{"scope":"agent_user_ttl","duration":"4h","reason":"known customer"}""");

        Assert.Equal(200, approved);
        Assert.Equal("APPROVED", Text(decided, "status"));
        Assert.Equal("agent_user_ttl", Text(decided, "scope"));
        Assert.Equal("4h", Text(decided, "duration"));
        var expires = DateTimeOffset.Parse(Text(decided, "expires_at")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.Parse(Text(decided, "updated_at")!, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(3.9), TimeSpan.FromHours(4.1));
        Assert.Equal("COMPLETED", Text(await Get($"runs/{runId}"), "status"));
        Assert.Equal(
            ["RUN_CREATED", "USER_MESSAGE", "TOOL_REQUEST", "APPROVAL_REQUIRED", "APPROVED", "RESUMED", "TOOL_CALLED", "AGENT_MESSAGE", "COMPLETED"],
            await EventTypes(runId));
        var message = (await Get($"runs/{runId}/events")).AsArray().Single(e => Text(e, "type") == "AGENT_MESSAGE");
        Assert.Equal("Refund issued for: Refund order 1042", Text(message!["data"], "content"));
        Assert.Empty((await Get("governance/requests")).AsArray());
    }

    [Fact]
    public async Task An_approved_run_resumes_by_itself_after_the_resume_delay()
    {
        Server.ResumeMs = 100;
        var (_, answer) = await Send(HttpMethod.Post, "api/agents/finance/invoice-processor/invoke", """{"message":"approval:pay invoice 42"}""");
        var runId = Text(answer, "run_id")!;
        var requestId = Text(Assert.Single((await Get("governance/requests")).AsArray()), "id");

        var (status, _) = await Send(HttpMethod.Post, $"governance/requests/{requestId}/approve", null);

        Assert.Equal(200, status);
        Wire.WaitUntil(() => Text(Get($"runs/{runId}").GetAwaiter().GetResult(), "status") == "COMPLETED", TimeSpan.FromSeconds(20), "the approved run completes");
        // The scripted pause waits on the agent's own first tool.
        Assert.Equal("document-ocr", Text(Assert.Single(Server.AccessRequests), "tool_id"));
    }

    [Fact]
    public async Task Rejecting_a_request_fails_its_run_and_a_second_decision_conflicts()
    {
        var (_, answer) = await Send(HttpMethod.Post, "api/agents/finance/payment-approver/invoke", """{"message":"approval:refund 7"}""");
        var runId = Text(answer, "run_id")!;
        var requestId = Text(Assert.Single((await Get("governance/requests")).AsArray()), "id");

        var (status, decided) = await Send(HttpMethod.Post, $"governance/requests/{requestId}/reject", """{"reason":"duplicate"}""");
        var (again, conflict) = await Send(HttpMethod.Post, $"governance/requests/{requestId}/approve", null);

        Assert.Equal(200, status);
        Assert.Equal("REJECTED", Text(decided, "status"));
        Assert.Equal("duplicate", Text(decided, "reason"));
        Assert.Equal("FAILED", Text(await Get($"runs/{runId}"), "status"));
        Assert.Equal(["RUN_CREATED", "USER_MESSAGE", "TOOL_REQUEST", "APPROVAL_REQUIRED", "REJECTED", "FAILED"], await EventTypes(runId));
        Assert.Equal(409, again);
        Assert.Equal("request is not pending", Text(conflict, "error"));
        Assert.Equal(["REJECTED"], (await Get("governance/requests?status=rejected")).AsArray().Select(r => Text(r, "status")!));
    }

    [Theory]
    [InlineData("""{"scope":"forever"}""", "scope must be one of once, run, agent_user_ttl")]
    [InlineData("""{"scope":"agent_user_ttl"}""", "agent_user_ttl needs a positive duration")]
    [InlineData("""{"scope":"agent_user_ttl","duration":"4 hours"}""", "time: invalid duration \"4 hours\"")]
    public async Task An_approval_with_a_bad_scope_or_duration_is_a_400(string body, string error)
    {
        var id = Assert.Single(Server.PutAccessRequests("""{"tool_id":"stripe-api"}"""));

        var (status, answer) = await Send(HttpMethod.Post, $"governance/requests/{id}/approve", body);

        Assert.Equal(400, status);
        Assert.Equal(error, Text(answer, "error"));
        Assert.Equal("PENDING", Text(await Get($"governance/requests/{id}"), "status"));
    }

    [Fact]
    public async Task A_missing_request_or_run_is_a_404_with_the_platforms_words()
    {
        Assert.Equal((404, "request not found"), await Error(HttpMethod.Get, "governance/requests/ar-nope"));
        Assert.Equal((404, "request not found"), await Error(HttpMethod.Post, "governance/requests/ar-nope/approve"));
        Assert.Equal((404, "run run-nope not found"), await Error(HttpMethod.Get, "runs/run-nope"));
        Assert.Equal((404, "run run-nope not found"), await Error(HttpMethod.Get, "runs/run-nope/events"));
    }

    [Fact]
    public async Task Consent_and_a_403_pause_carry_what_a_client_needs_to_go_on()
    {
        var (consentStatus, consent) = await Send(HttpMethod.Post, "api/agents/finance/payment-approver/invoke", """{"message":"consent:read my calendar"}""");
        var (forbidden, refused) = await Send(HttpMethod.Post, "api/agents/finance/payment-approver/invoke", """{"message":"approval403:refund 9"}""");

        Assert.Equal(200, consentStatus);
        Assert.Equal("consent_required", Text(consent, "status"));
        var detail = consent!["consent_required"]!;
        Assert.Equal("CONSENT_REQUIRED", Text(detail, "code"));
        Assert.StartsWith("https://", Text(detail, "authorization_url"));
        Assert.False(string.IsNullOrEmpty(Text(detail, "resume_id")));
        Assert.Equal("PAUSED_CONSENT", Text(await Get($"runs/{Text(detail, "run_id")}"), "status"));
        Assert.Equal(403, forbidden);
        Assert.Equal("APPROVAL_REQUIRED", Text(refused, "code"));
        Assert.Matches("^act-\\d+$", Text(refused, "action_id"));
        Assert.False(string.IsNullOrEmpty(Text(refused, "error")));
        Assert.Equal("PAUSED_APPROVAL", Text(await Get($"runs/{Text(refused, "run_id")}"), "status"));
        Assert.Equal(Text(refused, "action_id"), Text(Assert.Single((await Get("governance/requests")).AsArray()), "action_id"));
    }

    [Fact]
    public async Task Every_answered_invoke_is_a_run_whose_events_hold_the_answer()
    {
        var (_, answer) = await Send(HttpMethod.Post, "api/agents/support/support-triage/invoke", """{"message":"hello"}""");
        var (failedStatus, _) = await Send(HttpMethod.Post, "api/agents/support/support-triage/invoke", """{"message":"status:422 no ticket"}""");

        var runId = Text(answer, "run_id")!;
        Assert.Equal("COMPLETED", Text(await Get($"runs/{runId}"), "status"));
        Assert.Equal(["RUN_CREATED", "USER_MESSAGE", "INVOKE_REQUESTED", "AGENT_MESSAGE", "COMPLETED"], await EventTypes(runId));
        var events = (await Get($"runs/{runId}/events?after_seq=3&limit=1")).AsArray();
        var only = Assert.Single(events);
        Assert.Equal(4, only!["seq"]!.GetValue<long>());
        Assert.Equal("Echo: hello", Text(only["data"], "content"));
        Assert.Equal(422, failedStatus);
        var runs = (await Get("runs?agent_id=support-triage&status=FAILED")).AsArray();
        Assert.Equal("FAILED", Text(Assert.Single(runs), "status"));
    }

    [Fact]
    public async Task The_runs_list_without_filters_holds_only_running_runs()
    {
        Server.PutRuns("""
            [{"id":"run-a","agent_id":"payment-approver","namespace":"finance","status":"RUNNING"},
             {"id":"run-b","agent_id":"payment-approver","namespace":"finance","status":"COMPLETED"},
             {"id":"run-c","agent_id":"invoice-processor","namespace":"finance","status":"PAUSED_APPROVAL"},
             {"id":"run-d","agent_id":"invoice-processor","namespace":"finance","status":"PAUSED_CONSENT"}]
            """);

        Assert.Equal(["run-a"], await RunIds("runs"));
        Assert.Equal(["run-c", "run-d"], await RunIds("runs?status=PAUSED"));
        Assert.Equal(["run-a", "run-b"], await RunIds("runs?status=COMPLETED,RUNNING"));
        Assert.Equal(["run-a", "run-b"], await RunIds("runs?status=COMPLETED&status=RUNNING"));
        Assert.Equal(["run-a", "run-b"], await RunIds("runs?agent_id=payment-approver"));
        Assert.Equal(["run-c"], await RunIds("runs?agent=finance/invoice-processor&status=PAUSED_APPROVAL"));
    }

    [Fact]
    public async Task The_read_only_lists_answer_on_both_generations_in_both_shapes()
    {
        var tools = (await Get("api/tools")).AsArray();
        var providers = (await Get(V1 + "model-providers")).AsArray();
        var policies = (await Get("api/v1/policies")).AsArray();

        Assert.Equal("https://api.stripe.com", Text(tools.Single(t => Text(t, "name") == "stripe-api")!["spec"]!["connection"], "baseUrl"));
        Assert.Equal("https://hooks.slack.com", Text(tools.Single(t => Text(t, "name") == "slack-notify"), "base_url"));
        Assert.Contains("gpt-4o-mini", Strings(providers.Single(p => Text(p, "name") == "openai")!["spec"]!["models"]!));
        Assert.Contains(policies, p => Text(p, "name") == "payments-approval");
        Assert.Equal(tools.ToJsonString(), (await Get(V1 + "tools")).ToJsonString());
    }

    [Fact]
    public async Task Identity_providers_are_listed_on_both_generations()
    {
        var namespaced = (await Get("api/identity-providers")).AsArray();
        var v1 = (await Get(V1 + "identity-providers")).AsArray();

        Assert.Equal(["google-oidc", "azure-ad"], namespaced.Select(p => Text(p, "name")));
        Assert.Equal("https://accounts.google.com", Text(namespaced[0]!["spec"]!["identityProvider"], "issuer"));
        Assert.Equal(namespaced.ToJsonString(), v1.ToJsonString());
    }

    [Fact]
    public async Task A_run_carries_its_initial_message_on_the_namespaced_API_only()
    {
        var (_, answer) = await Send(HttpMethod.Post, "api/agents/support/support-triage/invoke", """{"message":"Where is order 7?"}""");
        var runId = Text(answer, "run_id")!;

        Assert.Equal("Where is order 7?", Text(await Get($"runs/{runId}"), "initial_message"));
        Assert.Equal("Where is order 7?", Text(Assert.Single((await Get("runs?status=COMPLETED")).AsArray()), "initial_message"));
        Assert.False((await Get(V1 + $"runs/{runId}")).AsObject().ContainsKey("initial_message"));
        Assert.False(Assert.Single((await Get(V1 + "runs?status=COMPLETED")).AsArray())!.AsObject().ContainsKey("initial_message"));
    }

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

    [Fact]
    public async Task A_v1_deploy_updates_the_agent_of_that_name_and_refuses_a_namespace()
    {
        Server.DeployReadyMs = 600_000;

        var (status, answer) = await Send(HttpMethod.Post, V1 + "deploy", """{"agent_name":"payment-approver","image":"registry.example/approver:3"}""");

        Assert.Equal(201, status);
        Assert.Equal("finance", Text(answer, "namespace"));
        Assert.Equal("registry.example/approver:3", Text((await Get("api/agents/finance/payment-approver"))["spec"], "image"));
        Assert.Equal(
            (400, "namespace is not part of a v1 deploy: the agent is addressed by name alone"),
            await Error(HttpMethod.Post, V1 + "deploy", """{"agent_name":"x","namespace":"finance","image":"i"}"""));
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
        var accepted = await inHeader.GetAsync(V1 + "approvals/requests");
        var namespaced = await asBearer.GetAsync("governance/requests");
        var bearerOnV1 = await Send(HttpMethod.Get, "api/v1/runs", null);

        Assert.Equal(401, (int)refused.StatusCode);
        Assert.Equal("workspace keys must be sent in X-RunAgents-API-Key", Text(JsonNode.Parse(await refused.Content.ReadAsStringAsync()), "error"));
        Assert.Equal(200, (int)accepted.StatusCode);
        Assert.Equal(200, (int)namespaced.StatusCode);
        Assert.Equal(200, bearerOnV1.Status);
        Assert.Equal(["Bearer <redacted>", "(none)", "Bearer <redacted>", "Bearer <redacted>"], Journal.Select(e => e.Header("Authorization") ?? "(none)"));
        Assert.Equal("<redacted>", Journal[1].Header("X-RunAgents-API-Key"));
    }

    [Theory]
    [InlineData("POST", "/api/deploy", "api/deploy")]
    [InlineData("GET", "/governance/requests", "governance/requests?status=PENDING")]
    [InlineData("GET", "/runs", "runs/run-1/events")]
    [InlineData("GET", "/api/tools", "api/tools")]
    [InlineData("GET", "/api/v1/workspaces/revops/approvals", V1 + "approvals/requests")]
    [InlineData("GET", "/api/v1/agents", "api/v1/agents/payment-approver")]
    public async Task Fault_rules_apply_to_every_area(string method, string prefix, string path)
    {
        Server.AddFault(new FaultRule { Method = method, PathPrefix = prefix, Status = 503, Body = Wire.Error("busy") });

        Assert.Equal((503, "busy"), await Error(new HttpMethod(method), path, method == "POST" ? "{}" : null));
        Assert.Equal(503, Assert.Single(Journal).Status);
    }

    [Fact]
    public async Task Reset_clears_runs_requests_new_tools_and_delays()
    {
        Server.DeployReadyMs = 0;
        Server.ResumeMs = 5;
        await Send(HttpMethod.Post, "api/deploy", """{"agent_name":"temp","image":"i","tools_to_create":[{"name":"temp-api","base_url":"https://t"}]}""");
        await Send(HttpMethod.Post, "api/agents/finance/payment-approver/invoke", """{"message":"Refund order 1"}""");

        Server.Reset();

        Assert.Empty(Server.Runs);
        Assert.Empty(Server.AccessRequests);
        Assert.DoesNotContain(Server.Tools, t => Text(t, "name") == "temp-api");
        Assert.False(Server.HasAgent("default", "temp"));
        Assert.Equal((1000, 300), (Server.DeployReadyMs, Server.ResumeMs));
    }

    [Fact]
    public async Task The_control_API_arranges_runs_requests_and_delays()
    {
        using var control = new HttpClient { BaseAddress = Server.BaseUri };

        var put = await control.PostAsync("_mock/runs", Json("""{"id":"run-x","agent_id":"payment-approver","status":"PAUSED_APPROVAL","blocked_action_id":"act-x","events":[{"type":"RUN_CREATED"}]}"""));
        var request = await control.PostAsync("_mock/requests", Json("""{"action_id":"act-x","run_id":"run-x","tool_id":"stripe-api"}"""));
        var delays = await control.PostAsync("_mock/delays", Json("""{"resumeMs":0}"""));
        var id = JsonNode.Parse(await request.Content.ReadAsStringAsync())!["ids"]![0]!.GetValue<string>();
        await Send(HttpMethod.Post, $"governance/requests/{id}/approve", null);

        Assert.Equal(200, (int)put.StatusCode);
        Assert.Equal(0, JsonNode.Parse(await delays.Content.ReadAsStringAsync())!["resumeMs"]!.GetValue<int>());
        Assert.Equal("COMPLETED", Text(await Get("runs/run-x"), "status"));
        var runs = JsonNode.Parse(await control.GetStringAsync("_mock/runs"))!.AsArray();
        Assert.Equal("AGENT_MESSAGE", Text(Assert.Single(runs)!["events"]![4], "type"));
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

    private async Task<string[]> EventTypes(string runId) =>
        (await Get($"runs/{runId}/events")).AsArray().Select(e => Text(e, "type")!).ToArray();

    private async Task<string[]> RunIds(string path) => (await Get(path)).AsArray().Select(r => Text(r, "id")!).ToArray();

    private string? Phase(string ns, string name) => Text(Get($"api/agents/{ns}/{name}").GetAwaiter().GetResult()["status"], "phase");

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string? Text(JsonNode? node, string property) => node?[property]?.GetValue<string>();

    private static string[] Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
}
