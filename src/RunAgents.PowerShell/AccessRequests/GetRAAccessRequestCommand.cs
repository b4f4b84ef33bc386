using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Gets the access requests that agents' tool calls wait on, the pending ones by default, with what the user asked.</summary>
/// <remarks>
/// The message is the run's: the requests written read the runs of the statuses their runs can be in (one request per
/// status, once per platform), whatever their number; one request by id reads its run. The v1 API's runs do not carry
/// their message, so there it stays empty and no run is read for it.
/// </remarks>
[Cmdlet(VerbsCommon.Get, "RAAccessRequest", DefaultParameterSetName = ListSet, HelpUri = HelpUris.Docs + "Get-RAAccessRequest.md")]
[OutputType(typeof(AccessRequest))]
public sealed class GetRAAccessRequestCommand : RequestCmdlet
{
    private const string ListSet = "List";
    private const string ByIdSet = "ById";

    private readonly Dictionary<RAConnection, List<AccessRequest>> _lists = new();
    private readonly HashSet<(RAConnection, string)> _written = new();
    private readonly Dictionary<RAConnection, (HashSet<string> Read, Dictionary<string, Run> Runs)> _runs = new();
    private List<string>? _statuses;

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

    /// <summary>Only the requests for these blocked actions.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateNotNullOrEmpty]
    public string[]? ActionId { get; set; }

    /// <summary>Only requests of these runs.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateNotNullOrEmpty]
    public string[]? RunId { get; set; }

    /// <summary>
    /// What to get the requests of: an invoke answer (its action), a run, an agent, a deploy's answer, an access request
    /// (read again), or request ids; from the pipeline, or given here.
    /// </summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject[]? InputObject { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (MyInvocation.BoundParameters.ContainsKey(nameof(InputObject)) && (Id is not null || ActionId is not null || RunId is not null))
        {
            // Given on the command line with -InputObject: two answers to "which requests".
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException("-InputObject names the requests, so -Id, -ActionId and -RunId cannot name them too. Give one or the other."),
                "InputNamedTwice",
                ErrorCategory.InvalidArgument,
                null));
        }

        _statuses = StatusFilter.Expand(Status, AccessRequestStatus.Known, s => WriteWarning($"'{s}' is not a status the API documents ({string.Join(", ", AccessRequestStatus.Known)}); asking for it anyway."));
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            if (Id is not null)
            {
                foreach (var id in Id)
                {
                    GetOne(id, ActiveConnection);
                }
            }
            else
            {
                Select(ActiveConnection, null, ActionId, RunId, null);
            }

            return;
        }

        if (ExpectingInputWithArguments())
        {
            return;
        }

        foreach (var item in InputObject)
        {
            Select(PipedObject.From(item));
        }
    }

    /// <summary>Piped objects name the requests, so -Id, -ActionId and -RunId on the command line cannot (they were bound first).</summary>
    private bool ExpectingInputWithArguments()
    {
        if (Id is null && ActionId is null && RunId is null)
        {
            return false;
        }

        ThrowTerminatingError(new ErrorRecord(
            new PSArgumentException("The requests come from the pipeline, so -Id, -ActionId and -RunId (given by name or by position) cannot name them too. Leave them out, or name the requests only on the command line."),
            "InputNamedTwice",
            ErrorCategory.InvalidArgument,
            null));
        return true;
    }

    /// <summary>The requests one object names: itself, its action, its run or its agent.</summary>
    private void Select(PipedObject piped)
    {
        string? id = null, action = null, run = null;
        (string? Namespace, string Name)? agent = null;
        switch (piped.Kind)
        {
            case PipedKind.AccessRequest:
                id = piped.Text("Id");
                break;
            case PipedKind.Text:
                id = (string)piped.Item.BaseObject;
                break;
            case PipedKind.Answer:
                action = piped.Text("ActionId");
                run = action is null ? piped.Text("RunId") : null;
                agent = action is null && run is null && piped.Text("Name") is { } answered ? (piped.Text("Namespace"), answered) : null;
                break;
            case PipedKind.Run:
                run = piped.Text("Id");
                break;
            case PipedKind.RunEvent:
                run = piped.Text("RunId");
                break;
            case PipedKind.Agent or PipedKind.DeployResult:
                agent = piped.Text("Name") is { } name ? (piped.Text("Namespace"), name) : null;
                break;
            case PipedKind.Other:
                action = piped.Text("ActionId");
                run = action is null ? piped.Text("RunId") : null;
                id = action is null && run is null ? piped.Text("Id") : null;
                agent = action is null && run is null && id is null && piped.Text("Name") is { } named ? (piped.Text("Namespace"), named) : null;
                break;
        }

        if (id is null && action is null && run is null && agent is null)
        {
            WriteInvalidInput(piped, piped.Kind == PipedKind.Connection
                ? $"{piped.Subject()} names no access request: pass a connection as -Connection."
                : $"{piped.Subject()} names no access request: pipe requests, invoke answers, runs or agents, or request ids.");
            return;
        }

        if ((id ?? action ?? run ?? agent?.Name) is string segment && AgentPath.Problem(segment) is string problem)
        {
            WriteInvalidInput(piped, $"{piped.Subject()} cannot name an access request: '{ValidateAgentNameAttribute.Printable(segment)}' {problem}.");
            return;
        }

        if (ConnectionFor(piped) is not RAConnection connection)
        {
            return;
        }

        if (id is not null)
        {
            GetOne(id, connection);
        }
        else
        {
            Select(connection, piped, One(action), One(run), agent);
        }
    }

    private static string[]? One(string? value) => value is null ? null : new[] { value };

    private void GetOne(string id, RAConnection connection)
    {
        AccessRequest request;
        try
        {
            request = Await(connection.AccessRequests.GetAsync(id, Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot get access request", id, notFoundId: "AccessRequestNotFound");
            return;
        }

        if (request.RunId is { Length: > 0 } runId && AgentPath.Problem(runId) is null && connection.Api != ApiGeneration.V1)
        {
            try
            {
                request.Message = Await(connection.Runs.GetAsync(runId, Requests, StopToken)).Message;
            }
            catch (RunAgentsApiException e)
            {
                // The request was read: it is written without its run's message.
                WriteVerbose($"Could not read run '{runId}' of access request '{id}' for its message: {e.Message}");
            }
        }

        Write(request, connection);
    }

    /// <summary>
    /// Gives each request its run's message, from the lists of runs in the statuses those runs can be in: a pending
    /// request's run is paused, an approved one's paused, running or ended, a denied one's failed.
    /// </summary>
    private void AddMessages(RAConnection connection, List<AccessRequest> requests)
    {
        if (connection.Api == ApiGeneration.V1)
        {
            return;
        }

        if (!_runs.TryGetValue(connection, out var known))
        {
            known = (new HashSet<string>(StringComparer.OrdinalIgnoreCase), new Dictionary<string, Run>(StringComparer.Ordinal));
            _runs.Add(connection, known);
        }

        var statuses = requests.Where(r => !string.IsNullOrEmpty(r.RunId) && r.Message is null)
            .SelectMany(r => RunStatusesOf(r.Status)).Distinct().Where(s => !known.Read.Contains(s)).ToList();
        if (statuses.Count > 0)
        {
            try
            {
                foreach (var run in StatusFilter.PerStatus(statuses, filter => Await(connection.Runs.ListAsync(null, filter, Requests, StopToken)), r => r.Id))
                {
                    known.Runs[run.Id] = run;
                }
            }
            catch (RunAgentsApiException e)
            {
                WriteVerbose($"Could not list the runs of the access requests for their messages: {e.Message}");
            }

            // Read once, or failed once: either way not asked again by this command.
            known.Read.UnionWith(statuses);
        }

        foreach (var request in requests)
        {
            if (request.Message is null && request.RunId is { } runId && known.Runs.TryGetValue(runId, out var run))
            {
                request.Message = run.Message;
            }
        }
    }

    private static IEnumerable<string> RunStatusesOf(string? status) => status?.ToUpperInvariant() switch
    {
        AccessRequestStatus.Pending => new[] { RunStatus.PausedApproval },
        AccessRequestStatus.Approved => new[] { RunStatus.PausedApproval, RunStatus.Running, RunStatus.Completed, RunStatus.Failed },
        AccessRequestStatus.Rejected => new[] { RunStatus.Failed },
        _ => RunStatus.Known,
    };

    /// <summary>Writes the requests of the list (read once per platform) that match the filters given.</summary>
    /// <remarks>Each action asked for (or, without actions, each run) that no request is for is an error.</remarks>
    private void Select(RAConnection connection, PipedObject? piped, string[]? actions, string[]? runs, (string? Namespace, string Name)? agent)
    {
        if (_statuses is { Count: 0 })
        {
            WriteWarning($"-Status {string.Join(",", Status!)} matches none of the statuses the API documents ({string.Join(", ", AccessRequestStatus.Known)}).");
            return;
        }

        if (!_lists.TryGetValue(connection, out var all))
        {
            try
            {
                all = StatusFilter.PerStatus(_statuses, filter => Await(connection.AccessRequests.ListAsync(filter, Requests, StopToken)), r => r.Id)
                    .OrderBy(r => r.CreatedAt ?? DateTimeOffset.MinValue).ToList();
            }
            catch (RunAgentsApiException e)
            {
                WriteApiError(e, "Cannot list access requests of", connection.Uri);
                return;
            }

            _lists.Add(connection, all);
        }

        var found = all.Where(r => (actions is null || actions.Contains(r.ActionId, StringComparer.Ordinal))
            && (runs is null || runs.Contains(r.RunId, StringComparer.Ordinal))
            && (agent is null || IsOf(r, agent.Value))).ToList();
        AddMessages(connection, found);
        foreach (var request in found)
        {
            Write(request, connection);
        }

        var (asked, kind, of) = actions is not null
            ? (actions, "action", (Func<AccessRequest, string?>)(r => r.ActionId))
            : (runs, "run", r => r.RunId);
        foreach (var value in asked ?? Array.Empty<string>())
        {
            if (found.Any(r => string.Equals(of(r), value, StringComparison.Ordinal)))
            {
                continue;
            }

            var where = _statuses is null ? "pending" : string.Join(" or ", _statuses);
            WriteError(new ErrorRecord(
                new ItemNotFoundException($"No {where} access request is for {kind} '{value}'. It may have been decided already: try -Status *."),
                "AccessRequestNotFound",
                ErrorCategory.ObjectNotFound,
                (object?)piped?.Item ?? value));
        }
    }

    /// <summary>True when <paramref name="request"/> is of the agent: by name, and by namespace where the request says it (<c>namespace/name</c>).</summary>
    private static bool IsOf(AccessRequest request, (string? Namespace, string Name) agent)
    {
        var asked = request.Agent ?? string.Empty;
        var slash = asked.IndexOf('/');
        if (slash < 0)
        {
            return string.Equals(asked, agent.Name, StringComparison.OrdinalIgnoreCase);
        }

        return string.Equals(asked.Substring(slash + 1), agent.Name, StringComparison.OrdinalIgnoreCase)
            && (agent.Namespace is null || string.Equals(asked.Substring(0, slash), agent.Namespace, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Writes a request once, however many objects name it.</summary>
    private void Write(AccessRequest request, RAConnection connection)
    {
        if (_written.Add((connection, request.Id)))
        {
            WriteFromPlatform(request, connection);
        }
    }
}
