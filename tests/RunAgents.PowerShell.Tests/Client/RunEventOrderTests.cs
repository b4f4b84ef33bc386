using RunAgents.MockServer;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>The events of a run come in the order of their sequence numbers; events that share one keep the server's order.</summary>
public sealed class RunEventOrderTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    [Fact]
    public async Task Events_that_share_a_sequence_number_keep_the_order_the_server_gave_them()
    {
        Serve("""[{"event_id":"a","seq":2},{"event_id":"b","seq":2},{"event_id":"c","seq":1}]""");

        var events = await Connection().Runs.EventsAsync("run-1", 0, null, CancellationToken.None);

        Assert.Equal(["c", "a", "b"], events.Select(e => e.EventId));
    }

    [Fact]
    public async Task A_long_run_whose_events_arrive_out_of_order_is_sorted_without_losing_the_server_s_order_within_a_number()
    {
        // Enough events that a sort which is not stable reorders some of those that share a number.
        var sent = Enumerable.Range(0, 200).Select(i => (Id: "e" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture), Seq: (i * 37 % 200) / 4)).ToList();
        Serve("[" + string.Join(",", sent.Select(e => $$"""{"event_id":"{{e.Id}}","seq":{{e.Seq}}}""")) + "]");

        var events = await Connection().Runs.EventsAsync("run-1", 0, null, CancellationToken.None);

        Assert.Equal(sent.OrderBy(e => e.Seq).Select(e => e.Id), events.Select(e => e.EventId));
    }

    private void Serve(string events) =>
        Server.AddFault(new FaultRule { Method = "GET", PathPrefix = "/runs/run-1/events", Status = 200, Body = events });
}
