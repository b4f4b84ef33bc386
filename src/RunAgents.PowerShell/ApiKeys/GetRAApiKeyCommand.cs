using System;
using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Gets the workspace's API keys: their names, ids, prefixes and last four characters, never their tokens.</summary>
[Cmdlet(VerbsCommon.Get, "RAApiKey", DefaultParameterSetName = ByNameSet, HelpUri = HelpUris.Docs + "Get-RAApiKey.md")]
[OutputType(typeof(WorkspaceApiKey), typeof(string))]
public sealed class GetRAApiKeyCommand : WorkspaceAuthCommand
{
    private const string ByNameSet = "ByName";
    private const string ByIdSet = "ById";

    /// <summary>Only the keys of these names; wildcards allowed. An exact name that no key has is an error.</summary>
    [Parameter(Position = 0, ParameterSetName = ByNameSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Only the keys of these ids. An id that no key has is an error.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ApiKeyIdCompleter))]
    public string[]? Id { get; set; }

    /// <summary>Only the keys that expire within this span from now (those already expired included); keys without an expiry are left out.</summary>
    [Parameter]
    public TimeSpan? ExpiringWithin { get; set; }

    /// <summary>Writes each key as the platform's JSON text instead of an object.</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        if (ExpiringWithin is TimeSpan span && span < TimeSpan.Zero)
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException($"-ExpiringWithin must not be negative (it was {span}): give how far ahead to look, such as -ExpiringWithin (New-TimeSpan -Days 30)."),
                "InvalidExpiringWithin",
                ErrorCategory.InvalidArgument,
                span));
        }

        base.BeginProcessing();
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var connection = ActiveConnection;
        var keys = ListKeys(connection);
        if (keys is null)
        {
            return;
        }

        var selected = keys.AsEnumerable();
        if (Id is not null)
        {
            foreach (var id in Id.Where(i => Find(keys, i) is null))
            {
                WriteError(KeyNotFound(id, connection));
            }

            selected = keys.Where(k => Id.Contains(k.Id, StringComparer.Ordinal));
        }
        else if (Name is not null)
        {
            foreach (var name in Name.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)))
            {
                if (!keys.Any(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    WriteError(NotFoundException.Record($"No API key is named '{name}'{WorkspaceOf(connection)} at {connection.Uri}.", null, "ApiKeyNotFound", name));
                }
            }

            var patterns = Name.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToArray();
            selected = keys.Where(k => patterns.Any(p => p.IsMatch(k.Name)));
        }

        if (ExpiringWithin is TimeSpan within)
        {
            var until = DateTimeOffset.UtcNow + within;
            selected = selected.Where(k => k.Expires is DateTimeOffset expires && expires <= until);
        }

        foreach (var key in selected)
        {
            if (Raw)
            {
                WriteObject(key.Json);
            }
            else
            {
                WriteObject(key);
            }
        }
    }
}
