using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Completers;

/// <summary>Completes -Status of runs with the statuses the API documents.</summary>
public sealed class RunStatusCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = Completion.Wanted(parameterName, wordToComplete, commandAst, fakeBoundParameters);
        return RunStatus.Known.Where(typed).Select(s => new CompletionResult(s, s, CompletionResultType.ParameterValue, s)).ToList();
    }
}
