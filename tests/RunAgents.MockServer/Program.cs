namespace RunAgents.MockServer;

/// <summary>Standalone entry point for tests that need the server as a separate process.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        MockServerOptions options;
        try
        {
            options = CommandLine.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            await Console.Error.WriteLineAsync("usage: RunAgents.MockServer [--port N] [--key K]... [--seed demo|none|N] [--invoke-latency-ms N] [--deploy-ready-ms N] [--resume-ms N] [--clock 2026-11-29T04:50:16Z]");
            return 2;
        }

        await using MockRunAgentsServer server = await MockRunAgentsServer.StartAsync(options, handleConsoleSignals: true, CancellationToken.None);

        // Test harnesses read exactly this line to learn the port, so nothing else may go to stdout.
        Console.Out.WriteLine($"Listening on {server.BaseUri}");
        Console.Out.Flush();

        await server.WaitForShutdownAsync();
        return 0;
    }
}
