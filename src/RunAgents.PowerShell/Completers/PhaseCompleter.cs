using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Completers;

/// <summary>Completes -Phase with the phases the Agents API documents.</summary>
public sealed class PhaseCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = Completion.Wanted(parameterName, wordToComplete, commandAst, fakeBoundParameters);
        return AgentPhase.Known.Where(typed).Select(p => new CompletionResult(p, p, CompletionResultType.ParameterValue, p)).ToList();
    }
}
