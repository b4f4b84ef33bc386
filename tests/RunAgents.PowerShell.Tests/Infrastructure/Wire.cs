using System.Text.Json;
using RunAgents.MockServer;

namespace RunAgents.PowerShell.Tests.Infrastructure;

/// <summary>Small helpers for asserting on what went over the wire and on async results.</summary>
internal static class Wire
{
    /// <summary>An error body as the platform writes it.</summary>
    public static string Error(string message) => JsonSerializer.Serialize(new { error = message });

    /// <summary>The value of a request header, or null when it was not sent.</summary>
    public static string? Header(this JournalEntry entry, string name) =>
        entry.Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The request body parsed as JSON.</summary>
    public static JsonElement JsonBody(this JournalEntry entry)
    {
        using var document = JsonDocument.Parse(entry.Body);
        return document.RootElement.Clone();
    }

    /// <summary>Drains an async sequence.</summary>
    public static async Task<List<T>> Collect<T>(this IAsyncEnumerable<T> source)
    {
        var items = new List<T>();
        await foreach (var item in source)
        {
            items.Add(item);
        }

        return items;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing after <paramref name="timeout"/>.</summary>
    public static void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            Thread.Sleep(20);
        }
    }
}
