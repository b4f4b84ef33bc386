using System.Text.Json;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>
/// An access request's scope and duration read as Approve-RAAccessRequest takes them back: the scope by the names of
/// -Scope, the duration as a TimeSpan from the platform's Go duration text. What cannot be read is kept, never a failed answer.
/// </summary>
public sealed class ApprovalDecisionModelTests
{
    [Theory]
    [InlineData("4h", 4 * 3600.0)]
    [InlineData("4h0m0s", 4 * 3600.0)]
    [InlineData("90m", 90 * 60.0)]
    [InlineData("1h30m", 90 * 60.0)]
    [InlineData("45s", 45.0)]
    [InlineData("1.5h", 90 * 60.0)]
    [InlineData("1m30.5s", 90.5)]
    [InlineData("2h45m0.5s", (2 * 3600) + (45 * 60) + 0.5)]
    [InlineData("500ms", 0.5)]
    [InlineData("1500us", 0.0015)]
    [InlineData("1500\u00b5s", 0.0015)]
    [InlineData(".5s", 0.5)]
    [InlineData("0", 0.0)]
    [InlineData("-1h", -3600.0)]
    [InlineData("+1m", 60.0)]
    public void Go_duration_text_is_read_as_Go_reads_it(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond)), GoDuration.TryParse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("4")]
    [InlineData("00")]
    [InlineData("1h30")]
    [InlineData("2d")]
    [InlineData("4H")]
    [InlineData("h")]
    [InlineData(".h")]
    [InlineData("1..5h")]
    [InlineData("-")]
    [InlineData("4 h")]
    [InlineData("04:00:00")]
    [InlineData("99999999999999999999999999999h")]
    public void Text_Go_would_refuse_is_no_duration(string text)
    {
        Assert.Null(GoDuration.TryParse(text));
    }

    [Theory]
    [InlineData(4 * 3600.0, "4h")]
    [InlineData(90 * 60.0, "1h30m")]
    [InlineData(45.0, "45s")]
    [InlineData(3601.0, "1h1s")]
    [InlineData(90.5, "1m30.5s")]
    [InlineData(30 * 24 * 3600.0, "720h")]
    [InlineData(0.0, "0s")]
    public void A_duration_is_written_as_Go_text_without_its_zero_parts(double seconds, string text)
    {
        var span = TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

        Assert.Equal(text, GoDuration.Format(span));
        Assert.Equal(span, GoDuration.TryParse(text));
    }

    [Theory]
    [InlineData("once", "Once")]
    [InlineData("run", "Run")]
    [InlineData("agent_user_ttl", "Window")]
    [InlineData("AGENT_USER_TTL", "Window")]
    [InlineData("Window", "Window")]
    [InlineData("agent_session", "agent_session")]
    public void A_scope_reads_as_the_name_Scope_takes_and_one_the_module_does_not_know_as_its_text(string sent, string read)
    {
        var request = Read($$"""{"id":"r","scope":"{{sent}}"}""");

        Assert.Equal(read, request.Scope);
    }

    [Fact]
    public void A_window_reads_as_a_TimeSpan()
    {
        var request = Read("""{"id":"r","status":"APPROVED","scope":"agent_user_ttl","duration":"4h0m0s"}""");

        Assert.Equal(TimeSpan.FromHours(4), request.Duration);
        Assert.Null(request.DurationText);
        Assert.Equal("Window", request.Scope);
    }

    [Theory]
    [InlineData("""{"id":"r","duration":"until revoked"}""", "until revoked")]
    [InlineData("""{"id":"r","duration":14400000000000}""", "14400000000000")]
    [InlineData("""{"id":"r","duration":true}""", "true")]
    [InlineData("""{"id":"r","duration":"4h\u001b[31m"}""", "4h\u241b[31m")]
    public void A_duration_that_is_not_Go_text_is_kept_as_the_platform_wrote_it(string json, string kept)
    {
        var request = Read(json);

        Assert.Null(request.Duration);
        Assert.Equal(kept, request.DurationText);
        Assert.Equal("r", request.Id);
    }

    [Theory]
    [InlineData("""{"id":"r"}""")]
    [InlineData("""{"id":"r","duration":null}""")]
    [InlineData("""{"id":"r","duration":""}""")]
    [InlineData("""{"id":"r","duration":{"hours":4}}""")]
    [InlineData("""{"id":"r","duration":[]}""")]
    public void No_duration_reads_as_none(string json)
    {
        var request = Read(json);

        Assert.Null(request.Duration);
        Assert.Null(request.DurationText);
    }

    private static AccessRequest Read(string json) => JsonSerializer.Deserialize(json, RunAgentsJsonContext.Default.AccessRequest)!;
}
