using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Completers;

/// <summary>
/// A short-lived list of agent identities per connection, so that pressing Tab repeatedly sends one
/// list request every few seconds rather than one per key press.
/// </summary>
internal static class AgentCatalog
{
    /// <summary>How long a fetched list is reused.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    /// <summary>How long a completion may wait for the service before giving up quietly.</summary>
    private static readonly TimeSpan s_fetchTimeout = TimeSpan.FromSeconds(3);

    private static readonly ConditionalWeakTable<RAConnection, Entry> s_entries = new();

    /// <summary>The identities and phases of the agents, from the cache when it is fresh; empty when the service cannot be reached.</summary>
    public static IReadOnlyList<(string Namespace, string Name, string? Phase)> Get(RAConnection connection)
    {
        var entry = s_entries.GetValue(connection, static _ => new Entry());
        lock (entry)
        {
            if (entry.Agents is not null && DateTime.UtcNow - entry.Fetched < Lifetime)
            {
                return entry.Agents;
            }

            entry.Agents = Fetch(connection);
            entry.Fetched = DateTime.UtcNow;
            return entry.Agents;
        }
    }

    private static List<(string, string, string?)> Fetch(RAConnection connection)
    {
        var agents = new List<(string, string, string?)>();
        try
        {
            using var cancel = new CancellationTokenSource(s_fetchTimeout);
            Task.Run(async () =>
            {
                var options = new RequestOptions { Timeout = s_fetchTimeout, MaxRetryCount = 0 };
                await foreach (var agent in connection.Client.ListAgentsAsync(options, cancel.Token).ConfigureAwait(false))
                {
                    agents.Add((agent.Namespace, agent.Name, agent.Phase));
                }
            }).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is RunAgentsApiException or OperationCanceledException or ArgumentException)
        {
            // A completer must never print an error at the prompt: no service, no suggestions.
        }

        return agents;
    }

    private sealed class Entry
    {
        public DateTime Fetched { get; set; }

        public List<(string, string, string?)>? Agents { get; set; }
    }
}
