using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Expands <c>-Status</c> values, wildcards included, into the documented statuses to ask the server for.</summary>
internal static class StatusFilter
{
    /// <summary>
    /// The statuses to send, one request each: every known status a pattern matches, and any other value as given
    /// (a status the platform adds later). Null when nothing was given, so that the server's default applies.
    /// </summary>
    /// <param name="given">What the user typed.</param>
    /// <param name="known">The statuses the API documents.</param>
    /// <param name="unknown">Told of each exact value the API does not document, so the caller can warn.</param>
    /// <param name="exact">Values also accepted when typed exactly, though wildcards do not expand to them (filters such as PAUSED).</param>
    public static List<string>? Expand(string[]? given, IEnumerable<string> known, Action<string>? unknown = null, IEnumerable<string>? exact = null)
    {
        if (given is null || given.Length == 0)
        {
            return null;
        }

        var result = new List<string>();
        foreach (var value in given)
        {
            if (WildcardPattern.ContainsWildcardCharacters(value))
            {
                var pattern = WildcardPattern.Get(value, WildcardOptions.IgnoreCase);
                result.AddRange(known.Where(pattern.IsMatch));
                continue;
            }

            var match = (exact ?? known).FirstOrDefault(k => string.Equals(k, value, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                unknown?.Invoke(value);
            }

            result.Add(match ?? value.ToUpperInvariant());
        }

        return result.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// Asks once per status (the platform filters by one status at a time), or once with no filter when
    /// <paramref name="statuses"/> is null, and returns each item once, in the order the platform gave them.
    /// </summary>
    public static List<T> PerStatus<T>(List<string>? statuses, Func<string[], IEnumerable<T>> fetch, Func<T, string> id)
    {
        var items = new List<T>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var status in statuses ?? new List<string> { string.Empty })
        {
            foreach (var item in fetch(status.Length == 0 ? Array.Empty<string>() : new[] { status }))
            {
                if (seen.Add(id(item)))
                {
                    items.Add(item);
                }
            }
        }

        return items;
    }
}
