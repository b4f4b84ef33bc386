using System.Text.Json.Nodes;
using RunAgents.MockServer;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Configuration;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>The approval connector and agent config kinds of a configuration folder, driven directly against the mock on both generations.</summary>
public sealed class ConfigurationKindTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    private const string V1Base = "/api/v1/workspaces/revops/";
    private const string SlackSecret = "slk-sign-4a7c9e2f1b3d8e6a";

    public static TheoryData<bool> Generations => new() { true, false };

    private ConfigurationContext Context(bool v1) =>
        new(v1 ? Connection(uri: new Uri(Server.BaseUri, V1Base)) : Connection(), null);

    private static ConfigurationKind Connectors => ApprovalConnectorConfiguration.Instance;

    private static ConfigurationKind Configs => AgentConfigConfiguration.Instance;

    private static async Task<ConfigurationObject> One(ConfigurationKind kind, ConfigurationContext context, string name, bool includeSecret = false) =>
        (await kind.ReadAsync(context, includeSecret, CancellationToken.None)).Single(o => o.Name == name);

    private List<JournalEntry> Writes() => Journal.Where(r => r.Method is not "GET").ToList();

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task Connectors_read_as_their_body_without_what_the_platform_writes_and_secrets_as_the_placeholder(bool v1)
    {
        var slack = await One(Connectors, Context(v1), "slack-finance");

        Assert.Equal(["name", "type", "endpoint", "headers", "enabled", "timeout_seconds", "slack_security_mode"], slack.Document.Select(p => p.Key));
        Assert.Equal(ConfigurationFile.SecretPlaceholder, slack.Document["headers"]!["X-Slack-Signing-Secret"]!.GetValue<string>());
        Assert.DoesNotContain(SlackSecret, slack.Document.ToJsonString());
        Assert.StartsWith("ac_", slack.PlatformId);

        var clear = await One(Connectors, Context(v1), "slack-finance", includeSecret: true);
        Assert.Equal(SlackSecret, clear.Document["headers"]!["X-Slack-Signing-Secret"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task A_connector_the_platform_has_already_sends_no_write(bool v1)
    {
        var context = Context(v1);
        var current = await One(Connectors, context, "slack-finance");
        var desired = Connectors.FromFile((JsonObject)current.Document.DeepClone(), "slack-finance");
        Server.ClearJournal();

        Assert.Empty(Connectors.Compare(desired, current));
        Assert.Equal(ConfigurationState.Unchanged, await Connectors.ApplyAsync(context, desired, current, CancellationToken.None));
        Assert.Empty(Writes());
    }

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task One_changed_field_is_one_patch_of_that_field_and_the_secret_is_kept(bool v1)
    {
        var context = Context(v1);
        var current = await One(Connectors, context, "slack-finance");
        var document = (JsonObject)current.Document.DeepClone();
        document["enabled"] = false;
        var desired = Connectors.FromFile(document, "slack-finance");
        Server.ClearJournal();

        var difference = Assert.Single(Connectors.Compare(desired, current));
        Assert.Equal(("enabled", "false", "true"), (difference.Path, difference.Folder, difference.Platform));
        Assert.Equal(ConfigurationState.Updated, await Connectors.ApplyAsync(context, desired, current, CancellationToken.None));
        var patch = Assert.Single(Writes());
        Assert.Equal("PATCH", patch.Method);
        Assert.Equal("{\"enabled\":false}", patch.Body);

        var after = await One(Connectors, context, "slack-finance", includeSecret: true);
        Assert.Equal(SlackSecret, after.Document["headers"]!["X-Slack-Signing-Secret"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_new_secret_is_a_difference_shown_masked_and_one_patch_of_the_headers()
    {
        var context = Context(v1: false);
        var current = await One(Connectors, context, "slack-finance");
        var document = (JsonObject)current.Document.DeepClone();
        document["headers"]!["X-Slack-Signing-Secret"] = "a-brand-new-signing-secret";
        var desired = Connectors.FromFile(document, "slack-finance");
        Server.ClearJournal();

        var difference = Assert.Single(Connectors.Compare(desired, current));
        Assert.Equal(("headers.X-Slack-Signing-Secret", "\"****cret\"", "\"****8e6a\""), (difference.Path, difference.Folder, difference.Platform));
        await Connectors.ApplyAsync(context, desired, current, CancellationToken.None);
        var patch = Assert.Single(Writes());
        Assert.Equal("{\"headers\":{\"X-Slack-Signing-Secret\":\"a-brand-new-signing-secret\"}}", patch.Body);
    }

    [Fact]
    public async Task A_null_for_a_field_the_platform_leaves_out_is_no_change()
    {
        var context = Context(v1: false);
        var current = await One(Connectors, context, "pagerduty-sre");
        var document = (JsonObject)current.Document.DeepClone();
        document["slack_security_mode"] = null;
        var desired = Connectors.FromFile(document, "pagerduty-sre");
        Server.ClearJournal();

        Assert.Empty(Connectors.Compare(desired, current));
        Assert.Equal(ConfigurationState.Unchanged, await Connectors.ApplyAsync(context, desired, current, CancellationToken.None));
        Assert.Empty(Writes());
    }

    [Fact]
    public async Task A_name_two_connectors_share_is_refused_naming_both_ids_before_any_write()
    {
        var context = Context(v1: false);
        var current = await One(Connectors, context, "slack-finance", includeSecret: true);
        await new ApprovalConnectorsApi(context.Connection.Transport).CreateAsync((JsonObject)current.Document.DeepClone(), null, CancellationToken.None);
        var desired = Connectors.FromFile((JsonObject)current.Document.DeepClone(), "slack-finance");
        Server.ClearJournal();

        var e = await Assert.ThrowsAsync<ConfigurationRefusedException>(() => Connectors.ApplyAsync(context, desired, current, CancellationToken.None));
        Assert.Equal("AmbiguousConnectorName", e.ErrorId);
        Assert.Matches("^2 approval connectors on .* are named 'slack-finance' \\(ac_\\w+, ac_\\w+\\)", e.Message);
        Assert.Empty(Writes());
        await Assert.ThrowsAsync<ConfigurationRefusedException>(() => Connectors.ReadAsync(context, false, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task A_connector_the_platform_lacks_is_created_once_and_a_placeholder_cannot_create_one(bool v1)
    {
        var context = Context(v1);
        Server.ClearConfiguration();
        var withPlaceholder = Connectors.FromFile(JsonNode.Parse("{\"type\":\"pagerduty\",\"endpoint\":\"https://events.pagerduty.com/v2/enqueue\",\"headers\":{\"X-Routing-Key\":\"<redacted>\"}}")!.AsObject(), "pd");
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Connectors.ApplyAsync(context, withPlaceholder, null, CancellationToken.None));
        Assert.Contains("'X-Routing-Key' holds '<redacted>'", e.Message);
        Assert.Empty(Writes());

        var desired = Connectors.FromFile(JsonNode.Parse("{\"type\":\"Webhook\",\"endpoint\":\"https://hooks.example.com/a\",\"headers\":{\"X-Token\":\"tok-1234567890abcd\"}}")!.AsObject(), "hook");
        Assert.Equal(ConfigurationState.Created, await Connectors.ApplyAsync(context, desired, null, CancellationToken.None));
        var post = Assert.Single(Writes());
        Assert.Equal("POST", post.Method);
        Assert.Equal("{\"type\":\"webhook\",\"endpoint\":\"https://hooks.example.com/a\",\"headers\":{\"X-Token\":\"tok-1234567890abcd\"},\"name\":\"hook\"}", post.Body);

        var created = await One(Connectors, context, "hook");
        await Connectors.RemoveAsync(context, created, CancellationToken.None);
        Assert.Empty(await Connectors.ReadAsync(context, false, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task Agent_config_reads_as_its_update_body_named_as_the_generation_names_agents(bool v1)
    {
        var all = await Configs.ReadAsync(Context(v1), false, CancellationToken.None);

        var name = v1 ? "payment-approver" : "finance.payment-approver";
        var config = Assert.Single(all, o => o.Name == name);
        Assert.Equal(["system_prompt", "identity_provider", "llm_configs", "required_tools", "policies"], config.Document.Select(p => p.Key));
        Assert.Contains(("Policy", "payments-approval"), Configs.DependsOn(config.Document));
        Assert.False(Configs.CanRemove);
    }

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task Agent_config_unchanged_sends_no_put_and_one_change_is_one_put_of_that_field(bool v1)
    {
        var context = Context(v1);
        var name = v1 ? "payment-approver" : "finance.payment-approver";
        var current = await One(Configs, context, name);
        var same = Configs.FromFile((JsonObject)current.Document.DeepClone(), name);
        Server.ClearJournal();

        Assert.Equal(ConfigurationState.Unchanged, await Configs.ApplyAsync(context, same, current, CancellationToken.None));
        Assert.Empty(Writes());

        var document = (JsonObject)current.Document.DeepClone();
        document["system_prompt"] = "Approve refunds under $100 only.";
        var changed = Configs.FromFile(document, name);
        Assert.Equal("system_prompt", Assert.Single(Configs.Compare(changed, current)).Path);
        Assert.Equal(ConfigurationState.Updated, await Configs.ApplyAsync(context, changed, current, CancellationToken.None));
        var put = Assert.Single(Writes());
        Assert.Equal(("PUT", "{\"system_prompt\":\"Approve refunds under $100 only.\"}"), (put.Method, put.Body));
    }

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task Agent_config_of_an_agent_the_platform_does_not_run_is_an_error_that_says_config_is_not_deployment(bool v1)
    {
        var name = v1 ? "not-deployed" : "finance.not-deployed";
        var desired = Configs.FromFile(JsonNode.Parse("{\"system_prompt\":\"x\"}")!.AsObject(), name);

        var e = await Assert.ThrowsAsync<ConfigurationRefusedException>(() => Configs.ApplyAsync(Context(v1), desired, null, CancellationToken.None));
        Assert.StartsWith($"No agent '{name.Replace('.', '/')}' runs on", e.Message);
        Assert.Equal(("AgentNotFound", System.Management.Automation.ErrorCategory.ObjectNotFound), (e.ErrorId, e.Category));
        Assert.Contains("does not deploy them", e.Message);
        Assert.Empty(Writes());
    }

    [Fact]
    public void Agent_config_files_hold_the_update_fields_only()
    {
        var e = Assert.Throws<ArgumentException>(() => Configs.FromFile(JsonNode.Parse("{\"systemPrompt\":\"x\"}")!.AsObject(), "a"));
        Assert.StartsWith("'systemPrompt' is not a field of an agent's config", e.Message);
        Assert.Throws<ArgumentException>(() => Configs.FromFile(JsonNode.Parse("{\"required_tools\":\"stripe-api\"}")!.AsObject(), "a"));
        Assert.Throws<ArgumentException>(() => Configs.FromFile(new JsonObject(), "a.b.c"));
        var onNamespaced = Configs.FromFile(new JsonObject(), "payment-approver");
        Assert.Throws<ArgumentException>(() => Configs.ApplyAsync(Context(v1: false), onNamespaced, null, CancellationToken.None).GetAwaiter().GetResult());
    }

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task An_emptied_workspace_takes_the_config_back_and_reads_as_it_did(bool v1)
    {
        var context = Context(v1);
        var before = (await Configs.ReadAsync(context, false, CancellationToken.None)).ToDictionary(o => o.Name, o => o.Document.ToJsonString());
        var connectors = await Connectors.ReadAsync(context, true, CancellationToken.None);
        Server.ClearConfiguration();

        foreach (var connector in connectors)
        {
            Assert.Equal(ConfigurationState.Created, await Connectors.ApplyAsync(context, Connectors.FromFile(connector.Document, connector.Name), null, CancellationToken.None));
        }

        var blank = await Configs.ReadAsync(context, false, CancellationToken.None);
        foreach (var config in blank)
        {
            var desired = Configs.FromFile(JsonNode.Parse(before[config.Name])!.AsObject(), config.Name);
            await Configs.ApplyAsync(context, desired, config, CancellationToken.None);
        }

        var after = (await Configs.ReadAsync(context, false, CancellationToken.None)).ToDictionary(o => o.Name, o => o.Document.ToJsonString());
        Assert.Equal(before, after);
        Assert.Equal(
            connectors.Select(c => c.Document.ToJsonString()),
            (await Connectors.ReadAsync(context, true, CancellationToken.None)).Select(c => c.Document.ToJsonString()));
    }
}
