using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>
/// Approving or denying grants or refuses an agent access to a tool: it confirms like a delete (ConfirmImpact High,
/// -Force), and every prompt and What if line names the platform when it is not the current connection's.
/// </summary>
public sealed class DecisionConfirmationTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    private const string Request = """[{"id":"ar-1","status":"PENDING","agent_id":"payment-approver","tool_id":"stripe-api","subject":"user@example.com"}]""";

    [Theory]
    [InlineData("Approve-RAAccessRequest")]
    [InlineData("Deny-RAAccessRequest")]
    public void A_decision_asks_by_default_and_No_decides_nothing(string cmdlet)
    {
        Server.PutAccessRequests(Request);
        var (host, shell) = ConsoleShellOnBoth();
        host.Answer = "No";

        shell.Run($"{cmdlet} ar-1").AssertNoErrors();

        var prompt = Assert.Single(host.Prompts);
        Assert.Contains("ar-1 (agent 'payment-approver', tool 'stripe-api', status PENDING)", prompt);
        Assert.DoesNotContain(" on http", prompt);
        Assert.Equal(["GET /governance/requests/ar-1"], Requests());
    }

    [Theory]
    [InlineData("Approve-RAAccessRequest", "approve")]
    [InlineData("Deny-RAAccessRequest", "reject")]
    public void Force_decides_without_asking(string cmdlet, string verb)
    {
        Server.PutAccessRequests(Request);
        var (host, shell) = ConsoleShellOnBoth();

        shell.Run($"{cmdlet} ar-1 -Force").AssertNoErrors();

        Assert.Empty(host.Prompts);
        Assert.Equal(["GET /governance/requests/ar-1", $"POST /governance/requests/ar-1/{verb}"], Requests());
    }

    [Theory]
    [InlineData("Approve-RAAccessRequest")]
    [InlineData("Deny-RAAccessRequest")]
    public void A_host_that_cannot_ask_decides_nothing_without_Force(string cmdlet)
    {
        Server.PutAccessRequests(Request);

        var result = RunConnected($"{cmdlet} ar-1");

        var error = result.SingleError();
        Assert.Equal($"ConfirmationRequired,RunAgents.PowerShell.Cmdlets.{cmdlet.Replace("-", string.Empty)}Command", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
        Assert.Contains("Pass -Force (or -Confirm:$false)", error.Exception.Message);
        Assert.DoesNotContain(Journal, e => e.Method == "POST");
    }

    [Theory]
    [InlineData("Approve-RAAccessRequest")]
    [InlineData("Deny-RAAccessRequest")]
    public void WhatIf_wins_over_Force_and_an_explicit_Confirm_still_asks(string cmdlet)
    {
        Server.PutAccessRequests(Request);
        var (host, shell) = ConsoleShellOnBoth();
        host.Answer = "No";

        shell.Run($"{cmdlet} ar-1 -Force -WhatIf; {cmdlet} ar-1 -Force -Confirm").AssertNoErrors();

        Assert.Contains(host.Lines, l => l.StartsWith("What if:", StringComparison.Ordinal) && l.Contains("ar-1 (agent 'payment-approver'"));
        Assert.Single(host.Prompts);
        Assert.DoesNotContain(Journal, e => e.Method == "POST");
    }

    [Fact]
    public void Prompts_and_What_if_lines_name_the_platform_of_objects_from_another_one()
    {
        Second.PutAccessRequests(Request);
        Second.PutAgent(MockServerFixture.SecondServerAgent);
        var (host, shell) = ConsoleShellOnBoth();
        shell.SetVariable("SecondUri", Second.BaseUri);
        shell.Run("""
            $second = Connect-RAService -Uri $SecondUri -ApiKey $ApiKey -PassThru
            Connect-RAService -Uri $Uri -ApiKey $ApiKey
            $request = Get-RAAccessRequest -Connection $second
            $agent = Get-RAAgent -Connection $second
            """).AssertNoErrors();
        host.Answer = "No";

        shell.Run("""
            $request | Approve-RAAccessRequest -WhatIf
            Deny-RAAccessRequest -InputObject $request -WhatIf
            $agent | Remove-RAAgent -WhatIf
            $request | Approve-RAAccessRequest
            Get-RAAgent finance/fraud-detector | Remove-RAAgent -WhatIf
            """).AssertNoErrors();

        var whatIf = host.Lines.Where(l => l.StartsWith("What if:", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, whatIf.Count);
        var elsewhere = $" on {Second.BaseUri}\"";
        Assert.EndsWith($"ar-1 (agent 'payment-approver', tool 'stripe-api', status PENDING){elsewhere}.", whatIf[0]);
        Assert.EndsWith($"ar-1 (agent 'payment-approver', tool 'stripe-api', status PENDING){elsewhere}.", whatIf[1]);
        Assert.EndsWith($"\"elsewhere/only-on-second{elsewhere}.", whatIf[2]);
        Assert.EndsWith("\"finance/fraud-detector\".", whatIf[3]);
        Assert.EndsWith($"status PENDING) on {Second.BaseUri}", Assert.Single(host.Prompts).TrimEnd('.', '?', ' ', '"'));
        Assert.DoesNotContain(Second.Journal, e => e.Method is "POST" or "DELETE");
        Assert.DoesNotContain(Journal, e => e.Method is "POST" or "DELETE" || e.RawTarget.StartsWith("/governance", StringComparison.Ordinal));
    }

    private List<string> Requests() => Journal.Select(e => e.Method + " " + e.RawTarget).ToList();

    /// <summary>A console shell (<see cref="MockServerTest.ConsoleShell"/>) with the second platform's journal cleared too.</summary>
    private (RecordingHost Host, TestShell Shell) ConsoleShellOnBoth()
    {
        var console = ConsoleShell();
        Second.ClearJournal();
        return console;
    }
}
