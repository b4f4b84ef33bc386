namespace RunAgents.MockServer;

/// <summary>Host lifetime that ignores console signals, so an in-process server never swallows the test runner's Ctrl+C or SIGTERM.</summary>
internal sealed class PassiveHostLifetime : IHostLifetime
{
    /// <inheritdoc/>
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
