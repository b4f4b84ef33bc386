using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Gets the access requests that agents' tool calls wait on: the pending ones by default.</summary>
[Cmdlet(VerbsCommon.Get, "RAAccessRequest", DefaultParameterSetName = ListSet)]
[OutputType(typeof(AccessRequest))]
public sealed class GetRAAccessRequestCommand : RunAgentsCmdlet
{
    private const string ListSet = "List";
    private const string ByIdSet = "ById";

    /// <summary>The ids of the requests to get.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet)]
    [ValidateAgentName(What = "access request id")]
    public string[]? Id { get; set; }

    /// <summary>Only requests in these statuses (PENDING, APPROVED, REJECTED, EXPIRED); wildcards allowed. PENDING when not given.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AccessRequestStatusCompleter))]
    public string[]? Status { get; set; }

    /// <summary>Only the request for this blocked action; binds from an invoke answer's ActionId.</summary>
    [Parameter(ParameterSetName = ListSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? ActionId { get; set; }

    /// <summary>Only requests of this run; binds from an invoke answer's or a run's RunId.</summary>
    [Parameter(ParameterSetName = ListSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? RunId { get; set; }

    /// <summary>The timeout of each request in seconds, instead of the connection's.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; }

    /// <summary>How many times to retry a transient failure, instead of the connection's setting.</summary>
    [Parameter]
    [ValidateRange(0, 10)]
    public int MaxRetryCount { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == ByIdSet)
        {
            foreach (var id in Id!)
            {
                try
                {
                    WriteFromPlatform(Await(ActiveConnection.AccessRequests.GetAsync(id, Requests, StopToken)), ActiveConnection);
                }
                catch (RunAgentsApiException e)
                {
                    WriteApiError(e, "Cannot get access request", id, notFoundId: "AccessRequestNotFound");
                }
            }

            return;
        }

        var statuses = StatusFilter.Expand(Status, AccessRequestStatus.Known, s => WriteWarning($"'{s}' is not a status the API documents ({string.Join(", ", AccessRequestStatus.Known)}); asking for it anyway."));
        if (statuses is { Count: 0 })
        {
            WriteWarning($"-Status {string.Join(",", Status!)} matches none of the statuses the API documents ({string.Join(", ", AccessRequestStatus.Known)}).");
            return;
        }

        List<AccessRequest> found;
        try
        {
            found = StatusFilter.PerStatus(statuses, filter => Await(ActiveConnection.AccessRequests.ListAsync(filter, Requests, StopToken)), r => r.Id)
                .Where(Matches).ToList();
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot list access requests of", ActiveConnection.Uri);
            return;
        }

        foreach (var request in found.OrderBy(r => r.CreatedAt ?? DateTime.MinValue))
        {
            WriteFromPlatform(request, ActiveConnection);
        }
        if (found.Count == 0 && (ActionId is not null || RunId is not null))
        {
            var what = ActionId is not null ? $"action '{ActionId}'" : $"run '{RunId}'";
            var where = statuses is null ? "pending" : string.Join(" or ", statuses);
            WriteError(new ErrorRecord(
                new ItemNotFoundException($"No {where} access request is for {what}. It may have been decided already: try -Status *."),
                "AccessRequestNotFound",
                ErrorCategory.ObjectNotFound,
                ActionId ?? RunId));
        }
    }

    private bool Matches(AccessRequest request) =>
        (ActionId is null || string.Equals(request.ActionId, ActionId, StringComparison.Ordinal))
        && (RunId is null || string.Equals(request.RunId, RunId, StringComparison.Ordinal));
}
