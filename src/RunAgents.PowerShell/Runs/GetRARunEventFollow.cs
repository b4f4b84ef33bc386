using System;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Get-RARunEvent -Follow: a run's events as they come.</summary>
public sealed partial class GetRARunEventCommand
{
    /// <summary>
    /// Polls the run's events page by page from the last one written, writing each as it comes and keeping none, so
    /// memory stays flat however long the run. Each poll asks again for the last number written (<c>after_seq</c> one
    /// below it) and skips the events of that number already written: events that share a number across two polls
    /// or two pages are not lost. Ends at a COMPLETED or FAILED event, when a poll finds nothing new and the run has
    /// ended, or at Ctrl+C.
    /// </summary>
    private void FollowEvents(string id, RAConnection connection)
    {
        var patterns = Type?.Select(t => WildcardPattern.Get(t, WildcardOptions.IgnoreCase)).ToArray();
        long last = 0;
        var writtenAtLast = 0;
        var interval = TimeSpan.FromSeconds(PollIntervalSec);
        RunEvent? latest = null;
        long warnedAt = -1;
        while (true)
        {
            System.Collections.Generic.List<RunEvent> page;
            var after = last > 0 ? last - 1 : 0;
            try
            {
                page = Await(connection.Runs.EventsPageAsync(id, after, RunsApi.EventsPage, Requests, StopToken));
            }
            catch (RunAgentsApiException e)
            {
                WriteApiError(e, "Cannot get the events of run", id, notFoundId: "RunNotFound");
                return;
            }

            var fresh = 0;
            var skip = last > 0 ? writtenAtLast : 0;
            var ended = false;
            foreach (var item in page)
            {
                if (item.Sequence < last || (item.Sequence == last && skip-- > 0))
                {
                    continue;
                }

                fresh++;
                if (item.Sequence == last)
                {
                    writtenAtLast++;
                }
                else
                {
                    last = item.Sequence;
                    writtenAtLast = 1;
                }

                var type = item.Type ?? string.Empty;
                ended |= type is "COMPLETED" or "FAILED";
                latest = item;
                if (patterns is null || patterns.Any(p => p.IsMatch(type)))
                {
                    item.Data = PSJson.ToPSObject(item.DataJson);
                    WriteFromPlatform(item, connection);
                }
            }

            // A pause is said as soon as it is the run's latest event: one already answered (APPROVED, RESUMED after it) is history.
            if (latest is { Type: "APPROVAL_REQUIRED" or "CONSENT_REQUIRED" } && latest.Sequence != warnedAt)
            {
                warnedAt = latest.Sequence;
                WriteWarning($"Run '{id}' is waiting for {(latest.Type == "APPROVAL_REQUIRED" ? "approval" : "the user's consent")}{(string.IsNullOrEmpty(latest.Summary) ? string.Empty : ": " + latest.Summary)}. Approve-RAAccessRequest lets it go on; this command keeps following it.");
            }

            if (ended)
            {
                return;
            }

            if (fresh > 0 && page.Count >= RunsApi.EventsPage && page.Any(e => e.Sequence != page[0].Sequence))
            {
                // A full page: more may be waiting already.
                continue;
            }

            if (fresh == 0 && RunEnded(id, connection) is bool done && done)
            {
                return;
            }

            Await(Task.Delay(interval, StopToken));
        }
    }

    /// <summary>True when the run has ended (COMPLETED or FAILED) by its own status; null after an error was written.</summary>
    private bool? RunEnded(string id, RAConnection connection)
    {
        try
        {
            var run = Await(connection.Runs.GetAsync(id, Requests, StopToken));
            return string.Equals(run.Status, "COMPLETED", StringComparison.OrdinalIgnoreCase) || string.Equals(run.Status, "FAILED", StringComparison.OrdinalIgnoreCase);
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot get run", id, notFoundId: "RunNotFound");
            return true;
        }
    }
}
