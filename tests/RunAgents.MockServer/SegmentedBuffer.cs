using System.Buffers;

namespace RunAgents.MockServer;

/// <summary>Write-once byte buffer made of fixed chunks, so a 50 MB listing never needs one huge array or regrowth copies.</summary>
internal sealed class SegmentedBuffer : IBufferWriter<byte>
{
    private const int ChunkSize = 64 * 1024;

    private readonly List<ReadOnlyMemory<byte>> _chunks = [];
    private byte[] _current = [];
    private int _used;

    /// <summary>Total bytes written.</summary>
    public long Length { get; private set; }

    /// <inheritdoc/>
    public void Advance(int count)
    {
        _used += count;
        Length += count;
    }

    /// <inheritdoc/>
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _current.AsMemory(_used);
    }

    /// <inheritdoc/>
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _current.AsSpan(_used);
    }

    /// <summary>Seals the last chunk; call once writing is finished.</summary>
    public SegmentedBuffer Complete()
    {
        Seal();
        return this;
    }

    /// <summary>Writes all chunks to a stream.</summary>
    public async Task CopyToAsync(Stream destination, CancellationToken cancellationToken)
    {
        foreach (ReadOnlyMemory<byte> chunk in _chunks)
        {
            await destination.WriteAsync(chunk, cancellationToken);
        }
    }

    private void Reserve(int sizeHint)
    {
        int needed = Math.Max(sizeHint, 1);
        if (_current.Length - _used >= needed)
        {
            return;
        }

        Seal();
        _current = new byte[Math.Max(ChunkSize, needed)];
    }

    private void Seal()
    {
        if (_used > 0)
        {
            _chunks.Add(_current.AsMemory(0, _used));
        }

        _current = [];
        _used = 0;
    }
}
