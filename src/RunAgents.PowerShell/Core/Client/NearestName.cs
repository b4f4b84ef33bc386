using System;
using System.Collections.Generic;
using System.Linq;

namespace RunAgents.PowerShell.Client;

/// <summary>Finds the known name that a name given was most likely meant to be, for "did you mean" hints.</summary>
internal static class NearestName
{
    /// <summary>
    /// The name of <paramref name="known"/> that <paramref name="given"/> spells differently (<c>requiredTools</c>,
    /// <c>Required-Tools</c> for <c>required_tools</c>) or misspells by a few letters (<c>requierd_tools</c>); null
    /// when none is that close.
    /// </summary>
    public static string? Of(string given, IEnumerable<string> known)
    {
        var wanted = Squash(given);
        string? nearest = null;
        var best = int.MaxValue;
        foreach (var name in known)
        {
            var candidate = Squash(name);
            var distance = candidate == wanted ? 0 : Distance(wanted, candidate);
            if (distance < best)
            {
                (nearest, best) = (name, distance);
            }
        }

        // About one slip in three letters: closer than that is a typo, further a different word.
        return nearest is not null && best <= Math.Max(1, Math.Min(wanted.Length, Squash(nearest).Length) / 3) ? nearest : null;
    }

    /// <summary>The name without case, underscores, dashes or spaces, which people write differently for the same name.</summary>
    private static string Squash(string name) =>
        new string(name.Where(c => c is not ('_' or '-' or ' ')).Select(char.ToLowerInvariant).ToArray());

    /// <summary>The edits (insertions, deletions, substitutions, swaps of neighbours) that turn one text into the other.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
