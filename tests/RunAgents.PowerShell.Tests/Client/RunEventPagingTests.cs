using System.Management.Automation;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>
/// A run's events are read in pages (<c>after_seq</c>, <c>limit</c>) until a short one, each page under the size
/// cap: a run with more events than one answer may hold is still read whole, its failure reason included.
/// </summary>
public sealed class RunEventPagingTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Fact]
    public async Task The_events_come_in_pages_of_500_until_a_short_one_and_in_order()
    {
        PutRun("run-many", 1200, 10);

        var events = await Connection().Runs.EventsAsync("run-many", 0, null, CancellationToken.None);

        Assert.Equal(Enumerable.Range(1, 1200).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.All(events, e => Assert.Equal("run-many", e.RunId));
        Assert.Equal(
            ["/runs/run-many/events?limit=500", "/runs/run-many/events?after_seq=500&limit=500", "/runs/run-many/events?after_seq=1000&limit=500"],
            Journal.Select(e => e.RawTarget));
    }

    [Fact]
    public void Get_RARunEvent_Last_reads_a_run_whose_events_exceed_MaxResponseSizeMB_in_one_answer()
    {
        // About 2 MB of events under a 1 MB cap: one GET of them all is refused; pages of 500 are a third of that.
        PutRun("run-many", 3000, 400, last: """{"type":"AGENT_MESSAGE","actor":"agent","data":{"content":"All done."}}""");

        var result = RunCapped("Get-RARunEvent -RunId run-many -Last 2").AssertNoErrors();

        var events = result.Objects<RunEvent>();
        Assert.Equal([3000L, 3001L], events.Select(e => e.Sequence));
        Assert.Equal("All done.", events[1].Summary);
        Assert.Equal(7, Journal.Count);
        Assert.All(Journal, e => Assert.Matches(@"^/runs/run-many/events\?(after_seq=\d+&)?limit=500$", e.RawTarget));
    }

    [Fact]
    public void Wait_RARun_gives_the_reason_of_a_failed_run_whose_events_exceed_MaxResponseSizeMB_in_one_answer()
    {
        PutRun("run-many", 3000, 400, last: """{"type":"FAILED","actor":"platform","data":{"error":"the model's quota is exhausted"}}""", status: "FAILED");

        var result = RunCapped("Wait-RARun run-many -Timeout 60");

        ErrorAssert.Is(result.SingleError(), "RunFailed", "WaitRARunCommand", ErrorCategory.InvalidResult, "run-many", "Run 'run-many' of agent 'payment-approver' failed: the model's quota is exhausted");
        Assert.Equal("/runs/run-many", Journal[0].RawTarget);
        Assert.Equal(7, Journal.Count(e => e.RawTarget.StartsWith("/runs/run-many/events?", StringComparison.Ordinal)));
    }

    [Fact]
    public void Events_too_large_for_the_cap_500_at_a_time_are_asked_for_fewer_at_a_time()
    {
        // 300 events of 5 KB: 1.5 MB in all, so 500 and then 250 at a time exceed 1 MB; 125 at a time do not.
        PutRun("run-big", 300, 5000);

        var result = RunCapped("Get-RARunEvent -RunId run-big").AssertNoErrors();

        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), result.Objects<RunEvent>().Select(e => e.Sequence));
        Assert.Equal(
            [
                "/runs/run-big/events?limit=500",
                "/runs/run-big/events?limit=250",
                "/runs/run-big/events?limit=125",
                "/runs/run-big/events?after_seq=125&limit=125",
                "/runs/run-big/events?after_seq=250&limit=125",
            ],
            Journal.Select(e => e.RawTarget));
    }

    [Fact]
    public async Task A_server_that_answers_the_same_page_again_is_an_error_not_an_endless_loop()
    {
        // The server ignores after_seq: every answer is the first page.
        var page = new JsonArray(Enumerable.Range(1, RunsApi.EventsPage).Select(i => (JsonNode)new JsonObject { ["seq"] = i, ["type"] = "TOOL_CALLED" }).ToArray());
        Server.AddFault(new RunAgents.MockServer.FaultRule { Method = "GET", PathPrefix = "/runs/run-loop/events", Status = 200, Body = page.ToJsonString(), Count = 5 });

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Connection().Runs.EventsAsync("run-loop", 0, null, CancellationToken.None));

        Assert.Equal(ApiFailure.InvalidResponse, e.Failure);
        Assert.Contains("asked for the events of run 'run-loop' after number 500 but the service answered with events numbered from 1 to 500", e.Message);
        Assert.Equal(2, Journal.Count);
    }

    /// <summary>Stores a run of <paramref name="count"/> events, each with <paramref name="padding"/> characters of data, and <paramref name="last"/> after them.</summary>
    private void PutRun(string id, int count, int padding, string? last = null, string status = "COMPLETED")
    {
        var filler = new string('x', padding);
        var events = Enumerable.Range(1, count).Select(i => "{\"type\":\"TOOL_CALLED\",\"actor\":\"agent\",\"data\":{\"tool_id\":\"stripe-api\",\"detail\":\"call " + i + " " + filler + "\"}}");
        if (last is not null)
        {
            events = events.Append(last);
        }

        Server.PutRuns($$"""{"id":"{{id}}","agent_id":"payment-approver","namespace":"finance","status":"{{status}}","events":[{{string.Join(",", events)}}]}""");
    }

    /// <summary>Runs <paramref name="script"/> connected with answers capped at 1 MB.</summary>
    private PSResult RunCapped(string script)
    {
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey -MaxResponseSizeMB 1").AssertNoErrors();
        Server.ClearJournal();
        return shell.Run(script);
    }
}
