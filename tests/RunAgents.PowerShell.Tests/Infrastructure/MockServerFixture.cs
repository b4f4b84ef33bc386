using RunAgents.MockServer;

namespace RunAgents.PowerShell.Tests.Infrastructure;

/// <summary>
/// Two in-process mock servers shared by every test of the collection: the main one, and a second
/// one for tests about redirects to another origin and about two connections side by side.
/// </summary>
public sealed class MockServerFixture : IAsyncLifetime
{
    private MockRunAgentsServer? _server;
    private MockRunAgentsServer? _second;

    /// <summary>The main server, seeded with the demo agents.</summary>
    public MockRunAgentsServer Server => _server ?? throw new InvalidOperationException("The mock server has not started.");

    /// <summary>Another server on another port, with only one agent of its own.</summary>
    public MockRunAgentsServer Second => _second ?? throw new InvalidOperationException("The second mock server has not started.");

    public async Task InitializeAsync()
    {
        _server = await MockRunAgentsServer.StartAsync(new MockServerOptions
        {
            ApiKeys = [TestKeys.Valid, TestKeys.Workspace],
            Seed = "demo",
        });
        _second = await MockRunAgentsServer.StartAsync(new MockServerOptions
        {
            ApiKeys = [TestKeys.Valid, TestKeys.Workspace],
            Seed = "none",
        });
    }

    /// <summary>Back to the seed with no journal, faults or phase scripts, on both servers.</summary>
    public void Reset()
    {
        Server.Reset();
        Second.Reset();
        Second.PutAgent(SecondServerAgent);
    }

    /// <summary>The one agent the second server holds, so a test can tell the servers apart.</summary>
    public const string SecondServerAgent =
        """{"name":"only-on-second","namespace":"elsewhere","spec":{"llmConfig":{"provider":"openai","model":"gpt-4o"}},"status":{"phase":"Running","message":""}}""";

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_second is not null)
        {
            await _second.DisposeAsync();
        }
    }
}

/// <summary>Every test that talks to a mock server belongs here, and so shares the two servers.</summary>
[CollectionDefinition(Name)]
public sealed class MockServerCollection : ICollectionFixture<MockServerFixture>
{
    public const string Name = "Mock server";
}
