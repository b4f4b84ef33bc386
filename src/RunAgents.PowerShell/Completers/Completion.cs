using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Cmdlets;

namespace RunAgents.PowerShell.Completers;

/// <summary>What the completers share: finding the connection quietly, filtering and quoting.</summary>
internal static class Completion
{
    private static readonly char[] s_needsQuotes = " \t'\"`$;,(){}[]|&<>@#".ToCharArray();

    /// <summary>The connection named on the command line, else the current or implicit one, else null; never throws.</summary>
    public static RAConnection? Connection(IDictionary fakeBoundParameters)
    {
        if (fakeBoundParameters["Connection"] is RAConnection given)
        {
            return given;
        }

        if (fakeBoundParameters["Connection"] is PSObject { BaseObject: RAConnection wrapped })
        {
            return wrapped;
        }

        try
        {
            return ConnectionStore.Current ?? ConnectionStore.Implicit(null, null, null);
        }
        catch (ArgumentException)
        {
            // A malformed RUNAGENTS_ENDPOINT: nothing to complete from.
            return null;
        }
    }

    /// <summary>The values already bound to <paramref name="name"/> on the command line, as patterns.</summary>
    public static WildcardPattern[] Bound(IDictionary fakeBoundParameters, string name)
    {
        var value = fakeBoundParameters[name];
        if (value is PSObject wrapped)
        {
            value = wrapped.BaseObject;
        }

        IEnumerable<string> values = value switch
        {
            null => Array.Empty<string>(),
            string one => new[] { one },
            IEnumerable many => many.Cast<object>().Select(o => o?.ToString() ?? string.Empty),
            _ => new[] { value.ToString() ?? string.Empty },
        };
        return values.Where(v => v.Length > 0).Select(v => WildcardPattern.Get(v, WildcardOptions.IgnoreCase)).ToArray();
    }

    /// <summary>A test of whether a value starts with what has been typed (quotes stripped).</summary>
    public static Func<string, bool> Typed(string wordToComplete)
    {
        var typed = wordToComplete.Trim('\'', '"');
        var pattern = WildcardPattern.Get(typed + "*", WildcardOptions.IgnoreCase);
        return pattern.IsMatch;
    }

    /// <summary>A completion result, single-quoted when the value would not survive the parser bare.</summary>
    public static CompletionResult Result(string value, string toolTip)
    {
        var text = value.IndexOfAny(s_needsQuotes) >= 0 ? "'" + value.Replace("'", "''") + "'" : value;
        return new CompletionResult(text, value, CompletionResultType.ParameterValue, toolTip);
    }
}
