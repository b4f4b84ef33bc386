using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>How the commands that select agents by pattern (Get-RAAgent, Get-RARun) read namespaces and names.</summary>
internal static class AgentPatterns
{
    /// <summary>True when <paramref name="value"/> has no wildcard characters, so that it names one thing.</summary>
    public static bool IsExact(string value) => !WildcardPattern.ContainsWildcardCharacters(value);

    /// <summary>True when none of <paramref name="values"/> has wildcard characters.</summary>
    public static bool IsExact(IEnumerable<string> values) => values.All(IsExact);

    /// <summary>The values as patterns that ignore case; none for null.</summary>
    public static WildcardPattern[] Patterns(IEnumerable<string>? values) =>
        values is null ? Array.Empty<WildcardPattern>() : values.Select(v => WildcardPattern.Get(v, WildcardOptions.IgnoreCase)).ToArray();

    /// <summary>True when <paramref name="value"/> matches one of <paramref name="patterns"/>, or there are none to match.</summary>
    public static bool Matches(WildcardPattern[]? patterns, string? value)
    {
        if (patterns is null || patterns.Length == 0)
        {
            return true;
        }

        foreach (var pattern in patterns)
        {
            if (pattern.IsMatch(value ?? string.Empty))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Values as a message lists alternatives: <c>'a' or 'b'</c>.</summary>
    public static string Either(IEnumerable<string> values) => "'" + string.Join("' or '", values) + "'";
}
