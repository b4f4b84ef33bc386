using System.Diagnostics;
using RunAgents.MockServer;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>
/// The timeout bounds the time a request waits for the server in all: for the headers, then in every read of
/// the body, added up. A body that keeps arriving a little at a time ends at the timeout, not when it is done.
/// </summary>
public sealed class TimeoutBudgetTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    // Generous: the old per-read timeout let these bodies run for 30 s and more.
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(15);

    // Past this, the test has failed anyway; it stops waiting rather than sit through the whole drip.
    private static readonly TimeSpan s_guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_single_agent_that_drips_ends_at_the_timeout_as_a_timeout_saying_it_was_still_arriving()
    {
        // About 500 bytes, 8 every half second: half a minute, though no read ever waits near the timeout.
        Server.AddFault(new FaultRule { Method = "GET", DripBytes = 8, DripMs = 500 });
        var options = new RequestOptions { Timeout = TimeSpan.FromSeconds(2), MaxRetryCount = 0 };
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().GetAgentAsync("finance", "fraud-detector", options, CancellationToken.None).WaitAsync(s_guard));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, s_bound);
        Assert.Equal(ApiFailure.Timeout, e.Failure);
        Assert.Contains("the agent 'finance/fraud-detector' was still arriving after the request had waited 2 seconds for the service in all", e.Message);
        Assert.Contains("GET " + Server.BaseUri + "api/agents/finance/fraud-detector", e.Message);
        Assert.Equal(200, e.StatusCode);
        Assert.IsAssignableFrom<OperationCanceledException>(e.InnerException);
        Assert.Single(Journal);
    }

    [Fact]
    public async Task A_list_that_drips_ends_at_the_timeout()
    {
        Server.AddFault(new FaultRule { Method = "GET", DripBytes = 64, DripMs = 500 });
        var options = new RequestOptions { Timeout = TimeSpan.FromSeconds(2), MaxRetryCount = 0 };
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().ListAgentsAsync(options, CancellationToken.None).Collect().WaitAsync(s_guard));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, s_bound);
        Assert.Equal(ApiFailure.Timeout, e.Failure);
        Assert.Contains("the list of agents was still arriving", e.Message);
        Assert.Single(Journal);
    }

    [Fact]
    public async Task An_invoke_whose_answer_drips_ends_at_the_timeout()
    {
        Server.AddFault(new FaultRule { Method = "POST", DripBytes = 8, DripMs = 500 });
        var options = new RequestOptions { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<RunAgentsApiException>(() => Client().InvokeAgentAsync("support", "support-triage", "{\"message\":\"hi\"}", options, CancellationToken.None).WaitAsync(s_guard));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, s_bound);
        Assert.Equal(ApiFailure.Timeout, e.Failure);
        Assert.Contains("still arriving", e.Message);
        Assert.Single(Journal);
    }

    [Fact]
    public async Task Reads_that_each_wait_less_than_the_timeout_fail_once_their_waits_add_up_to_it()
    {
        using var timer = new CancellationTokenSource();
        using var body = new GuardedStream(new SlowStream(TimeSpan.FromMilliseconds(300)), 1024 * 1024, timer, TimeSpan.FromSeconds(1), TimeSpan.Zero);
        var buffer = new byte[1];
        var reads = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            while (reads < 100)
            {
                Assert.Equal(1, await body.ReadAsync(buffer, 0, 1, timer.Token));
                reads++;
            }
        });

        // 300 ms each: the fourth read is cut short at 1 s. A loaded machine may make a read slower, never faster.
        Assert.InRange(reads, 0, 3);
    }

    [Fact]
    public async Task The_wait_for_the_headers_counts_too()
    {
        using var timer = new CancellationTokenSource();
        using var body = new GuardedStream(new SlowStream(TimeSpan.Zero), 1024 * 1024, timer, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => body.ReadAsync(new byte[1], 0, 1, timer.Token));
    }

    [Fact]
    public async Task Time_between_reads_does_not_count()
    {
        using var timer = new CancellationTokenSource();
        using var body = new GuardedStream(new SlowStream(TimeSpan.Zero), 1024 * 1024, timer, TimeSpan.FromSeconds(1), TimeSpan.Zero);
        var buffer = new byte[1];

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(1, await body.ReadAsync(buffer, 0, 1, timer.Token));

            // The pipeline works on what arrived: twice the timeout in all, between reads.
            await Task.Delay(500);
        }

        Assert.False(timer.IsCancellationRequested);
    }

    /// <summary>An endless body whose every read waits <paramref name="wait"/> for its one byte.</summary>
    private sealed class SlowStream(TimeSpan wait) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            buffer[offset] = (byte)'x';
            return 1;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
