using System.Runtime.CompilerServices;

namespace RunAgents.PowerShell.Tests.Infrastructure;

/// <summary>
/// The assembly-wide environment: HOME points at an empty temporary folder and the RunAgents
/// variables are cleared before any test runs, so no test can read the real ~/.runagents/config.json
/// or a key exported in the shell that started the test run.
/// </summary>
internal static class TestEnvironment
{
    /// <summary>The empty HOME every test starts from.</summary>
    public static string Home { get; private set; } = string.Empty;

#pragma warning disable CA2255 // A module initializer is exactly the point: it runs before xunit touches any test.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        Home = Path.Combine(Path.GetTempPath(), "runagents-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Home);
        Environment.SetEnvironmentVariable("HOME", Home);
        Environment.SetEnvironmentVariable("USERPROFILE", Home);
        Environment.SetEnvironmentVariable("RUNAGENTS_API_KEY", null);
        Environment.SetEnvironmentVariable("RUNAGENTS_ENDPOINT", null);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(Home);
    }

    /// <summary>A new empty folder under the test HOME, for a test that writes a config file.</summary>
    public static string NewFolder()
    {
        var path = Path.Combine(Home, "t-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
