using System;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// What Approve-RAAccessRequest and Deny-RAAccessRequest share: find the request an id, a request, a paused run or a
/// paused answer names, on the platform it came from; name its agent and tool (and platform, when not the current one)
/// in the prompt, reading it first when only the id is known; decide; write the result.
/// </summary>
public abstract class AccessRequestDecision : RequestCmdlet
{
    /// <summary>The parameter set of requests given by id.</summary>
    protected const string ByIdSet = "ById";

    /// <summary>The parameter set of requests (or paused runs and answers) piped in or given as objects.</summary>
    protected const string ByInputObjectSet = "ByInputObject";

    /// <summary>The ids of the requests.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet)]
    [ValidateAgentName(What = "access request id")]
    [ArgumentCompleter(typeof(AccessRequestIdCompleter))]
    public string[] Id { get; set; } = Array.Empty<string>();

    /// <summary>The requests, as Get-RAAccessRequest writes them (also after Import-Clixml or Import-Csv), or any object with an Id; or a paused run or invoke answer, for the request it waits on.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByInputObjectSet)]
    [ValidateNotNull]
    public PSObject[]? InputObject { get; set; }

    /// <summary>Why; recorded with the decision.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Reason { get; set; }

    /// <summary>Decides without asking for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>What the prompt calls the action: <c>Approve access request</c>.</summary>
    protected abstract string Action { get; }

    /// <summary>Sends the decision and returns the updated request.</summary>
    private protected abstract Task<WriteOutcome<AccessRequest>> DecideAsync(RAConnection connection, AccessRequest request);

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            foreach (var id in Id)
            {
                Decide(ActiveConnection, id, null);
            }

            return;
        }

        foreach (var item in InputObject)
        {
            var piped = PipedObject.From(item);
            switch (piped.Kind)
            {
                case PipedKind.AccessRequest or PipedKind.Text or PipedKind.Other when RequestId(piped) is string id:
                    if (AgentPath.Problem(id) is string problem)
                    {
                        WriteInvalidInput(piped, $"{piped.Subject()} cannot name an access request: '{ValidateAgentNameAttribute.Printable(id)}' {problem}.");
                    }
                    else if (ConnectionFor(piped) is RAConnection connection)
                    {
                        // A live request names its agent and tool in the prompt as it is; any other is read again on its platform.
                        Decide(connection, id, piped.Item.BaseObject as AccessRequest);
                    }

                    break;
                case PipedKind.Run or PipedKind.Answer:
                    DecidePaused(piped);
                    break;
                default:
                    WriteInvalidInput(piped, piped.Kind == PipedKind.Connection
                        ? $"{piped.Subject()} names no access request: pass a connection as -Connection."
                        : $"{piped.Subject()} names no access request: pipe access requests (Get-RAAccessRequest), a paused run or invoke answer, or request ids.");
                    break;
            }
        }
    }

    /// <summary>The id of a request, a string, or an object with an Id; null when there is none.</summary>
    private static string? RequestId(PipedObject piped) =>
        piped.Kind == PipedKind.Text ? (string)piped.Item.BaseObject : piped.Text("Id");

    /// <summary>Decides the request a paused run or a paused answer waits on; one that did not pause is an error, before any request.</summary>
    private void DecidePaused(PipedObject piped)
    {
        var isRun = piped.Kind == PipedKind.Run;
        var run = isRun ? piped.Text("Id") : piped.Text("RunId");
        var action = isRun ? piped.Text("BlockedActionId") : piped.Text("ActionId");
        var status = piped.Text("Status");
        var paused = isRun
            ? string.Equals(status, RunStatus.PausedApproval, StringComparison.OrdinalIgnoreCase)
            : piped.Flag("ApprovalRequired");
        if (!paused || (action is null && run is null))
        {
            var why = isRun
                ? $"{piped.Subject()} is not waiting for approval: it is {status ?? "of unknown status"}"
                : $"{piped.Subject()} did not pause for approval";
            WriteError(new ErrorRecord(new PSInvalidOperationException($"{why}, so there is no access request to {Verb}."), "NotPaused", ErrorCategory.InvalidOperation, piped.Item));
            return;
        }

        if (ConnectionFor(piped) is not RAConnection connection)
        {
            return;
        }

        AccessRequest? request;
        try
        {
            request = Await(connection.AccessRequests.ListAsync(new[] { AccessRequestStatus.Pending }, Requests, StopToken))
                .FirstOrDefault(r => (action is null || r.ActionId == action) && (run is null || r.RunId == run));
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot list access requests of", connection.Uri);
            return;
        }

        if (request is null)
        {
            var what = action is null ? $"run '{run}'" : $"action '{action}'{(run is null ? string.Empty : $" of run '{run}'")}";
            WriteError(new ErrorRecord(
                new ItemNotFoundException($"No pending access request is for {what}. It may have been decided already: Get-RAAccessRequest -Status * -RunId {run ?? "<run>"}."),
                "AccessRequestNotFound",
                ErrorCategory.ObjectNotFound,
                piped.Item));
            return;
        }

        Decide(connection, request.Id, request);
    }

    private void Decide(RAConnection connection, string id, AccessRequest? request)
    {
        if (request is null)
        {
            try
            {
                request = Await(connection.AccessRequests.GetAsync(id, Requests, StopToken));
            }
            catch (RunAgentsApiException e)
            {
                WriteApiError(e, "Cannot get access request", id, notFoundId: "AccessRequestNotFound");
                return;
            }
        }

        var target = $"{request.Id} (agent '{request.Agent ?? "unknown"}', tool '{request.Tool ?? "unknown"}', status {request.Status ?? "unknown"})";
        if (!ShouldProcessUnlessForced(OnPlatform(target, connection), Action, Force))
        {
            return;
        }

        try
        {
            var decided = Await(DecideAsync(connection, request));
            if (decided.Value is { } answered)
            {
                // The platform's answer is the request, not its run: what the user asked comes from the request given.
                answered.Message ??= request.Message;
                WriteFromPlatform(answered, connection);
            }
            else
            {
                WriteWarning(decided.Warning!);
            }
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, $"Cannot {Action.ToLowerInvariant()}", request.Id, notFoundId: "AccessRequestNotFound");
        }
    }

    private string Verb => Action.Split(' ')[0].ToLowerInvariant();
}
