using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Gets the approval connectors: every one, those whose names match (wildcards allowed), or those with the ids given.
/// Their header values are secrets and are masked unless -IncludeSecret.
/// </summary>
[Cmdlet(VerbsCommon.Get, "RAApprovalConnector", DefaultParameterSetName = NameSet, HelpUri = HelpUris.Docs + "Get-RAApprovalConnector.md")]
[OutputType(typeof(ApprovalConnector), typeof(string))]
public sealed class GetRAApprovalConnectorCommand : ApprovalConnectorCmdlet
{
    private const string NameSet = "Name";
    private const string IdSet = "Id";
    private readonly HashSet<string> _written = new();

    /// <summary>The names of the connectors to get; wildcards allowed. Every connector when not given.</summary>
    [Parameter(Position = 0, ParameterSetName = NameSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ApprovalConnectorCompleter))]
    public string[]? Name { get; set; }

    /// <summary>The ids of the connectors to get (<c>ac_...</c>), each with one request.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ApprovalConnectorIdCompleter))]
    public string[]? Id { get; set; }

    /// <summary>Only connectors of these types.</summary>
    [Parameter]
    [ValidateSet("Webhook", "Slack", "Teams", "Jira", "PagerDuty")]
    public string[]? Type { get; set; }

    /// <summary>Only enabled connectors; <c>-Enabled:$false</c> only disabled ones.</summary>
    [Parameter]
    public SwitchParameter Enabled { get; set; }

    /// <summary>Shows the header values in clear. They are secrets: keep them out of logs and exports.</summary>
    [Parameter]
    public SwitchParameter IncludeSecret { get; set; }

    /// <summary>Writes each connector's JSON text instead of an object (its header values masked unless -IncludeSecret).</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var connection = ActiveConnection;
        if (Id is not null)
        {
            foreach (var id in Id)
            {
                var problem = AgentPath.Problem(id);
                if (problem is not null || Array.IndexOf(ApprovalConnectorsApi.ReservedIds, id) >= 0)
                {
                    WriteError(new ErrorRecord(new PSArgumentException($"'{ValidateAgentNameAttribute.Printable(id)}' cannot be the id of an approval connector: {problem ?? "the API keeps that word for another route"}."), "InvalidApprovalConnectorId", ErrorCategory.InvalidArgument, id));
                    continue;
                }

                try
                {
                    Write(Await(Api(connection).GetAsync(id, Requests, StopToken)), connection);
                }
                catch (RunAgentsApiException e) when (e.Failure == ApiFailure.NotFound)
                {
                    WriteError(NotFoundException.Record($"Cannot find an approval connector with the id '{ServerText.Clean(id)}' on {connection.Uri}.", e, "ApprovalConnectorNotFound", id));
                }
                catch (RunAgentsApiException e)
                {
                    WriteApiError(e, "Cannot get approval connector", ServerText.Clean(id)!, notFoundId: "ApprovalConnectorNotFound");
                }
            }

            return;
        }

        var all = ListAll(connection, "Cannot list the approval connectors of", connection.Uri);
        if (all is null)
        {
            return;
        }

        var names = Name ?? new[] { "*" };
        foreach (var exact in names.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)))
        {
            if (!all.Any(c => string.Equals(Field(c, "name"), exact, StringComparison.OrdinalIgnoreCase)))
            {
                WriteError(NotFoundException.Record($"Cannot find an approval connector named '{ServerText.Clean(exact)}' on {connection.Uri}.", null, "ApprovalConnectorNotFound", exact));
            }
        }

        var patterns = names.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToArray();
        foreach (var item in all.Where(c => patterns.Any(p => p.IsMatch(Field(c, "name") ?? string.Empty))))
        {
            Write(item, connection);
        }
    }

    private void Write(JsonObject item, RAConnection connection)
    {
        var connector = ApprovalConnector.From(item, IncludeSecret);
        if (Type is not null && !Type.Any(t => string.Equals(t, connector.Type, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        if (MyInvocation.BoundParameters.ContainsKey(nameof(Enabled)) && connector.Enabled != Enabled.IsPresent)
        {
            return;
        }

        if (!_written.Add(connector.Id.Length > 0 ? connector.Id : connector.Json))
        {
            return;
        }

        if (Raw)
        {
            WriteObject(connector.Json);
        }
        else
        {
            WriteFromPlatform(connector, connection);
        }
    }
}
