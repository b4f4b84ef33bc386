using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Client;

/// <summary>Runs and their events (<c>/runs</c> on both generations).</summary>
internal sealed class RunsApi
{
    private readonly ApiTransport _transport;

    public RunsApi(ApiTransport transport)
    {
        _transport = transport;
    }

    /// <summary>The runs of an agent and/or in some statuses. Without filters the server lists only RUNNING runs.</summary>
    public async Task<List<Run>> ListAsync(string? agent, IReadOnlyCollection<string> statuses, RequestOptions? options, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (agent is not null)
        {
            query.Add("agent_id=" + System.Uri.EscapeDataString(agent));
        }

        query.AddRange(statuses.Select(s => "status=" + System.Uri.EscapeDataString(s)));
        var request = Request(ApiOperation.ListRuns, null, "the list of runs", query);
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        return await answer.ReadJsonAsync(RunAgentsJsonContext.Default.ListRun, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One run by id.</summary>
    public async Task<Run> GetAsync(string id, RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Request(ApiOperation.GetRun, id, $"the run '{id}'", null);
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        var run = await answer.ReadJsonAsync(RunAgentsJsonContext.Default.Run, cancellationToken).ConfigureAwait(false);

        // An answer about another run is not this run: a wait would report the wrong one as done.
        if (run.Id.Length == 0)
        {
            run.Id = id;
        }
        else if (!string.Equals(run.Id, id, System.StringComparison.Ordinal))
        {
            throw answer.AnswerForAnother($"the run '{id}'", $"the run '{run.Id}'");
        }

        return run;
    }

    /// <summary>The events of a run after <paramref name="afterSequence"/>, in order, with a one-line summary each.</summary>
    public async Task<List<RunEvent>> EventsAsync(string id, long afterSequence, RequestOptions? options, CancellationToken cancellationToken)
    {
        var query = afterSequence > 0 ? new[] { "after_seq=" + afterSequence } : null;
        var request = Request(ApiOperation.ListRunEvents, id, $"the events of run '{id}'", query);
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        var events = await answer.ReadJsonAsync(RunAgentsJsonContext.Default.ListRunEvent, cancellationToken).ConfigureAwait(false);
        foreach (var item in events)
        {
            if (item.RunId is { Length: > 0 } other && !string.Equals(other, id, System.StringComparison.Ordinal))
            {
                throw answer.AnswerForAnother($"the events of run '{id}'", $"an event of run '{other}'");
            }

            item.RunId ??= id;
            item.Summary = EventSummary.Of(item.Type, item.DataJson);
        }

        // Events that share a sequence number keep the order the server gave them: OrderBy is stable, List.Sort is not.
        return events.OrderBy(e => e.Sequence).ToList();
    }

    private ApiRequest Request(ApiOperation operation, string? id, string what, IEnumerable<string>? query)
    {
        var (method, path) = ApiRoutes.Resolve(_transport.Connection.Generation, operation, id: id);
        var parts = query?.ToList();
        if (parts is { Count: > 0 })
        {
            path += "?" + string.Join("&", parts);
        }

        return new ApiRequest(method, path, what) { Retry = RetryClass.Freely, NotFoundMessages = new[] { $"run {id} not found" } };
    }
}
