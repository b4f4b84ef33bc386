namespace RunAgents.MockServer;

/// <summary>
/// A response body that sends its first bytes, then stalls before the rest: a server or a proxy that stops
/// sending half-way through an answer, for clients that must use what arrived before the stall.
/// </summary>
internal sealed class StallingBody(Stream inner, long stallAfterBytes, int stallMs, CancellationToken cancellation) : Stream
{
    private long _written;
    private bool _stalled;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_stalled && _written + buffer.Length > stallAfterBytes)
        {
            // Everything before the stall goes out now, then nothing for a while.
            var before = (int)(stallAfterBytes - _written);
            await inner.WriteAsync(buffer[..before], cancellationToken);
            await inner.FlushAsync(cancellationToken);
            _written += before;
            buffer = buffer[before..];
            _stalled = true;
            await Task.Delay(stallMs, cancellation);
        }

        await inner.WriteAsync(buffer, cancellationToken);
        _written += buffer.Length;
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
