using System.Collections.Generic;

namespace RunAgents.PowerShell.Completers;

/// <summary>Completes Get-RATool -Phase with the phases the API documents for tools.</summary>
public sealed class ToolPhaseCompleter : KnownValuesCompleter
{
    /// <summary>The documented phases of a tool, as its probe finds it.</summary>
    internal static readonly string[] Known = { "Pending", "Available", "Unreachable" };

    /// <inheritdoc/>
    protected override IEnumerable<string> Values => Known;
}
