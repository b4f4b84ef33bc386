using System.Collections.Generic;
using System.Management.Automation;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Writes the module's verbose lines and warnings so that <c>-Debug</c> shows them without asking anything.</summary>
internal static class VerboseLines
{
    /// <summary>Writes <paramref name="text"/> as a verbose line, or as a debug line under <c>-Debug</c> without <c>-Verbose</c>.</summary>
    /// <remarks>
    /// For a compiled cmdlet, <c>-Debug</c> alone sets the command's verbose preference to Inquire, whatever
    /// <c>$VerbosePreference</c> says: every WriteVerbose would ask "Continue with this operation?", and fail
    /// in <c>pwsh -NonInteractive</c>. The debug preference <c>-Debug</c> sets is Continue, so the same line
    /// written as a debug line is shown and asks nothing. <c>-Verbose</c> beside it keeps the verbose stream.
    /// </remarks>
    public static void WriteVerboseLine(this PSCmdlet cmdlet, string text)
    {
        var bound = cmdlet.MyInvocation.BoundParameters;
        if (Switch(bound, "Debug") == true && !bound.ContainsKey("Verbose"))
        {
            cmdlet.WriteDebug(text);
        }
        else
        {
            cmdlet.WriteVerbose(text);
        }
    }

    /// <summary>Writes <paramref name="text"/> as a warning, or as a debug line that says it is one under <c>-Debug</c> without <c>-WarningAction</c>.</summary>
    /// <remarks>
    /// The same rule as for verbose lines: for a compiled cmdlet, <c>-Debug</c> alone makes every WriteWarning ask
    /// "Continue with this operation?", which fails in <c>pwsh -NonInteractive</c>, so a runbook given <c>-Debug</c> would
    /// stop at the first warning. Under <c>-Debug</c> the debug stream is shown, so the warning is there, marked.
    /// <c>-WarningAction</c> beside it keeps the warning stream, as given.
    /// </remarks>
    public static void WriteWarningLine(this PSCmdlet cmdlet, string text)
    {
        var bound = cmdlet.MyInvocation.BoundParameters;
        if (Switch(bound, "Debug") == true && !bound.ContainsKey("WarningAction"))
        {
            cmdlet.WriteDebug("WARNING: " + text);
        }
        else
        {
            cmdlet.WriteWarning(text);
        }
    }

    /// <summary>Whether the switch <paramref name="name"/> was given on (<c>-Name</c>) or off (<c>-Name:$false</c>); null when not given.</summary>
    internal static bool? Switch(IDictionary<string, object> bound, string name) =>
        bound.TryGetValue(name, out var value) ? value is SwitchParameter { IsPresent: true } || value is true : null;
}
