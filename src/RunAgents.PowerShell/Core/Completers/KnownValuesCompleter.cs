using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Completers;

/// <summary>Completes a parameter from a fixed list the API documents, without a request.</summary>
public abstract class KnownValuesCompleter : IArgumentCompleter
{
    /// <summary>The values to offer, in the order to offer them.</summary>
    protected abstract IEnumerable<string> Values { get; }

    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = Completion.Wanted(parameterName, wordToComplete, commandAst, fakeBoundParameters);
        return Values.Where(typed).Select(v => new CompletionResult(v, v, CompletionResultType.ParameterValue, v)).ToList();
    }
}

/// <summary>Completes -Phase with the phases the Agents API documents.</summary>
public sealed class PhaseCompleter : KnownValuesCompleter
{
    /// <inheritdoc/>
    protected override IEnumerable<string> Values => AgentPhase.Known;
}

/// <summary>Completes -Status of runs with the statuses the API documents.</summary>
public sealed class RunStatusCompleter : KnownValuesCompleter
{
    /// <inheritdoc/>
    protected override IEnumerable<string> Values => RunStatus.Known;
}

/// <summary>Completes -Status of access requests with the statuses the API documents.</summary>
public sealed class AccessRequestStatusCompleter : KnownValuesCompleter
{
    /// <inheritdoc/>
    protected override IEnumerable<string> Values => AccessRequestStatus.Known;
}

/// <summary>Completes -Type of run events with the types the API documents.</summary>
public sealed class RunEventTypeCompleter : KnownValuesCompleter
{
    /// <inheritdoc/>
    protected override IEnumerable<string> Values => RunEventType.Known;
}
