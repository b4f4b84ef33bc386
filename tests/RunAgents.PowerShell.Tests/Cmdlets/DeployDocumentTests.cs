using System.Management.Automation;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>
/// A deploy document is checked before anything is sent, and before -WhatIf says anything: fields the API does not
/// know, fields given twice, names the platform cannot hold, and what a deploy needs.
/// </summary>
public sealed class DeployDocumentTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Theory]
    [InlineData("""{"agent_name":"x","image":"i:1","requiredTools":["a"]}""", "InvalidDeployment", "Did you mean 'required_tools'?")]
    [InlineData("""{"agent_name":"x","image":"i:1","image":"i:2"}""", "InvalidDeployment", "has the field 'image' twice")]
    [InlineData("""{"agent_name":"x","Agent_Name":"y","image":"i:1"}""", "InvalidDeployment", "has the field 'Agent_Name' twice")]
    [InlineData("""{"agent_name":"../../etc","image":"i:1"}""", "InvalidAgentName", "'../../etc' cannot be the agent name")]
    [InlineData("""{"agent_name":"Payment Agent","image":"i:1"}""", "InvalidAgentName", "Perhaps 'payment-agent'?")]
    [InlineData("""{"agent_name":"pay\u001b[2Jment","image":"i:1"}""", "InvalidAgentName", "'pay\\u001b[2Jment'")]
    [InlineData("""{"agent_name":"pay\nment","image":"i:1"}""", "InvalidAgentName", "'pay\\u000ament'")]
    [InlineData("""{"agent_name":"x","namespace":"a\u009bb","image":"i:1"}""", "InvalidAgentName", "cannot be the namespace")]
    [InlineData("""{"agent_name":"x"}""", "InvalidDeployment", "nothing for the agent to run")]
    [InlineData("""{"agent_name":"x","source_files":{}}""", "InvalidDeployment", "nothing for the agent to run")]
    [InlineData("""{"agent_name":"x","image":"i:1","tools_to_create":[{"name":"crm","baseUrl":"https://crm"}]}""", "InvalidDeployment", "Did you mean 'base_url'?")]
    public void WhatIf_says_nothing_of_a_document_the_platform_would_refuse_and_nothing_is_sent(string document, string id, string words)
    {
        var host = new RecordingHost();
        var shell = Own(new TestShell(Server.BaseUri, TestKeys.Valid, host));
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey").AssertNoErrors();
        shell.SetVariable("Document", document);
        Server.ClearJournal();

        var result = shell.Run("$Document | Deploy-RAAgent -WhatIf");

        ErrorAssert.Is(result.SingleError(), id, "DeployRAAgentCommand", ErrorCategory.InvalidArgument, null, words);
        Assert.DoesNotContain(host.Lines, line => line.Contains("What if", StringComparison.Ordinal));
        Assert.All(result.AllText().Concat(host.Lines), text => Assert.DoesNotMatch("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]", text));
        Assert.Empty(Journal);
    }

    [Fact]
    public void A_document_that_refers_to_itself_is_an_error_of_its_own_and_the_next_document_goes()
    {
        var result = RunConnected("""
            $tool = @{ name = 'crm'; base_url = 'https://crm.example.com' }
            $tool.description = $tool
            $deep = @{ level = 0 }; foreach ($i in 1..200) { $deep = @{ level = $deep } }
            @{ agent_name = 'a'; image = 'i:1'; tools_to_create = @($tool) },
                @{ agent_name = 'b'; image = 'i:1'; llm_configs = @(@{ provider = 'openai'; model = 'gpt-4o'; role = $deep }) },
                @{ agent_name = 'c'; image = 'i:1' } | Deploy-RAAgent
            """);

        Assert.Null(result.Terminating);
        Assert.Equal(2, result.Errors.Count);
        ErrorAssert.Is(result.Errors[0], "InvalidDeployment", "DeployRAAgentCommand", ErrorCategory.InvalidArgument, null, "tools_to_create[0].description must be text");
        ErrorAssert.Is(result.Errors[1], "InvalidDeployment", "DeployRAAgentCommand", ErrorCategory.InvalidArgument, null, "llm_configs[0].role must be text");
        var body = Assert.Single(Journal).JsonBody();
        Assert.Equal(["agent_name", "image"], body.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("c", body.GetProperty("agent_name").GetString());
    }

    [Fact]
    public void An_agent_read_back_from_Import_Clixml_deploys_with_what_it_holds()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ra-agent-").FullName, "agent.xml");
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey").AssertNoErrors();
        shell.SetVariable("File", path);
        shell.Run("Get-RAAgent support/support-triage | Export-Clixml -LiteralPath $File").AssertNoErrors();
        Server.ClearJournal();

        shell.Run("Import-Clixml -LiteralPath $File | Deploy-RAAgent -Image registry.example/triage:2").AssertNoErrors();

        var body = Assert.Single(Journal).JsonBody();
        Assert.Equal("support-triage", body.GetProperty("agent_name").GetString());
        Assert.Equal("support", body.GetProperty("namespace").GetString());
        Assert.Equal("registry.example/triage:2", body.GetProperty("image").GetString());
        Assert.Equal("""["ticketing-api","kb-search"]""", body.GetProperty("required_tools").GetRawText());
        Assert.Equal("""[{"provider":"anthropic","model":"claude-3-5-sonnet-20241022"}]""", body.GetProperty("llm_configs").GetRawText());
        Assert.Contains("""{"name":"DEFAULT_QUEUE","value":"tier-1"}""", body.GetProperty("env").GetRawText());
        Assert.Equal("github-oidc", body.GetProperty("identity_provider").GetString());
    }

    [Fact]
    public void Model_and_NewTool_take_the_keys_the_document_does()
    {
        var result = RunConnected("Deploy-RAAgent -Name x -Image i:1 -Model @{ provider = 'openai'; model = 'gpt-4o'; role = 'chat' } -NewTool @{ name = 'crm'; base_url = 'https://crm'; scheme = 'HTTPS'; port = 8443 }").AssertNoErrors();

        Assert.Single(result.Output);
        var body = Assert.Single(Journal).JsonBody();
        Assert.Equal("""[{"provider":"openai","model":"gpt-4o","role":"chat"}]""", body.GetProperty("llm_configs").GetRawText());
        Assert.Equal("""[{"name":"crm","base_url":"https://crm","port":8443,"scheme":"HTTPS"}]""", body.GetProperty("tools_to_create").GetRawText());
    }
}
