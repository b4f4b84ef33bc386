using System;
using System.Collections.Generic;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// What Reset-RAApiKey and Remove-RAApiKey share: keys named by id or piped (from Get-RAApiKey, New-RAApiKey or
/// Reset-RAApiKey), each found in its platform's list before any write, so that the prompt names it and the key the
/// connection sends is known.
/// </summary>
public abstract class ApiKeyChangeCommand : WorkspaceAuthCommand
{
    /// <summary>The parameter set of keys given by id.</summary>
    protected const string ByIdSet = "ById";

    /// <summary>The parameter set of keys piped in.</summary>
    protected const string ByInputObjectSet = "ByInputObject";

    private readonly Dictionary<RAConnection, List<WorkspaceApiKey>?> _lists = new();

    /// <summary>The ids of the keys.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ApiKeyIdCompleter))]
    public string[] Id { get; set; } = Array.Empty<string>();

    /// <summary>The keys, as Get-RAApiKey writes them (also after Import-Csv or Import-Clixml), or any object with an Id.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByInputObjectSet)]
    [ValidateNotNull]
    public PSObject[]? InputObject { get; set; }

    /// <summary>Acts on the key the connection itself sends as well, and does not ask for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Acts on one key found in its platform's list.</summary>
    private protected abstract void Change(RAConnection connection, WorkspaceApiKey key);

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            foreach (var id in Id)
            {
                Act(ActiveConnection, id);
            }

            return;
        }

        foreach (var item in InputObject)
        {
            var piped = PipedObject.From(item);
            if (piped.FromModule && piped.ModelType is not (nameof(WorkspaceApiKey) or nameof(IssuedApiKey)))
            {
                // Another of the module's objects has an Id too (a connector's, a run's): it never names a key.
                WriteInvalidInput(piped, $"{piped.Subject()} is not an API key: pipe the keys Get-RAApiKey writes, or give -Id.");
                continue;
            }

            if (PipedId(item) is not string id || id.Trim().Length == 0)
            {
                WriteInvalidInput(piped, $"{piped.Subject()} names no API key: give an object with an Id, as Get-RAApiKey writes.");
                continue;
            }

            if (ConnectionFor(piped) is RAConnection connection)
            {
                Act(connection, id);
            }
        }
    }

    /// <summary>The refusal to act on the key the connection sends, saying how to go on.</summary>
    private protected ErrorRecord InUse(WorkspaceApiKey key, string doing, string instead) => new(
        new PSInvalidOperationException($"{Described(key)} is the key this connection sends: {doing}, and every later command of the session would fail with 401. {instead} Pass -Force to go on anyway."),
        "ApiKeyInUse",
        ErrorCategory.InvalidOperation,
        key);

    private void Act(RAConnection connection, string id)
    {
        if (AgentPath.Problem(id) is string problem)
        {
            WriteError(new ErrorRecord(new PSArgumentException($"'{ValidateAgentNameAttribute.Printable(id)}' cannot be an API key id: {problem}."), "InvalidApiKeyId", ErrorCategory.InvalidArgument, id));
            return;
        }

        if (!_lists.TryGetValue(connection, out var keys))
        {
            keys = ListKeys(connection);
            _lists[connection] = keys;
        }

        if (keys is null)
        {
            return;
        }

        if (Find(keys, id) is not WorkspaceApiKey key)
        {
            WriteError(KeyNotFound(id, connection));
            return;
        }

        Change(connection, key);
    }
}
