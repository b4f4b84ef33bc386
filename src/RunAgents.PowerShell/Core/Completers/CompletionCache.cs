using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Completers;

/// <summary>
/// What the completers fetch, kept a few seconds per connection and list, so that pressing Tab repeatedly sends one
/// request every few seconds rather than one per key press; and fetched quietly, so that no error reaches the prompt.
/// </summary>
internal static class CompletionCache
{
    /// <summary>How long a fetched list is reused.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    /// <summary>How long a completion may wait for the service before giving up quietly.</summary>
    private static readonly TimeSpan s_fetchTimeout = TimeSpan.FromSeconds(3);

    private static readonly ConditionalWeakTable<RAConnection, Dictionary<string, Entry>> s_entries = new();

    /// <summary>The list named <paramref name="list"/>, from the cache when it is fresh; empty when the service cannot be reached in time.</summary>
    /// <param name="connection">The platform to ask.</param>
    /// <param name="list">What is fetched, as a key: one entry per connection and key.</param>
    /// <param name="fetch">Reads the list; it is given the options and the token that bound it to a few seconds.</param>
    public static IReadOnlyList<T> Get<T>(RAConnection connection, string list, Func<RAConnection, RequestOptions, CancellationToken, Task<List<T>>> fetch)
    {
        var entries = s_entries.GetValue(connection, static _ => new Dictionary<string, Entry>(StringComparer.Ordinal));
        Entry entry;
        lock (entries)
        {
            if (!entries.TryGetValue(list, out entry!))
            {
                entries.Add(list, entry = new Entry());
            }
        }

        lock (entry)
        {
            if (entry.Items is IReadOnlyList<T> fresh && DateTime.UtcNow - entry.Fetched < Lifetime)
            {
                return fresh;
            }

            var items = Fetch(connection, fetch);
            entry.Items = items;
            entry.Fetched = DateTime.UtcNow;
            return items;
        }
    }

    private static List<T> Fetch<T>(RAConnection connection, Func<RAConnection, RequestOptions, CancellationToken, Task<List<T>>> fetch)
    {
        try
        {
            using var cancel = new CancellationTokenSource(s_fetchTimeout);
            var options = new RequestOptions { Timeout = s_fetchTimeout, MaxRetryCount = 0 };
            return Task.Run(() => fetch(connection, options, cancel.Token)).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is RunAgentsApiException or OperationCanceledException or ArgumentException)
        {
            // A completer must never print an error at the prompt: no service, no suggestions.
            return new List<T>();
        }
    }

    private sealed class Entry
    {
        public DateTime Fetched { get; set; }

        public object? Items { get; set; }
    }
}
