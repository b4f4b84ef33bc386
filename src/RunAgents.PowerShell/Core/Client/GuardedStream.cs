using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// A response body with two guards: a size cap counted from a movable mark, and a timeout that bounds the
/// time the reads spend waiting for the server, added up, so that a body that keeps arriving a little at a
/// time cannot stretch a request past its timeout, while time the pipeline spends downstream never counts.
/// </summary>
internal sealed class GuardedStream : Stream
{
    // Stopwatch ticks to TimeSpan ticks; a double, since a day's worth of Stopwatch ticks times 10^7 overflows a long.
    private static readonly double s_tickRatio = (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency;

    private readonly Stream _inner;
    private readonly long _limit;
    private readonly CancellationTokenSource _timer;
    private readonly long _timeout;
    private long _waited;
    private long _read;
    private long _mark;

    /// <param name="inner">The body as the handler gives it (decompressed).</param>
    /// <param name="limit">The most bytes allowed since the last <see cref="Mark"/>.</param>
    /// <param name="timer">The source whose token the reads are given; armed during each read for what is left of <paramref name="timeout"/>.</param>
    /// <param name="timeout">How long the request may wait for the server in all: for the headers, then in every read.</param>
    /// <param name="waited">How long the request already waited, for the headers.</param>
    public GuardedStream(Stream inner, long limit, CancellationTokenSource timer, TimeSpan timeout, TimeSpan waited)
    {
        _inner = inner;
        _limit = limit;
        _timer = timer;
        _timeout = timeout.Ticks;
        _waited = waited.Ticks;
    }

    /// <summary>The most bytes allowed since the last mark.</summary>
    public long Limit => _limit;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    /// <summary>Starts counting the cap anew: a streamed list caps each agent, not the whole list.</summary>
    public void Mark() => _mark = _read;

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        // One byte past the cap is enough to know it is exceeded; never ask for more than that.
        var allowed = _limit - (_read - _mark) + 1;
        if (allowed <= 0)
        {
            throw new ResponseTooLargeException(_limit);
        }

        var left = _timeout - _waited;
        if (left <= 0)
        {
            throw new OperationCanceledException(_timer.Token);
        }

        _timer.CancelAfter(TimeSpan.FromTicks(left));
        var started = Stopwatch.GetTimestamp();
        int read;
        try
        {
            read = await _inner.ReadAsync(buffer, offset, (int)Math.Min(count, allowed), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _timer.CancelAfter(Timeout.Infinite);
            _waited += (long)((Stopwatch.GetTimestamp() - started) * s_tickRatio);
        }

        _read += read;
        if (_read - _mark > _limit)
        {
            throw new ResponseTooLargeException(_limit);
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>A body went past the connection's size cap.</summary>
internal sealed class ResponseTooLargeException : IOException
{
    public ResponseTooLargeException(long limit)
        : base($"it is larger than the limit of {Megabytes(limit)}")
    {
        Limit = limit;
    }

    /// <summary>The cap that was exceeded, in bytes.</summary>
    public long Limit { get; }

    /// <summary>A byte count in the units -MaxResponseSizeMB takes.</summary>
    public static string Megabytes(long bytes) => bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB" : $"{bytes} bytes";
}
