using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// Passes a response body through while keeping its first bytes, so that a body that fails to parse
/// can be quoted in the error without buffering the whole of it.
/// </summary>
internal sealed class HeadRecordingStream : Stream
{
    private readonly Stream _inner;
    private readonly byte[] _head;
    private int _headLength;

    public HeadRecordingStream(Stream inner, int headSize)
    {
        _inner = inner;
        _head = new byte[headSize];
    }

    /// <summary>How many bytes have passed through.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The first bytes of the body.</summary>
    public ArraySegment<byte> Head => new(_head, 0, _headLength);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Record(buffer, offset, _inner.Read(buffer, offset, count));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Record(buffer, offset, await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false));

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

    private int Record(byte[] buffer, int offset, int read)
    {
        var keep = Math.Min(read, _head.Length - _headLength);
        if (keep > 0)
        {
            Buffer.BlockCopy(buffer, offset, _head, _headLength, keep);
            _headLength += keep;
        }

        BytesRead += read;
        return read;
    }
}
