using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using RunAgents.PowerShell.Cmdlets;

namespace RunAgents.PowerShell.Tests.Infrastructure;

/// <summary>
/// A runspace hosted in the test process with the module imported, as a user's session would have it.
/// Each instance has its own runspace; the module's static connection is shared, as in a real process.
/// </summary>
internal sealed class TestShell : IDisposable
{
    private static readonly Lazy<InitialSessionState> s_sessionState = new(CreateSessionState);

    private readonly Runspace _runspace;

    /// <summary>Opens a runspace and sets <c>$Uri</c> and <c>$ApiKey</c> (a SecureString) when given.</summary>
    public TestShell(Uri? uri = null, string? key = TestKeys.Valid, RecordingHost? host = null)
    {
        _runspace = host is null
            ? RunspaceFactory.CreateRunspace(s_sessionState.Value)
            : RunspaceFactory.CreateRunspace(host, s_sessionState.Value);
        _runspace.Open();
        if (uri is not null)
        {
            SetVariable("Uri", uri);
        }

        if (key is not null)
        {
            SetVariable("ApiKey", Secure(key));
        }
    }

    /// <summary>The module's assembly: the one the tests reference, so statics are shared.</summary>
    public static string ModulePath => typeof(GetRAAgentCommand).Assembly.Location;

    /// <summary>The manifest copied beside <see cref="ModulePath"/>: it loads that same assembly, with the type and format data.</summary>
    public static string ManifestPath => Path.Combine(Path.GetDirectoryName(ModulePath)!, "RunAgents.psd1");

    public Runspace Runspace => _runspace;

    /// <summary>Sets a variable in the runspace.</summary>
    public void SetVariable(string name, object? value) => _runspace.SessionStateProxy.SetVariable(name, value);

    /// <summary>Gets a variable of the runspace.</summary>
    public object? GetVariable(string name) => _runspace.SessionStateProxy.GetVariable(name);

    /// <summary>Runs <paramref name="script"/> to its end and collects every stream.</summary>
    public PSResult Run(string script)
    {
        using var ps = System.Management.Automation.PowerShell.Create(_runspace);
        ps.AddScript(script);
        Exception? terminating = null;
        System.Collections.ObjectModel.Collection<PSObject> output;
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException e)
        {
            terminating = e;
            output = new System.Collections.ObjectModel.Collection<PSObject>();
        }

        return new PSResult(output, ps.Streams, terminating);
    }

    /// <summary>A PowerShell instance for <paramref name="script"/>, not started, for tests that stop it midway.</summary>
    public System.Management.Automation.PowerShell Prepare(string script)
    {
        var ps = System.Management.Automation.PowerShell.Create(_runspace);
        ps.AddScript(script);
        return ps;
    }

    /// <summary>Builds a read-only SecureString, as Read-Host -AsSecureString would.</summary>
    public static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }

    public void Dispose() => _runspace.Dispose();

    private static InitialSessionState CreateSessionState()
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(ManifestPath);
        return state;
    }
}
