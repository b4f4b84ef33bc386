using System;
using System.Collections.Generic;
using System.Linq;

namespace RunAgents.PowerShell.Models;

/// <summary>An agent's key-value labels; a dictionary whose text, for Export-Csv, is <c>key=value; key=value</c> in key order.</summary>
public sealed class AgentLabels : Dictionary<string, string>
{
    /// <summary>The labels as <c>key=value</c> pairs in key order, joined by <c>"; "</c>.</summary>
    public override string ToString() => string.Join("; ", this.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));
}
