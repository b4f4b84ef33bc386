using System.Globalization;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>
/// Times compared with the local clock, as a user filters them, in zones west and east of UTC: a run, an access
/// request or an event is as old as it is, whatever the zone.
/// </summary>
public sealed class LocalClockTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    public static TheoryData<string> Zones => new() { "America/New_York", "Asia/Tokyo" };

    [Theory]
    [MemberData(nameof(Zones))]
    public void Runs_newer_or_older_than_the_local_clock_says_are_the_ones_it_means(string zone)
    {
        ArrangeRuns();
        Own(new LocalTimeZone(zone));

        var result = RunConnected("""
            $runs = Get-RARun -Status *
            ($runs | Where-Object CreatedAt -gt (Get-Date).AddMinutes(-10)).Id -join ','
            ($runs | Where-Object CreatedAt -lt (Get-Date).AddHours(-2)).Id -join ','
            ($runs | Where-Object { $_.CreatedAt -ge [datetime]::UtcNow.AddHours(-2) }).Id -join ','
            ($runs | Sort-Object CreatedAt).Id -join ','
            ($runs | Sort-Object CreatedAt -Descending | Select-Object -First 1).Id
            [int]([DateTimeOffset]::Now - ($runs | Where-Object Id -eq run-hour).CreatedAt).TotalMinutes
            """).AssertNoErrors();

        // Get-RARun writes the runs newest first, so the filters keep that order.
        Assert.Equal(["run-new", "run-old", "run-new,run-hour", "run-old,run-hour,run-new", "run-new", "60"], result.Output.Select(o => o.ToString()));
    }

    [Theory]
    [MemberData(nameof(Zones))]
    public void Access_requests_and_events_compare_with_the_local_clock_by_their_instant(string zone)
    {
        var now = DateTimeOffset.UtcNow;
        Server.PutAccessRequests($$"""
            [{"id":"ar-old","status":"PENDING","created_at":"{{Utc(now.AddHours(-3))}}","expires_at":"{{Utc(now.AddHours(-1))}}"},
             {"id":"ar-new","status":"PENDING","created_at":"{{Utc(now.AddSeconds(-1))}}","expires_at":"{{Utc(now.AddHours(4))}}"}]
            """);
        Server.PutRuns("""[{"id":"run-1","agent_id":"a","namespace":"n","status":"RUNNING","events":[{"type":"RUN_CREATED"},{"type":"USER_MESSAGE"}]}]""");
        Own(new LocalTimeZone(zone));

        var result = RunConnected("""
            $requests = Get-RAAccessRequest -Status *
            ($requests | Where-Object CreatedAt -gt (Get-Date).AddMinutes(-10)).Id -join ','
            ($requests | Where-Object ExpiresAt -lt (Get-Date)).Id -join ','
            @(Get-RARunEvent -RunId run-1 | Where-Object Timestamp -gt (Get-Date).AddMinutes(-10)).Count
            """).AssertNoErrors();

        Assert.Equal(["ar-new", "ar-old", "2"], result.Output.Select(o => o.ToString()));
    }

    private void ArrangeRuns()
    {
        // Listed as stored, which is not the order of their times.
        var now = DateTimeOffset.UtcNow;
        Server.PutRuns($$"""
            [{"id":"run-hour","agent_id":"a","namespace":"n","status":"COMPLETED","created_at":"{{Utc(now.AddHours(-1))}}"},
             {"id":"run-new","agent_id":"a","namespace":"n","status":"RUNNING","created_at":"{{Utc(now.AddSeconds(-1))}}"},
             {"id":"run-old","agent_id":"a","namespace":"n","status":"FAILED","created_at":"{{Utc(now.AddHours(-3))}}"}]
            """);
    }

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
