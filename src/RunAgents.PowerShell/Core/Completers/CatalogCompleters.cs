using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Completers;

/// <summary>Completes from one of the platform's read-only lists, quietly and briefly cached: a slow or failing platform completes nothing.</summary>
public abstract class CatalogCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var connection = Completion.Connection(fakeBoundParameters);
        if (connection is null)
        {
            return Array.Empty<CompletionResult>();
        }

        var names = CompletionCache.Get(connection, GetType().Name, Fetch);
        var typed = Completion.Wanted(parameterName, wordToComplete, commandAst, fakeBoundParameters);
        return names.Distinct(StringComparer.OrdinalIgnoreCase).Where(typed).OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
            .Select(n => Completion.Result(n, n)).ToList();
    }

    /// <summary>Reads the names to offer.</summary>
    private protected abstract Task<List<string>> Fetch(RAConnection connection, RequestOptions options, CancellationToken cancellationToken);
}

/// <summary>Completes -Tool with the platform's registered tools.</summary>
public sealed class ToolCompleter : CatalogCompleter
{
    private protected override Task<List<string>> Fetch(RAConnection connection, RequestOptions options, CancellationToken cancellationToken) =>
        connection.Catalog.ToolNamesAsync(options, cancellationToken);
}

/// <summary>Completes -Model with <c>provider/model</c> from the platform's model providers.</summary>
public sealed class ModelCompleter : CatalogCompleter
{
    private protected override Task<List<string>> Fetch(RAConnection connection, RequestOptions options, CancellationToken cancellationToken) =>
        connection.Catalog.ModelsAsync(options, cancellationToken);
}

/// <summary>Completes -Policy with the platform's policies.</summary>
public sealed class PolicyCompleter : CatalogCompleter
{
    private protected override Task<List<string>> Fetch(RAConnection connection, RequestOptions options, CancellationToken cancellationToken) =>
        connection.Catalog.PolicyNamesAsync(options, cancellationToken);
}

/// <summary>Completes -Connector with the names of the platform's approval connectors.</summary>
public sealed class ApprovalConnectorCompleter : CatalogCompleter
{
    private protected override Task<List<string>> Fetch(RAConnection connection, RequestOptions options, CancellationToken cancellationToken) =>
        connection.Catalog.ApprovalConnectorNamesAsync(options, cancellationToken);
}

/// <summary>Completes -IdentityProvider with the platform's identity providers.</summary>
public sealed class IdentityProviderCompleter : CatalogCompleter
{
    private protected override Task<List<string>> Fetch(RAConnection connection, RequestOptions options, CancellationToken cancellationToken) =>
        connection.Catalog.IdentityProviderNamesAsync(options, cancellationToken);
}
