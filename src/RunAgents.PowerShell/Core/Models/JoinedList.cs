using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace RunAgents.PowerShell.Models;

/// <summary>
/// A read-only list whose text is its items' text joined, so that Export-Csv and ConvertTo-Csv write the
/// items rather than a .NET type name.
/// </summary>
/// <typeparam name="T">The type of the items.</typeparam>
public sealed class JoinedList<T> : ReadOnlyCollection<T>
{
    private readonly string _separator;

    internal JoinedList(IList<T> items, string separator)
        : base(items)
    {
        _separator = separator;
    }

    /// <summary>The items' text, joined by the separator.</summary>
    public override string ToString() => string.Join(_separator, this);
}
