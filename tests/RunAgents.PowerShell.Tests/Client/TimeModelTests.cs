using System.Reflection;
using System.Text.Json;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>
/// Every time of the models is an instant: a DateTimeOffset in UTC, read from whatever way the server writes it,
/// so that it compares right with a local clock and reads the same on every machine.
/// </summary>
public sealed class TimeModelTests
{
    [Fact]
    public void Every_time_of_the_models_is_a_DateTimeOffset()
    {
        var properties = typeof(Run).Assembly.GetTypes()
            .Where(t => t.IsPublic && t.Namespace == typeof(Run).Namespace)
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance), (t, p) => (Name: t.Name + "." + p.Name, Type: Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType))
            .ToList();

        Assert.Empty(properties.Where(p => p.Type == typeof(DateTime)).Select(p => p.Name));
        var times = properties.Where(p => p.Type == typeof(DateTimeOffset)).Select(p => p.Name).ToList();
        Assert.All(
            new[] { "AccessRequest.CreatedAt", "AccessRequest.ExpiresAt", "AccessRequest.UpdatedAt", "Run.CreatedAt", "Run.UpdatedAt", "RunEvent.Timestamp", "Tool.LastProbeTime" },
            name => Assert.Contains(name, times));
    }

    [Theory]
    [InlineData("2026-11-29T10:00:00+02:00", "2026-11-29T08:00:00.0000000Z")]
    [InlineData("2026-11-29T03:00:00-05:00", "2026-11-29T08:00:00.0000000Z")]
    [InlineData("2026-11-29T08:00:00Z", "2026-11-29T08:00:00.0000000Z")]
    [InlineData("2026-11-29T08:00:00.123456789Z", "2026-11-29T08:00:00.1234568Z")]
    [InlineData("2026-11-29 08:00:00", "2026-11-29T08:00:00.0000000Z")]
    [InlineData("2026-11-29T08:00:00", "2026-11-29T08:00:00.0000000Z")]
    [InlineData("Sun, 29 Nov 2026 08:00:00 GMT", "2026-11-29T08:00:00.0000000Z")]
    public void A_time_is_read_as_its_instant_with_the_offset_zero(string sent, string instant)
    {
        var run = Read($$"""{"id":"run-1","created_at":"{{sent}}"}""");

        Assert.Equal(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture), run.CreatedAt);
        Assert.Equal(TimeSpan.Zero, run.CreatedAt!.Value.Offset);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"yesterday\"")]
    [InlineData("1764410400")]
    [InlineData("null")]
    [InlineData("{\"seconds\":1}")]
    public void A_time_the_module_cannot_read_is_null_and_the_rest_is_read(string sent)
    {
        var run = Read($$"""{"id":"run-1","created_at":{{sent}},"status":"RUNNING"}""");

        Assert.Null(run.CreatedAt);
        Assert.Equal("RUNNING", run.Status);
    }

    [Fact]
    public void Every_time_is_written_back_as_RFC_3339_in_UTC()
    {
        var item = JsonSerializer.Deserialize("""{"seq":1,"timestamp":"2026-11-29T10:00:00.5+02:00"}""", RunAgentsJsonContext.Default.RunEvent)!;

        using var written = JsonDocument.Parse(JsonSerializer.Serialize(item, RunAgentsJsonContext.Default.RunEvent));

        Assert.Equal("2026-11-29T08:00:00.5000000+00:00", written.RootElement.GetProperty("timestamp").GetString());
    }

    private static Run Read(string json) => JsonSerializer.Deserialize(json, RunAgentsJsonContext.Default.Run)!;
}
