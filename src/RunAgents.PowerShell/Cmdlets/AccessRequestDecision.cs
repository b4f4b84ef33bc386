using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// What Approve-RAAccessRequest and Deny-RAAccessRequest share: take a request piped in or by id, name its
/// agent and tool in the prompt (fetching it first when only the id is known), decide, write the result.
/// </summary>
public abstract class AccessRequestDecision : RunAgentsCmdlet
{
    /// <summary>The parameter set of a request given by id.</summary>
    protected const string ByIdSet = "ById";

    /// <summary>The parameter set of a request piped in.</summary>
    protected const string ByInputObjectSet = "ByInputObject";

    /// <summary>The id of the request; binds from any object with an <c>Id</c>.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ByIdSet)]
    [ValidateAgentName(What = "access request id")]
    public string Id { get; set; } = string.Empty;

    /// <summary>The request, as Get-RAAccessRequest writes it.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByInputObjectSet)]
    [ValidateNotNull]
    public AccessRequest? InputObject { get; set; }

    /// <summary>Why; recorded with the decision.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Reason { get; set; }

    /// <summary>The timeout of each request in seconds, instead of the connection's.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; }

    /// <summary>What the prompt calls the action: <c>Approve access request</c>.</summary>
    protected abstract string Action { get; }

    /// <summary>Sends the decision and returns the updated request.</summary>
    protected abstract System.Threading.Tasks.Task<AccessRequest> DecideAsync(AccessRequest request);

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var request = InputObject;
        if (request is null)
        {
            try
            {
                request = Await(ActiveConnection.AccessRequests.GetAsync(Id, Requests, StopToken));
            }
            catch (RunAgentsApiException e)
            {
                WriteApiError(e, "Cannot get access request", Id, notFoundId: "AccessRequestNotFound");
                return;
            }
        }

        var target = $"{request.Id} (agent '{request.Agent ?? "unknown"}', tool '{request.Tool ?? "unknown"}', status {request.Status ?? "unknown"})";
        if (!ShouldProcess(target, Action))
        {
            return;
        }

        try
        {
            WriteFromPlatform(Await(DecideAsync(request)), ActiveConnection);
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, $"Cannot {Action.ToLowerInvariant()}", request.Id, notFoundId: "AccessRequestNotFound");
        }
    }
}
