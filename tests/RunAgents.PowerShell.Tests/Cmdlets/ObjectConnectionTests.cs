using System.Management.Automation;
using RunAgents.MockServer;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>
/// An object the module writes remembers the platform it came from, and a cmdlet given that object acts
/// on that platform: never on the current connection, unless -Connection says so on the command line.
/// </summary>
public sealed class ObjectConnectionTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    private const string Elsewhere = "/api/agents/elsewhere/only-on-second";

    [Fact]
    public void Remove_deletes_piped_agents_on_the_platform_they_came_from()
    {
        // The same agent on both platforms: deleting it on the current one would be the data loss.
        Server.PutAgent(MockServerFixture.SecondServerAgent);
        var shell = TwoPlatforms();

        shell.Run("Get-RAAgent -Connection $second | Remove-RAAgent -Force").AssertNoErrors();

        Assert.Equal(["GET /api/agents", "DELETE " + Elsewhere], Requests(Second));
        Assert.Empty(Journal);
        Assert.False(Second.HasAgent("elsewhere", "only-on-second"));
        Assert.True(Server.HasAgent("elsewhere", "only-on-second"));
    }

    [Fact]
    public void Invoke_talks_to_piped_agents_on_their_platform_and_its_answers_remember_it()
    {
        var shell = TwoPlatforms();

        var result = shell.Run("Get-RAAgent -Connection $second | Invoke-RAAgent -Message hi | Invoke-RAAgent -Message again").AssertNoErrors();

        Assert.Equal(["GET /api/agents", $"POST {Elsewhere}/invoke", $"POST {Elsewhere}/invoke"], Requests(Second));
        Assert.Empty(Journal);
        Assert.Equal("Echo: again", Assert.Single(result.Objects<Models.AgentResponse>()).Response);
    }

    [Fact]
    public void Wait_polls_piped_agents_on_their_platform_and_the_agents_it_writes_remember_it()
    {
        var shell = TwoPlatforms();

        shell.Run("Get-RAAgent -Connection $second | Wait-RAAgent | Remove-RAAgent -Force").AssertNoErrors();

        Assert.Equal(["GET /api/agents", "GET " + Elsewhere, "DELETE " + Elsewhere], Requests(Second));
        Assert.Empty(Journal);
    }

    [Fact]
    public void Get_fetches_a_piped_agent_again_from_its_platform()
    {
        var shell = TwoPlatforms();

        var result = shell.Run("Get-RAAgent -Connection $second | Get-RAAgent").AssertNoErrors();

        Assert.Equal("elsewhere/only-on-second", Assert.Single(result.Objects<Models.Agent>()).ToString());
        Assert.Equal(["GET /api/agents", "GET " + Elsewhere], Requests(Second));
        Assert.Empty(Journal);
    }

    [Fact]
    public void Connection_on_the_command_line_wins_over_the_one_the_objects_came_with()
    {
        Server.PutAgent(MockServerFixture.SecondServerAgent);
        var shell = TwoPlatforms();
        shell.Run("$agents = Get-RAAgent -Connection $second").AssertNoErrors();
        Second.ClearJournal();

        shell.Run("""
            $agents | Wait-RAAgent -Connection $main
            $agents | Invoke-RAAgent -Connection $main -Message hi
            $agents | Remove-RAAgent -Connection $main -Force
            """).AssertNoErrors();

        Assert.Equal(["GET " + Elsewhere, $"POST {Elsewhere}/invoke", "DELETE " + Elsewhere], Requests(Server));
        Assert.Empty(Second.Journal);
        Assert.True(Second.HasAgent("elsewhere", "only-on-second"));
    }

    [Fact]
    public void Objects_that_went_through_Clixml_act_on_the_platform_they_name_and_are_refused_elsewhere()
    {
        Server.PutAgent(MockServerFixture.SecondServerAgent);
        var shell = TwoPlatforms();
        shell.SetVariable("Folder", TestEnvironment.NewFolder());
        shell.Run("""
            Get-RAAgent -Connection $second | Export-Clixml -LiteralPath "$Folder/agents.xml"
            Get-RAAgent -Connection $second | Invoke-RAAgent -Message hi | Export-Clixml -LiteralPath "$Folder/answers.xml"
            """).AssertNoErrors();
        Server.ClearJournal();
        Second.ClearJournal();

        // The current connection is the main platform: the objects name the second, so nothing is sent anywhere.
        var refused = shell.Run("""
            $agents = Import-Clixml -LiteralPath "$Folder/agents.xml"
            $agents | Wait-RAAgent
            Import-Clixml -LiteralPath "$Folder/answers.xml" | Invoke-RAAgent -Message hi
            $agents | Remove-RAAgent -Force
            """);

        Assert.Equal(["PlatformMismatch", "PlatformMismatch", "PlatformMismatch"], refused.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.All(refused.Errors, e => Assert.Contains(Second.BaseUri.ToString(), e.Exception.Message, StringComparison.Ordinal));
        Assert.Empty(Journal);
        Assert.Empty(Second.Journal);

        // -Connection says where: the platform the objects came from.
        shell.Run("""
            $agents | Wait-RAAgent -Connection $second
            Import-Clixml -LiteralPath "$Folder/answers.xml" | Invoke-RAAgent -Message hi -Connection $second
            $agents | Remove-RAAgent -Force -Connection $second
            """).AssertNoErrors();

        Assert.Equal(["GET " + Elsewhere, $"POST {Elsewhere}/invoke", "DELETE " + Elsewhere], Requests(Second));
        Assert.Empty(Journal);
    }

    [Fact]
    public void A_pipeline_that_mixes_two_platforms_sends_each_object_to_its_own()
    {
        var shell = TwoPlatforms();
        shell.Run("$mixed = @(Get-RAAgent -Connection $second) + @(Get-RAAgent -Namespace finance -Name invoice-processor)").AssertNoErrors();
        Server.ClearJournal();
        Second.ClearJournal();
        const string Invoice = "/api/agents/finance/invoice-processor";

        shell.Run("""
            $mixed | Invoke-RAAgent -Message hi -ThrottleLimit 2 | Invoke-RAAgent -Message again -ThrottleLimit 2
            $mixed | Wait-RAAgent | Remove-RAAgent -Force
            """).AssertNoErrors();

        Assert.Equal([$"POST {Elsewhere}/invoke", $"POST {Elsewhere}/invoke", "GET " + Elsewhere, "DELETE " + Elsewhere], Requests(Second));
        Assert.Equal([$"POST {Invoice}/invoke", $"POST {Invoice}/invoke", "GET " + Invoice, "DELETE " + Invoice], Requests(Server));
    }

    [Fact]
    public void WhatIf_sends_nothing_to_the_platform_the_agents_came_from()
    {
        var shell = TwoPlatforms();

        shell.Run("Get-RAAgent -Connection $second | Remove-RAAgent -Force -WhatIf").AssertNoErrors();

        Assert.Equal(["GET /api/agents"], Requests(Second));
        Assert.Empty(Journal);
        Assert.True(Second.HasAgent("elsewhere", "only-on-second"));
    }

    [Fact]
    public void Objects_that_carry_their_connection_need_no_current_one()
    {
        var shell = TwoPlatforms();

        shell.Run("""
            Disconnect-RAService
            Get-RAAgent -Connection $second | Invoke-RAAgent -Message hi | Wait-RAAgent | Remove-RAAgent -Force
            """).AssertNoErrors();

        Assert.Equal(["GET /api/agents", $"POST {Elsewhere}/invoke", "GET " + Elsewhere, "DELETE " + Elsewhere], Requests(Second));
        Assert.Empty(Journal);
    }

    [Fact]
    public void Piped_objects_without_a_connection_still_stop_with_NotConnected_when_there_is_none()
    {
        var shell = TwoPlatforms();

        var result = shell.Run("""
            Disconnect-RAService
            try { [pscustomobject]@{ Namespace = 'finance'; Name = 'fraud-detector' } | Remove-RAAgent -Force } catch { $_ }
            """);

        ErrorAssert.Is(ErrorAssert.Caught(result), "NotConnected", "RemoveRAAgentCommand", ErrorCategory.InvalidOperation);
        Assert.Empty(Journal);
        Assert.Empty(Second.Journal);
    }

    [Theory]
    [InlineData("$null")]
    [InlineData("'https://api.runagents.io'")]
    [InlineData("($second | ConvertTo-Json | ConvertFrom-Json)")]
    public void A_Connection_on_the_command_line_that_is_not_one_is_refused_before_any_request(string value)
    {
        Server.PutAgent(MockServerFixture.SecondServerAgent);
        var shell = TwoPlatforms();

        var result = shell.Run($"try {{ Remove-RAAgent -Namespace elsewhere -Name only-on-second -Force -Connection {value} }} catch {{ $_ }}");

        ErrorAssert.Is(ErrorAssert.Caught(result), "InvalidConnection", "RemoveRAAgentCommand", ErrorCategory.InvalidArgument, null, "Connect-RAService -PassThru");
        Assert.Empty(Journal);
        Assert.Empty(Second.Journal);
    }

    [Fact]
    public void The_link_to_the_connection_is_no_member_of_the_object_and_the_cmdlets_still_follow_it()
    {
        var shell = TwoPlatforms();

        var result = shell.Run("""
            $agent = Get-RAAgent -Connection $second
            $answer = $agent | Invoke-RAAgent -Message hi
            $answer | Get-RARun | Out-Null
            @($agent, $answer | ForEach-Object { $_.PSObject.Properties.Match('Connection').Count }) + ($agent.Platform -eq $second.Uri.AbsoluteUri)
            """).AssertNoErrors();

        Assert.Equal([0, 0, true], result.Output.Select(o => o.BaseObject));
        Assert.Empty(Journal);
        Assert.Contains(Second.Journal, e => e.RawTarget.StartsWith("/runs/", StringComparison.Ordinal));
    }

    [Fact]
    public void The_connection_shows_nowhere_and_its_address_only_as_the_Platform_property()
    {
        var shell = TwoPlatforms();
        shell.SetVariable("Folder", TestEnvironment.NewFolder());

        var result = shell.Run("""
            $agent = Get-RAAgent -Connection $second
            $answer = $agent | Invoke-RAAgent -Message hi
            foreach ($item in $agent, $answer) {
                $item | Format-Table | Out-String
                $item | Format-List | Out-String
                $item | Format-Table * | Out-String
                $item | Format-List * -Force | Out-String
                $item | Select-Object * | Format-List | Out-String
                $item | Get-Member | Out-String
                $item | Export-Csv -LiteralPath "$Folder/item.csv"
                Get-Content -Raw -LiteralPath "$Folder/item.csv"
                $item | ConvertTo-Json -Depth 5
            }
            """).AssertNoErrors();

        var texts = result.Output.Select(o => o.ToString()).ToList();
        Assert.Equal(16, texts.Count);
        Assert.Contains(texts, t => t.Contains("only-on-second", StringComparison.Ordinal));
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i];
            Assert.DoesNotContain("Connection", text, StringComparison.Ordinal);
            Assert.DoesNotContain("****", text, StringComparison.Ordinal);

            // The default views leave the platform out; every full listing has it as Platform (Format-Table * cuts it at the width).
            var view = i % 8;
            if (view < 2)
            {
                Assert.DoesNotContain(Second.BaseUri.Authority, text, StringComparison.Ordinal);
            }
            else if (view is 3 or 4 or 6 or 7)
            {
                Assert.Contains("Platform", text, StringComparison.Ordinal);
                Assert.Contains(Second.BaseUri.AbsoluteUri, text, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>A shell whose current connection is the main server, with <c>$main</c> and <c>$second</c> set; both journals empty.</summary>
    private TestShell TwoPlatforms()
    {
        var shell = Shell();
        shell.SetVariable("SecondUri", Second.BaseUri);
        shell.Run("""
            $second = Connect-RAService -Uri $SecondUri -ApiKey $ApiKey -PassThru
            $main = Connect-RAService -Uri $Uri -ApiKey $ApiKey -PassThru
            """).AssertNoErrors();
        Server.ClearJournal();
        Second.ClearJournal();
        return shell;
    }

    private static List<string> Requests(MockRunAgentsServer server) => server.Journal.Select(e => e.Method + " " + e.RawTarget).ToList();
}
