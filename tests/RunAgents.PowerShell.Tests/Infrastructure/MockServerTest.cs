using RunAgents.MockServer;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Tests.Infrastructure;

/// <summary>
/// The base of tests that talk to the mock servers: resets both servers and isolates the process
/// state (environment, HOME, current connection) before each test, and restores it after.
/// </summary>
[Collection(MockServerCollection.Name)]
public abstract class MockServerTest : IDisposable
{
    private readonly List<IDisposable> _owned = new();

    protected MockServerTest(MockServerFixture fixture)
    {
        Fixture = fixture;
        fixture.Reset();
        State = new IsolatedState();
    }

    protected MockServerFixture Fixture { get; }

    protected MockRunAgentsServer Server => Fixture.Server;

    protected MockRunAgentsServer Second => Fixture.Second;

    internal IsolatedState State { get; }

    /// <summary>The requests the main server received, in order.</summary>
    protected IReadOnlyList<JournalEntry> Journal => Server.Journal;

    /// <summary>A connection to the main server with <paramref name="key"/>, built as Connect-RAService would.</summary>
    internal RAConnection Connection(string key = TestKeys.Valid, Uri? uri = null, int maxRetryCount = RAConnection.DefaultMaxRetryCount, int timeoutSec = RAConnection.DefaultTimeoutSec) =>
        new(uri ?? Server.BaseUri, ApiKey.FromPlainText(key, "a test"), SettingSource.Parameter, SettingSource.Parameter, maxRetryCount, timeoutSec);

    /// <summary>A client whose retries wait milliseconds, not seconds (Retry-After is still honoured).</summary>
    internal RunAgentsClient Client(RAConnection? connection = null, RetryPolicy? retry = null) =>
        Own(new RunAgentsClient(connection ?? Connection(), retry: retry ?? FastRetry));

    /// <summary>Backoff of a few milliseconds, so retry tests do not sleep.</summary>
    internal static RetryPolicy FastRetry { get; } = new(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(60));

    /// <summary>A hosted runspace with <c>$Uri</c> (the main server) and <c>$ApiKey</c> set.</summary>
    internal TestShell Shell(string? key = TestKeys.Valid) => Own(new TestShell(Server.BaseUri, key));

    /// <summary>Runs a script in a fresh runspace already connected to the main server.</summary>
    internal PSResult RunConnected(string script)
    {
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey").AssertNoErrors();
        Server.ClearJournal();
        return shell.Run(script);
    }

    /// <summary>A shell connected to the mock through a host that records what it shows and answers prompts (a console), the journal cleared.</summary>
    private protected (RecordingHost Host, TestShell Shell) ConsoleShell()
    {
        var host = new RecordingHost();
        var shell = Own(new TestShell(Server.BaseUri, TestKeys.Valid, host));
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey").AssertNoErrors();
        Server.ClearJournal();
        return (host, shell);
    }

    protected T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        State.Dispose();
        GC.SuppressFinalize(this);
    }
}
