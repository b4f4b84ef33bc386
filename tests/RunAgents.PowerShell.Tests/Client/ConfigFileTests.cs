using System.Diagnostics;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>
/// Only a small regular file is read as the CLI's config: a FIFO, a device or an oversized file in its
/// place is a warning, found without opening a FIFO (which would block) or reading a device without end.
/// </summary>
public sealed class ConfigFileTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    // Generous: the point is that a regression fails instead of hanging the run, not how fast it is.
    private static readonly TimeSpan s_hang = TimeSpan.FromSeconds(60);

    [UnixFact]
    public void A_FIFO_in_place_of_the_config_file_is_a_warning_and_is_not_opened()
    {
        var path = ConfigPath();
        MakeFifo(path);

        var settings = ResolveUnlessItHangsOn(path);

        AssertIgnored(settings, path, "not a regular file");
    }

    [UnixFact]
    public void A_symbolic_link_to_a_FIFO_is_a_warning_too()
    {
        var path = ConfigPath();
        var fifo = Path.Combine(Path.GetDirectoryName(path)!, "pipe");
        MakeFifo(fifo);
        File.CreateSymbolicLink(path, fifo);

        var settings = ResolveUnlessItHangsOn(fifo);

        AssertIgnored(settings, path, "not a regular file");
    }

    [UnixFact]
    public void A_symbolic_link_to_a_device_is_a_warning()
    {
        var path = ConfigPath();
        File.CreateSymbolicLink(path, "/dev/null");

        AssertIgnored(ConnectionSettings.Resolve(null, null), path, "not a regular file");
    }

    [UnixFact]
    public void A_symbolic_link_to_an_endless_device_is_a_warning_and_nothing_is_read()
    {
        var path = ConfigPath();
        File.CreateSymbolicLink(path, "/dev/zero");

        AssertIgnored(ConnectionSettings.Resolve(null, null), path, "not a regular file");
    }

    [UnixFact]
    public void A_symbolic_link_to_a_regular_config_file_is_read()
    {
        var path = ConfigPath();
        var real = Path.Combine(Path.GetDirectoryName(path)!, "real.json");
        File.WriteAllText(real, $$"""{"api_key":"{{TestKeys.Valid}}"}""");
        File.CreateSymbolicLink(path, real);

        var settings = ConnectionSettings.Resolve(null, null);

        Assert.Empty(settings.Warnings);
        Assert.Equal(SettingSource.ConfigFile, settings.KeySource);
        Assert.Equal("Bearer " + TestKeys.Valid, settings.Key!.HeaderValue);
    }

    [Fact]
    public void A_config_file_larger_than_64_KB_is_a_warning_and_is_not_used()
    {
        var json = $$"""{"api_key":"{{TestKeys.Valid}}"}""";
        var path = State.WriteConfig(json + new string(' ', ConnectionSettings.MaxConfigBytes + 1 - json.Length));

        AssertIgnored(ConnectionSettings.Resolve(null, null), path, "larger than 64 KB");
    }

    [Fact]
    public void A_config_file_of_exactly_64_KB_is_read()
    {
        var json = $$"""{"api_key":"{{TestKeys.Valid}}"}""";
        State.WriteConfig(json + new string(' ', ConnectionSettings.MaxConfigBytes - json.Length));

        var settings = ConnectionSettings.Resolve(null, null);

        Assert.Empty(settings.Warnings);
        Assert.Equal(SettingSource.ConfigFile, settings.KeySource);
    }

    [Fact]
    public void An_empty_config_file_is_a_warning()
    {
        var path = State.WriteConfig(string.Empty);

        AssertIgnored(ConnectionSettings.Resolve(null, null), path, "it is empty");
    }

    private string ConfigPath()
    {
        var folder = Path.Combine(State.UseFreshHome(), ".runagents");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, "config.json");
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    /// <summary>Resolves the settings; fails, rather than hangs, when that blocks on opening <paramref name="fifo"/>.</summary>
    private static ConnectionSettings ResolveUnlessItHangsOn(string fifo)
    {
        var resolving = Task.Run(() => ConnectionSettings.Resolve(null, null));
        if (!resolving.Wait(s_hang))
        {
            // Opening the FIFO for writing releases the reader stuck in open(), so the test run can end.
            using (new FileStream(fifo, FileMode.Open, FileAccess.Write))
            {
            }

            Assert.Fail("Resolving the settings blocked on opening the FIFO.");
        }

        return resolving.Result;
    }

    private static void AssertIgnored(ConnectionSettings settings, string path, string reason)
    {
        Assert.Null(settings.Key);
        Assert.Equal(SettingSource.Default, settings.KeySource);
        var warning = Assert.Single(settings.Warnings);
        Assert.Contains(path, warning);
        Assert.Contains(reason, warning);
    }
}
