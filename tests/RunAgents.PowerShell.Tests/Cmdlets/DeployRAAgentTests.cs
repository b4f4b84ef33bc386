using System.Management.Automation;
using System.Text.Json;
using RunAgents.PowerShell.Models;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>Deploy-RAAgent sends the API's body from parameters or a document, checks what it can first, and -Wait waits.</summary>
public sealed class DeployRAAgentTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Fact]
    public void Parameters_become_the_APIs_body_and_the_answer_a_typed_result()
    {
        var result = RunConnected("""
            Deploy-RAAgent -Name hello -Namespace finance -Image registry.example/hello:1 -SystemPrompt 'Be brief.' `
                -Tool stripe-api -Model openai/gpt-4o-mini, @{ provider = 'openai'; model = 'text-embedding-3-small'; role = 'embedding' } `
                -Env @{ B = '2'; A = '1' } -Policy payments-approval -IdentityProvider google-oidc `
                -NewTool @{ name = 'crm'; BaseUrl = 'https://crm.example.com'; port = 443 }
            """).AssertNoErrors();

        var request = Assert.Single(Journal);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/deploy", request.RawTarget);
        var body = request.JsonBody();
        Assert.Equal("hello", body.GetProperty("agent_name").GetString());
        Assert.Equal("finance", body.GetProperty("namespace").GetString());
        Assert.Equal("registry.example/hello:1", body.GetProperty("image").GetString());
        Assert.Equal("Be brief.", body.GetProperty("system_prompt").GetString());
        Assert.Equal("""["stripe-api"]""", body.GetProperty("required_tools").GetRawText());
        Assert.Equal("""[{"provider":"openai","model":"gpt-4o-mini"},{"provider":"openai","model":"text-embedding-3-small","role":"embedding"}]""", body.GetProperty("llm_configs").GetRawText());
        Assert.Equal("""[{"name":"A","value":"1"},{"name":"B","value":"2"}]""", body.GetProperty("env").GetRawText());
        Assert.Equal("""["payments-approval"]""", body.GetProperty("policies").GetRawText());
        Assert.Equal("google-oidc", body.GetProperty("identity_provider").GetString());
        Assert.Equal("""[{"name":"crm","base_url":"https://crm.example.com","port":443}]""", body.GetProperty("tools_to_create").GetRawText());
        var deployed = Assert.IsType<DeployResult>(Assert.Single(result.Output).BaseObject);
        Assert.Equal("finance/hello", deployed.ToString());
        Assert.Equal(["crm"], deployed.ToolsCreated!);
    }

    [Fact]
    public void A_JSON_document_piped_in_is_sent_as_it_is()
    {
        const string document = """{"agent_name":"from-git","namespace":"support","image":"registry.example/g:2","system_prompt":"Hi","policies":["read-only"],"tool_url_mappings":{"https://api.stripe.com":"stripe-api"}}""";
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey").AssertNoErrors();
        shell.SetVariable("Document", document);
        Server.ClearJournal();

        shell.Run("$Document | ConvertFrom-Json | Deploy-RAAgent").AssertNoErrors();

        var sent = Assert.Single(Journal).JsonBody();
        using var expected = JsonDocument.Parse(document);
        Assert.Equal(expected.RootElement.GetRawText(), sent.GetRawText());
    }

    [Fact]
    public void The_text_of_a_JSON_document_is_sent_as_the_user_wrote_it_not_cleaned_like_the_platforms()
    {
        var result = RunConnected("""'{"agent_name":"raw","image":"registry.example/r:1","system_prompt":"Bold: \u001b[1m, bell: \u0007"}' | Deploy-RAAgent""").AssertNoErrors();

        Assert.Single(result.Output);
        Assert.Equal("Bold: \u001b[1m, bell: \u0007", Assert.Single(Journal).JsonBody().GetProperty("system_prompt").GetString());
    }

    [Fact]
    public void WhatIf_says_what_would_be_deployed_where_and_sends_nothing()
    {
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey").AssertNoErrors();
        Server.ClearJournal();

        var result = shell.Run("Deploy-RAAgent -Name hello -Namespace finance -Image registry.example/hello:1 -WhatIf").AssertNoErrors();

        Assert.Empty(Journal);
        Assert.Empty(result.Output);
        Assert.False(Server.HasAgent("finance", "hello"));
    }

    [Fact]
    public void Wait_writes_the_agent_once_it_is_Running()
    {
        Server.DeployReadyMs = 300;

        var result = RunConnected("Deploy-RAAgent -Name hello -Namespace finance -Image registry.example/hello:1 -Wait -PollIntervalSec 1").AssertNoErrors();

        var agent = Assert.IsType<Agent>(Assert.Single(result.Output).BaseObject);
        Assert.Equal("Running", agent.Phase);
        Assert.Equal(["POST", "GET"], Journal.Select(e => e.Method).Distinct());
        Assert.All(Journal.Where(e => e.Method == "GET"), e => Assert.Equal("/api/agents/finance/hello", e.RawTarget));
    }

    [Fact]
    public void Wait_turns_a_Failed_agent_into_an_error_with_its_status_message()
    {
        Server.DeployReadyMs = 0;

        var result = RunConnected("Deploy-RAAgent -Name bad -Namespace finance -Image registry.example/bad:fail -Wait -PollIntervalSec 1");

        ErrorAssert.Is(result.SingleError(), "AgentFailed", "DeployRAAgentCommand", ErrorCategory.InvalidResult, "finance/bad", "image not found");
        Assert.Empty(result.Output);
    }

    [Fact]
    public void A_folder_sends_every_file_keyed_by_its_relative_path_and_a_file_by_its_name()
    {
        var root = Directory.CreateTempSubdirectory("ra-deploy-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "app", "tools"));
        File.WriteAllText(Path.Combine(root, "app", "agent.py"), "print('hi')");
        File.WriteAllText(Path.Combine(root, "app", "tools", "refund.py"), "def refund(): pass");
        File.WriteAllText(Path.Combine(root, "requirements.txt"), "langchain");
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey").AssertNoErrors();
        shell.SetVariable("Root", root);
        Server.ClearJournal();

        shell.Run("Deploy-RAAgent -Name src -Namespace finance -Path (Join-Path $Root app), (Join-Path $Root requirements.txt) -EntryPoint agent.py").AssertNoErrors();

        var files = Assert.Single(Journal).JsonBody().GetProperty("source_files");
        Assert.Equal(["agent.py", "requirements.txt", "tools/refund.py"], files.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("def refund(): pass", files.GetProperty("tools/refund.py").GetString());
    }

    [Theory]
    [InlineData("-Path ./does-not-exist", "InvalidSourcePath", ErrorCategory.ObjectNotFound, "Cannot find the source path")]
    [InlineData("-Path $Big -MaxSourceSizeMB 1", "SourceTooLarge", ErrorCategory.LimitsExceeded, "-MaxSourceSizeMB")]
    [InlineData("-Path $Empty", "InvalidSourcePath", ErrorCategory.ObjectNotFound, "hold no files")]
    [InlineData("-Image x:1 -Model gpt-4o", "InvalidDeployment", ErrorCategory.InvalidArgument, "'provider/model'")]
    [InlineData("-Image x:1 -NewTool @{ name = 'crm' }", "InvalidDeployment", ErrorCategory.InvalidArgument, "base_url")]
    public void What_cannot_be_sent_is_an_error_before_any_request(string parameters, string id, ErrorCategory category, string words)
    {
        var root = Directory.CreateTempSubdirectory("ra-deploy-").FullName;
        var big = Path.Combine(root, "big");
        Directory.CreateDirectory(big);
        File.WriteAllText(Path.Combine(big, "blob.txt"), new string('x', 1024 * 1024 + 1));
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey").AssertNoErrors();
        shell.SetVariable("Big", big);
        shell.SetVariable("Empty", Directory.CreateDirectory(Path.Combine(root, "empty")).FullName);
        Server.ClearJournal();

        var result = shell.Run($"Deploy-RAAgent -Name x -Namespace finance {parameters}");

        ErrorAssert.Is(result.SingleError(), id, "DeployRAAgentCommand", category, null, words);
        Assert.Empty(Journal);
    }
}
