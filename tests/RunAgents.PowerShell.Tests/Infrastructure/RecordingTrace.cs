using System.Collections.Concurrent;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Tests.Infrastructure;

/// <summary>Keeps every line the client traces.</summary>
internal sealed class RecordingTrace(bool wantsBodies = false) : IRequestTrace
{
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<string> _bodies = new();

    public bool WantsBodies { get; } = wantsBodies;

    public IReadOnlyList<string> Requests => _requests.ToArray();

    public IReadOnlyList<string> Bodies => _bodies.ToArray();

    public void Request(string line) => _requests.Enqueue(line);

    public void Body(string line) => _bodies.Enqueue(line);
}
