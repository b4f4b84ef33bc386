using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Client;

/// <summary>Runs and their events (<c>/runs</c> on both generations).</summary>
internal sealed class RunsApi
{
    /// <summary>How many events one request asks for at first: a page far under the default size cap for events of a few KB.</summary>
    internal const int EventsPage = 500;

    /// <summary>The descriptor of runs.</summary>
    internal static readonly ItemKind<Run> Kind = new()
    {
        Noun = "run",
        List = ApiOperation.ListRuns,
        Get = ApiOperation.GetRun,
        ListType = RunAgentsJsonContext.Default.ListRun,
        ItemType = RunAgentsJsonContext.Default.Run,
        IdOf = r => r.Id,
        SetId = (r, id) => r.Id = id,
        NotFoundMessages = id => new[] { $"run {id} not found" },
    };

    private readonly ApiTransport _transport;
    private readonly ItemApi<Run> _items;

    public RunsApi(ApiTransport transport)
    {
        _transport = transport;
        _items = new ItemApi<Run>(transport, Kind);
    }

    /// <summary>The runs of an agent and/or in some statuses. Without filters the server lists only RUNNING runs.</summary>
    public Task<List<Run>> ListAsync(string? agent, IReadOnlyCollection<string> statuses, RequestOptions? options, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (agent is not null)
        {
            query.Add("agent_id=" + System.Uri.EscapeDataString(agent));
        }

        query.AddRange(statuses.Select(s => "status=" + System.Uri.EscapeDataString(s)));
        return _items.ListAsync(query, options, cancellationToken);
    }

    /// <summary>One run by id; an answer about another run is refused, as a wait would report the wrong one as done.</summary>
    public Task<Run> GetAsync(string id, RequestOptions? options, CancellationToken cancellationToken) =>
        _items.GetAsync(id, options, cancellationToken);

    /// <summary>
    /// Records a run as FAILED (PATCH, <c>{"status": "FAILED"}</c>). Sent again on a transient failure: a second copy
    /// asks for the same state, and a 409 after it is reconciled by the caller re-reading the run.
    /// </summary>
    public Task<WriteOutcome<Run>> MarkFailedAsync(string id, RequestOptions? options, CancellationToken cancellationToken) =>
        _items.ActAsync(ApiOperation.UpdateRunStatus, id, "{\"status\":\"FAILED\"}", RetryClass.Freely, "marked failed", options, cancellationToken);

    /// <summary>One blocked action of a run; an answer about another action or run is refused.</summary>
    public async Task<BlockedAction> GetBlockedActionAsync(string runId, string actionId, RequestOptions? options, CancellationToken cancellationToken)
    {
        var (method, path) = ApiRoutes.Resolve(_transport.Connection.Api, ApiOperation.GetBlockedAction, name: actionId, id: runId);
        var what = $"the blocked action '{actionId}' of run '{runId}'";
        var request = new ApiRequest(method, path, what)
        {
            NotFoundMessages = new[] { $"run {runId} not found", $"action {actionId} not found" },
            Retry = RetryClass.Freely,
        };
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        var action = await answer.ReadJsonAsync(RunAgentsJsonContext.Default.BlockedAction, cancellationToken).ConfigureAwait(false);
        if (action.ActionId.Length == 0)
        {
            action.ActionId = actionId;
        }
        else if (!string.Equals(action.ActionId, actionId, System.StringComparison.Ordinal))
        {
            throw answer.AnswerForAnother(what, $"the blocked action '{ServerText.Clean(action.ActionId)}'");
        }

        if (action.RunId is { Length: > 0 } other && !string.Equals(other, runId, System.StringComparison.Ordinal))
        {
            throw answer.AnswerForAnother(what, $"an action of run '{ServerText.Clean(other)}'");
        }

        action.RunId ??= runId;
        return action;
    }

    /// <summary>The events of a run after <paramref name="afterSequence"/>, in order, with a one-line summary each.</summary>
    /// <remarks>
    /// Read in pages (<c>after_seq</c>, <c>limit</c>) until a short one, each page an answer of its own under the size
    /// cap, so that a run with more events than one answer may hold can still be read, its failure reason included.
    /// Events too large for the cap <see cref="EventsPage"/> at a time are asked for again fewer at a time.
    /// </remarks>
    public async Task<List<RunEvent>> EventsAsync(string id, long afterSequence, RequestOptions? options, CancellationToken cancellationToken)
    {
        var events = new List<RunEvent>();
        var after = afterSequence;
        var limit = EventsPage;
        while (true)
        {
            List<RunEvent> page;
            try
            {
                page = await EventsPageAsync(id, after, limit, options, cancellationToken).ConfigureAwait(false);
            }
            catch (RunAgentsApiException e) when (e.Failure == ApiFailure.TooLarge && e.StatusCode is not null && limit > 1)
            {
                limit /= 2;
                continue;
            }

            events.AddRange(page);
            if (page.Count < limit)
            {
                return events;
            }

            after = page[page.Count - 1].Sequence;
        }
    }

    /// <summary>One page of a run's events: at most <paramref name="limit"/>, in order, all after <paramref name="after"/>.</summary>
    internal async Task<List<RunEvent>> EventsPageAsync(string id, long after, int limit, RequestOptions? options, CancellationToken cancellationToken)
    {
        var query = after > 0 ? new[] { "after_seq=" + after, "limit=" + limit } : new[] { "limit=" + limit };
        var request = _items.Request(ApiOperation.ListRunEvents, id, $"the events of run '{id}'", query);
        request.Retry = RetryClass.Freely;
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        var events = await answer.ReadJsonAsync(RunAgentsJsonContext.Default.ListRunEvent, cancellationToken).ConfigureAwait(false);
        foreach (var item in events)
        {
            if (item.RunId is { Length: > 0 } other && !string.Equals(other, id, System.StringComparison.Ordinal))
            {
                throw answer.AnswerForAnother($"the events of run '{id}'", $"an event of run '{other}'");
            }

            item.RunId ??= id;
            item.Summary = EventSummary.Of(item.Type, item.Actor, item.DataJson);
        }

        // Events that share a sequence number keep the order the server gave them: OrderBy is stable, List.Sort is not.
        events = events.OrderBy(e => e.Sequence).ToList();

        // A page that does not move past where it was asked to start would be asked for again without end.
        if ((after > 0 && events.Count > 0 && events[0].Sequence <= after) || (events.Count >= limit && events[events.Count - 1].Sequence <= after))
        {
            throw answer.AnswerForAnother($"the events of run '{id}' after number {after}", $"events numbered from {events[0].Sequence} to {events[events.Count - 1].Sequence}");
        }

        return events;
    }
}
