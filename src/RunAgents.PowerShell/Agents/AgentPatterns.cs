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

    /// <summary>
    /// The exact namespaces that <paramref name="selectors"/> give without a name: each is a NamespaceNotFound error
    /// when no agent is in it, since it is most often an agent's name given where the namespace goes.
    /// </summary>
    /// <remarks>
    /// A namespace given with a name pattern only narrows the pattern: when nothing matches, that is a wildcard that
    /// matched nothing, which is silent. Otherwise <c>Get-RAAgent -Namespace ci -Name 'pr-*' | Remove-RAAgent</c> fails
    /// every night after the one that emptied <c>ci</c>.
    /// </remarks>
    public static HashSet<string> NamespacesGivenAlone(IEnumerable<AgentRef> selectors) => new(
        selectors.Where(s => s.Name is null).SelectMany(s => s.Namespaces ?? Array.Empty<string>()).Where(IsExact),
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Values as a message lists alternatives: <c>'a' or 'b'</c>.</summary>
    public static string Either(IEnumerable<string> values) => "'" + string.Join("' or '", values) + "'";
}
