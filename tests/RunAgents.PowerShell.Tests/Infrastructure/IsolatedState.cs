using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Cmdlets;

namespace RunAgents.PowerShell.Tests.Infrastructure;

/// <summary>
/// Snapshots what the module reads from the process (RUNAGENTS_API_KEY, RUNAGENTS_ENDPOINT, HOME and
/// the static current connection), starts the test from a clean slate, and puts everything back on dispose.
/// </summary>
internal sealed class IsolatedState : IDisposable
{
    private static readonly string[] s_variables = [ConnectionSettings.KeyVariable, ConnectionSettings.EndpointVariable, "HOME"];

    private readonly Dictionary<string, string?> _saved = new();
    private readonly RAConnection? _savedConnection;

    public IsolatedState()
    {
        foreach (var name in s_variables)
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
        }

        _savedConnection = ConnectionStore.Current;
        ConnectionStore.Current = null;
        Environment.SetEnvironmentVariable(ConnectionSettings.KeyVariable, null);
        Environment.SetEnvironmentVariable(ConnectionSettings.EndpointVariable, null);
        Environment.SetEnvironmentVariable("HOME", TestEnvironment.Home);
    }

    /// <summary>Sets (or, with null, removes) an environment variable until dispose.</summary>
    public void SetVariable(string name, string? value)
    {
        if (!_saved.ContainsKey(name))
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
        }

        Environment.SetEnvironmentVariable(name, value);
    }

    /// <summary>Points HOME at a new empty folder and returns it.</summary>
    public string UseFreshHome()
    {
        var home = TestEnvironment.NewFolder();
        SetVariable("HOME", home);
        return home;
    }

    /// <summary>Writes <c>~/.runagents/config.json</c> in a fresh HOME and returns its path.</summary>
    public string WriteConfig(string text)
    {
        var home = UseFreshHome();
        var folder = Path.Combine(home, ".runagents");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "config.json");
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        ConnectionStore.Current = _savedConnection;
    }
}
