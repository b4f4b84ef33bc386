using System.Management.Automation;
using RunAgents.MockServer;
using RunAgents.PowerShell.Models;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>
/// An agent's answer cannot drive the terminal: escape sequences and other control characters in
/// anything Invoke-RAAgent writes come out as visible stand-ins.
/// </summary>
public sealed class AnswerTextTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    // Clears the screen, retitles the window, turns text red (as a C1 CSI) and overwrites the line.
    private const string Hostile = "\u001b[2J\u001b]0;owned\u0007\u009b31mred\rover";
    private const string Shown = "\u241b[2J\u241b]0;owned\u2407\ufffd31mred\u240dover";

    [Fact]
    public void A_text_answer_with_escape_sequences_is_shown_with_stand_ins()
    {
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey").AssertNoErrors();
        shell.SetVariable("Message", "text:" + Hostile);

        var result = shell.Run("""
            $PSStyle.OutputRendering = 'PlainText'
            $answer = Invoke-RAAgent support support-triage -Message $Message
            $answer
            $answer | Format-List * | Out-String
            """).AssertNoErrors();

        var answer = Assert.Single(result.OfType<AgentResponse>());
        Assert.Equal(Shown, answer.Response);
        Assert.Equal(Shown, answer.RawBody);
        Assert.Equal(Shown, answer.Body);
        AssertNoControls(result);
    }

    [Fact]
    public void Raw_writes_the_text_with_stand_ins()
    {
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey").AssertNoErrors();
        shell.SetVariable("Message", "text:" + Hostile + "\r\nnext line\tand a tab");

        var result = shell.Run("Invoke-RAAgent support support-triage -Message $Message -Raw").AssertNoErrors();

        Assert.Equal(Shown + "\r\nnext line\tand a tab", Assert.Single(result.Objects<string>()));
    }

    [Fact]
    public void Every_field_of_a_JSON_answer_and_its_parsed_body_is_shown_with_stand_ins()
    {
        var body = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["response"] = Hostile,
            ["model"] = "gpt\u001b[8m",
            ["request_id"] = "req\u0007",
            ["conversation_id"] = "conv\u009b",
            ["status"] = "approval_required",
            ["action_id"] = "act\u001b]0;x\u0007",
            ["usage"] = new Dictionary<string, object> { ["note\u001b"] = "n\u001b" },
            ["nested"] = new Dictionary<string, object> { ["key\u001b[1m"] = new[] { "v\u001b[0m", "w" } },
        });
        Server.AddFault(new FaultRule { Method = "POST", Status = 200, Body = body });

        var result = RunConnected("""
            $PSStyle.OutputRendering = 'PlainText'
            $answer = Invoke-RAAgent support support-triage -Message hi
            $answer
            $answer | Format-List * | Out-String
            $answer | Format-Table | Out-String
            $answer.Body | ConvertTo-Json -Depth 5
            """).AssertNoErrors();

        var answer = Assert.Single(result.OfType<AgentResponse>());
        Assert.Equal(Shown, answer.Response);
        Assert.Equal("gpt\u241b[8m", answer.Model);
        Assert.Equal("req\u2407", answer.RequestId);
        Assert.Equal("conv\ufffd", answer.ConversationId);
        Assert.Equal("act\u241b]0;x\u2407", answer.ActionId);
        Assert.DoesNotContain('\u001b', answer.RawBody);
        var nested = Assert.IsType<PSObject>(Assert.IsType<PSObject>(answer.Body).Properties["nested"].Value);
        var values = Assert.IsType<object[]>(nested.Properties["key\u241b[1m"].Value);
        Assert.Equal(["v\u241b[0m", "w"], values);
        var usage = Assert.IsType<PSObject>(answer.Usage);
        Assert.Equal("n\u241b", usage.Properties["note\u241b"].Value);
        Assert.Contains(result.Warnings, w => w.Contains("act\u241b]0;x\u2407", StringComparison.Ordinal));
        AssertNoControls(result);
    }

    [Fact]
    public void Property_names_the_agent_echoes_back_are_shown_with_stand_ins()
    {
        var result = RunConnected("""
            $answer = Invoke-RAAgent support support-triage -Body @{ message = 'hi'; "evil`e[31m" = "value`e[0m" }
            $answer.Body.received | Format-List * | Out-String
            """).AssertNoErrors();

        var text = Assert.Single(result.Objects<string>());
        Assert.Contains("evil\u241b[31m", text);
        Assert.Contains("value\u241b[0m", text);
    }

    /// <summary>Fails when any text the run showed holds a control character a terminal would act on.</summary>
    private static void AssertNoControls(PSResult result)
    {
        foreach (var text in result.AllText())
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                var allowed = c is '\t' or '\n' || (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n');
                Assert.False(!allowed && (c < ' ' || c is >= '\u007f' and <= '\u009f'), $"U+{(int)c:X4} reached the output: {text}");
            }
        }
    }
}
