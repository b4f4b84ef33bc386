using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Deletes approval connectors, by id or by name (a name two connectors share is refused). Asks first (ConfirmImpact
/// High) unless -Force; refuses, unless -Force, while a policy's approval bindings deliver to the connector (by name).
/// </summary>
[Cmdlet(VerbsCommon.Remove, "RAApprovalConnector", DefaultParameterSetName = NameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpUris.Docs + "Remove-RAApprovalConnector.md")]
[OutputType(typeof(ApprovalConnector))]
public sealed class RemoveRAApprovalConnectorCommand : ApprovalConnectorTargetCmdlet
{
    /// <summary>Deletes without asking, and although a policy delivers to the connector.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Writes each connector deleted.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var targets = Targets(
            "is not an approval connector.",
            "names no approval connector: pipe connectors (Get-RAApprovalConnector), or objects with an Id or a Name.");
        foreach (var (id, name, connection) in targets)
        {
            Remove(id, name, connection);
        }
    }

    private void Remove(string? id, string? name, RAConnection connection)
    {
        if (Resolve(id, name, connection, "Cannot remove approval connector", getById: false, missingName: false, out _) is not JsonObject found)
        {
            return;
        }

        id = Field(found, "id")!;
        name = Field(found, "name") ?? string.Empty;
        var shown = Target(ServerText.Clean(name), ServerText.Clean(id));
        List<string> dependents;
        try
        {
            var policies = Await(new ResourceApi<Policy>(connection.Transport, PolicyKind.Kind).ListAsync(Requests, StopToken));
            dependents = policies.SelectMany(p => p.Approvals.Where(a => a.Connectors.Contains(name, StringComparer.Ordinal)).Select(a => $"policy '{p.Name}' delivers its approval '{a.Name}' to it")).ToList();
        }
        catch (RunAgentsApiException e)
        {
            // Not known to be unused: removing it could silently stop approvals reaching their approvers.
            WriteApiError(e, "Cannot tell which policies deliver to approval connector", ServerText.Clean(name)!, notFoundId: "ApprovalConnectorNotFound");
            return;
        }

        if (dependents.Count > 0)
        {
            var what = $"The {shown} is in use: {string.Join("; ", dependents)}.";
            WriteWarning(what);
            if (!Force)
            {
                WriteError(new ErrorRecord(
                    new PSInvalidOperationException($"{what} Removing it would stop those approvals reaching their approvers through it. Change the policies first (Set-RAPolicy), or pass -Force to remove it anyway."),
                    "ApprovalConnectorInUse",
                    ErrorCategory.InvalidOperation,
                    name));
                return;
            }
        }

        if (!ShouldProcessUnlessForced(OnPlatform(shown, connection), "Remove approval connector", Force))
        {
            return;
        }

        string? inferred;
        try
        {
            inferred = Await(Api(connection).DeleteAsync(id, Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot remove approval connector", ServerText.Clean(name)!, notFoundId: "ApprovalConnectorNotFound");
            return;
        }

        if (inferred is not null)
        {
            WriteWarning(inferred);
        }

        WriteVerbose($"Removed {shown}.");
        if (PassThru)
        {
            WriteFromPlatform(ApprovalConnector.From(found, includeSecret: false), connection);
        }
    }
}
