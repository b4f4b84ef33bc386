namespace RunAgents.PowerShell.Tests.Infrastructure;

/// <summary>
/// Makes the process's local time zone another one until dispose, as TZ does for a new process; tests run one at a
/// time, so nothing else sees it. The old zone and TZ come back on dispose.
/// </summary>
internal sealed class LocalTimeZone : IDisposable
{
    private readonly string? _saved;

    public LocalTimeZone(string id)
    {
        _saved = Environment.GetEnvironmentVariable("TZ");
        Environment.SetEnvironmentVariable("TZ", id);
        TimeZoneInfo.ClearCachedData();
        Assert.Equal(id, TimeZoneInfo.Local.Id);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("TZ", _saved);
        TimeZoneInfo.ClearCachedData();
    }
}
