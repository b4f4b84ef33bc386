using System.Text.Json;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>Invoke-RAActionPlan asks once per action, and sends a plan of the actions the user confirmed only.</summary>
public sealed class ActionPlanConfirmationTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    private const string Plan =
        "$plan = @{ plan_id = 'p-1'; actions = @(" +
        "@{ id = 'a1'; type = 'tool.upsert'; idempotency_key = 'k-tool'; params = @{ name = 'ledger-api'; spec = @{ connection = @{ baseUrl = 'https://ledger.example.com' } } } }, " +
        "@{ id = 'a2'; type = 'policy.upsert'; idempotency_key = 'k-policy'; params = @{ name = 'ledger-read'; spec = @{ policies = @() } } }) }; ";

    [Fact]
    public void Each_action_is_asked_about_and_only_the_confirmed_ones_are_sent()
    {
        var (host, shell) = ConsoleShell();
        host.Answers.Enqueue("No");
        host.Answers.Enqueue("Yes");

        shell.Run(Plan + "$plan | Invoke-RAActionPlan -Confirm").AssertNoErrors();

        Assert.Equal(2, host.Prompts.Count);
        Assert.Contains("tool.upsert 'ledger-api'", host.Prompts[0]);
        Assert.Contains("policy.upsert 'ledger-read'", host.Prompts[1]);
        var sent = Assert.Single(Journal);
        Assert.Equal("POST", sent.Method);
        using var body = JsonDocument.Parse(sent.Body);
        var action = Assert.Single(body.RootElement.GetProperty("actions").EnumerateArray());
        Assert.Equal("k-policy", action.GetProperty("idempotency_key").GetString());
    }

    [Fact]
    public void No_to_every_action_sends_nothing()
    {
        var (host, shell) = ConsoleShell();
        host.Answer = "No";

        shell.Run(Plan + "$plan | Invoke-RAActionPlan -Confirm").AssertNoErrors();

        Assert.Equal(2, host.Prompts.Count);
        Assert.Empty(Journal);
    }
}
