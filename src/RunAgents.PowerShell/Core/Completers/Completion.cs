using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Cmdlets;

namespace RunAgents.PowerShell.Completers;

/// <summary>What the completers share: finding the connection quietly, filtering and quoting.</summary>
internal static class Completion
{
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

    /// <summary>
    /// What an id parameter offers: the ids of a list of the platform's (read through <see cref="CompletionCache"/>, so
    /// quiet when the platform is slow or away) that <see cref="Wanted"/> lets through, each with its tooltip; by id,
    /// or in the order <paramref name="order"/> gives (newest first).
    /// </summary>
    /// <param name="list">The list's name in the cache.</param>
    /// <param name="fetch">Reads the list.</param>
    /// <param name="id">An item's id; an item without one is not offered.</param>
    /// <param name="toolTip">An item in words, for the tooltip.</param>
    /// <param name="order">The order to offer the items in; by id when null.</param>
    /// <param name="parameterName">As the completer is given it.</param>
    /// <param name="wordToComplete">As the completer is given it.</param>
    /// <param name="commandAst">As the completer is given it.</param>
    /// <param name="fakeBoundParameters">As the completer is given it.</param>
    public static IEnumerable<CompletionResult> Ids<T>(
        string list,
        Func<RAConnection, RequestOptions, CancellationToken, Task<List<T>>> fetch,
        Func<T, string> id,
        Func<T, string> toolTip,
        Func<IEnumerable<T>, IEnumerable<T>>? order,
        string parameterName,
        string wordToComplete,
        CommandAst commandAst,
        IDictionary fakeBoundParameters)
    {
        if (Connection(fakeBoundParameters) is not RAConnection connection)
        {
            return Array.Empty<CompletionResult>();
        }

        var typed = Wanted(parameterName, wordToComplete, commandAst, fakeBoundParameters);
        var offered = CompletionCache.Get(connection, list, fetch).Where(i => id(i).Length > 0 && typed(id(i)));
        return (order?.Invoke(offered) ?? offered.OrderBy(id, StringComparer.OrdinalIgnoreCase)).Select(i => Result(id(i), toolTip(i))).ToList();
    }

    /// <summary>The values already bound to <paramref name="name"/> on the command line, as patterns.</summary>
    public static WildcardPattern[] Bound(IDictionary fakeBoundParameters, string name) =>
        Values(fakeBoundParameters[name]).Where(v => v.Length > 0).Select(v => WildcardPattern.Get(v, WildcardOptions.IgnoreCase)).ToArray();

    /// <summary>
    /// A test of whether a value is worth offering for <paramref name="parameterName"/>: it starts with what has
    /// been typed (quotes stripped), and is not already one of the parameter's values on the line.
    /// </summary>
    public static Func<string, bool> Wanted(string parameterName, string wordToComplete, CommandAst? commandAst, IDictionary fakeBoundParameters)
    {
        var typed = wordToComplete.Trim('\'', '"');
        var pattern = WildcardPattern.Get(typed + "*", WildcardOptions.IgnoreCase);
        var given = new HashSet<string>(Given(commandAst, parameterName, typed), StringComparer.OrdinalIgnoreCase);
        given.UnionWith(ExceptTyped(Values(fakeBoundParameters[parameterName]), typed));
        return value => pattern.IsMatch(value) && !given.Contains(value);
    }

    /// <summary>The values of a named parameter in the command's text, except the one being typed.</summary>
    /// <remarks>
    /// Read from the text because PowerShell binds nothing while a list ends with a comma
    /// (<c>-Namespace finance,</c>), which is when the values matter most.
    /// </remarks>
    private static IEnumerable<string> Given(CommandAst? commandAst, string parameterName, string typed)
    {
        if (commandAst is null)
        {
            return Array.Empty<string>();
        }

        var elements = commandAst.CommandElements;
        var values = new List<string>();
        for (var i = 0; i < elements.Count; i++)
        {
            if (elements[i] is not CommandParameterAst parameter
                || !string.Equals(parameter.ParameterName, parameterName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var argument = parameter.Argument ?? (i + 1 < elements.Count && elements[i + 1] is not CommandParameterAst ? elements[i + 1] : null);
            if (argument is not null)
            {
                values.AddRange(argument.FindAll(static a => a is StringConstantExpressionAst, searchNestedScriptBlocks: false)
                    .Select(a => ((StringConstantExpressionAst)a).Value));
            }
        }

        return ExceptTyped(values, typed);
    }

    /// <summary>The values without the last one when that is the word being typed, which is not given yet.</summary>
    private static IEnumerable<string> ExceptTyped(List<string> values, string typed)
    {
        if (typed.Length > 0 && values.Count > 0 && string.Equals(values[values.Count - 1], typed, StringComparison.OrdinalIgnoreCase))
        {
            values.RemoveAt(values.Count - 1);
        }

        return values;
    }

    /// <summary>A bound value as strings: one, several, or none.</summary>
    private static List<string> Values(object? value)
    {
        if (value is PSObject wrapped)
        {
            value = wrapped.BaseObject;
        }

        return value switch
        {
            null => new List<string>(),
            string one => new List<string> { one },
            IEnumerable many => many.Cast<object>().Select(o => o?.ToString() ?? string.Empty).ToList(),
            _ => new List<string> { value.ToString() ?? string.Empty },
        };
    }

    /// <summary>
    /// Agents as <c>namespace/name</c> for a word that holds a slash (<c>finance/</c>, <c>fin*/pay</c>), as every agent
    /// parameter takes them; null for a word without one, which the caller completes as it does.
    /// </summary>
    public static List<CompletionResult>? AgentPaths(RAConnection connection, string parameterName, string wordToComplete, CommandAst? commandAst, IDictionary fakeBoundParameters)
    {
        if (wordToComplete.Trim('\'', '"').IndexOf('/') < 0)
        {
            return null;
        }

        var typed = Wanted(parameterName, wordToComplete, commandAst, fakeBoundParameters);
        return AgentCatalog.Get(connection)
            .Select(a => (Path: a.Namespace + "/" + a.Name, a.Phase))
            .Where(a => typed(a.Path))
            .OrderBy(a => a.Path, StringComparer.OrdinalIgnoreCase)
            .Select(a => Result(a.Path, $"{a.Path} ({a.Phase})"))
            .ToList();
    }

    /// <summary>A completion result, single-quoted by PowerShell's own rules unless the value is plainly safe bare.</summary>
    /// <remarks>
    /// The values come from the platform, so a name may hold anything. PowerShell reads ‘ ’ ‚ ‛ as single
    /// quotes and “ ” „ as double quotes, so doubling only the ASCII quote would let such a name close the
    /// quotes and run the rest of the line. The parser's own escaping doubles every single quote it knows;
    /// inside single quotes nothing else is special.
    /// </remarks>
    public static CompletionResult Result(string value, string toolTip)
    {
        var text = IsSafeBare(value) ? value : "'" + CodeGeneration.EscapeSingleQuotedStringContent(value) + "'";
        return new CompletionResult(text, value, CompletionResultType.ParameterValue, toolTip);
    }

    /// <summary>
    /// True for a value the parser reads bare as that very string: a letter first (a digit may start a number
    /// such as <c>1e3</c>, a dash a parameter), then letters, digits and <c>- _ . / :</c> only.
    /// </summary>
    private static bool IsSafeBare(string value)
    {
        if (value.Length == 0 || !char.IsLetter(value[0]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsLetterOrDigit(c) && c is not ('-' or '_' or '.' or '/' or ':'))
            {
                return false;
            }
        }

        return true;
    }
}
