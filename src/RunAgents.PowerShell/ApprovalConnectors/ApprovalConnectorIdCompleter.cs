using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Completes -Id with the platform's approval connector ids, each connector's name as its tooltip.</summary>
public sealed class ApprovalConnectorIdCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Ids(
            nameof(ApprovalConnectorIdCompleter),
            static async (c, options, token) => (await new ApprovalConnectorsApi(c.Transport).ListAsync(options, token).ConfigureAwait(false))
                .Select(i => (Id: ServerText.Clean(Text(i, "id")) ?? string.Empty, Name: ServerText.Clean(Text(i, "name")) ?? string.Empty))
                .ToList(),
            i => i.Id,
            i => $"{i.Name} ({i.Id})",
            null,
            parameterName,
            wordToComplete,
            commandAst,
            fakeBoundParameters);

    private static string? Text(JsonObject item, string field) =>
        item[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
