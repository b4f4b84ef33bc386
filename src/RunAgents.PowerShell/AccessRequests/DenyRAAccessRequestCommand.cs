using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Denies an access request; the run waiting on it fails.</summary>
[Cmdlet(VerbsLifecycle.Deny, "RAAccessRequest", DefaultParameterSetName = ByInputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpUris.Docs + "Deny-RAAccessRequest.md")]
[OutputType(typeof(AccessRequest))]
public sealed class DenyRAAccessRequestCommand : AccessRequestDecision
{
    /// <inheritdoc/>
    protected override string Action => "Deny access request";

    /// <inheritdoc/>
    private protected override Task<WriteOutcome<AccessRequest>> DecideAsync(RAConnection connection, AccessRequest request) =>
        connection.AccessRequests.RejectAsync(request.Id, Reason is null ? null : PSJson.Serialize(new Dictionary<string, object?> { ["reason"] = Reason }), Requests, StopToken);
}
