using RunAgents.PowerShell.Models;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>Invoke-RAAgent -Stream at a console: what the user sees as the answer is written.</summary>
public sealed class StreamConsoleTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Fact]
    public void The_deltas_are_written_to_the_console_as_they_come_and_the_answer_ends_its_line_once()
    {
        var (host, shell) = ConsoleShell();

        var result = shell.Run("Invoke-RAAgent agent-system payment-agent -Message 'one two' -Stream").AssertNoErrors();

        var answer = Assert.Single(result.Objects<AgentResponse>());
        Assert.Equal("Echo: one two", answer.Response);
        Assert.Equal(new[] { "Echo: ", "one ", "two", string.Empty }, host.Lines.Where(l => !l.StartsWith("Agent ", StringComparison.Ordinal)).ToArray());
    }

    [Fact]
    public void An_error_mid_answer_starts_a_line_of_its_own_after_the_text_so_far()
    {
        var (host, shell) = ConsoleShell();

        // The error goes to the console as it comes, as at a prompt.
        shell.Run("Invoke-RAAgent agent-system payment-agent -Message 'stream-error:a b c d' -Stream 2>&1 | Out-Host").AssertNoErrors();

        // The text so far, then the line end, then the error: not the error's text after the answer's last words.
        var lines = host.Lines.ToArray();
        Assert.Equal(new[] { "Echo: ", "a ", string.Empty }, lines.Take(3).ToArray());
        Assert.Contains("failed while answering: model provider failed mid-answer.", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void The_answer_carries_the_request_id_the_platform_gave_the_stream()
    {
        var (_, shell) = ConsoleShell();

        var answer = Assert.Single(shell.Run("Invoke-RAAgent agent-system payment-agent -Message 'hi' -Stream").AssertNoErrors().Objects<AgentResponse>());

        Assert.Matches("^req-[0-9]+$", answer.RequestId);
    }
}
