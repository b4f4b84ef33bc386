namespace RunAgents.MockServer;

/// <summary>
/// A response body sent a few bytes at a time, with a pause after each piece: a server or a proxy that never
/// stops sending yet takes minutes over an answer, for clients whose timeouts must bound the whole body.
/// </summary>
internal sealed class DrippingBody(Stream inner, int dripBytes, int dripMs, CancellationToken cancellation) : Stream
{
    private long _written;

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
        while (!buffer.IsEmpty)
        {
            // The first piece goes out at once, with the headers; every later one after a pause.
            if (_written > 0)
            {
                await Task.Delay(dripMs, cancellation);
            }

            var piece = buffer[..Math.Min(dripBytes, buffer.Length)];
            await inner.WriteAsync(piece, cancellationToken);
            await inner.FlushAsync(cancellationToken);
            _written += piece.Length;
            buffer = buffer[piece.Length..];
        }
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
