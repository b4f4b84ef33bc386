using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// Passes a response body through with the key hidden, by the rule of <see cref="ApiKey.Redact"/>
/// applied to the bytes, so that nothing read from the service (parsed objects, excerpts, traces) can
/// carry the key or a start of it.
/// </summary>
/// <remarks>
/// The key is ASCII, and in UTF-8 an ASCII byte only ever stands for itself, so hiding its bytes hides
/// exactly what <see cref="ApiKey.Redact"/> would hide in the decoded text. A run of the key can straddle
/// two reads: up to the key's length less one byte is held back until the next read settles it, and
/// released at the end of the stream. The scan looks for the key's first bytes with the vectorised
/// <see cref="MemoryExtensions.IndexOf{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>, so a body without the key
/// costs one pass and one copy; the only allocation is one buffer, made on the first read.
/// </remarks>
internal sealed class RedactingStream : Stream
{
    private const int BufferSize = 16 * 1024;

    private readonly Stream _inner;
    private readonly byte[] _key;
    private readonly byte[] _hint;
    private readonly int _head;
    private byte[]? _buffer;

    // Indexes into _buffer. Bytes before _start are gone; [_start, _end) came from the inner stream and
    // are not yet passed on. Bytes before _limit are settled: passed on as they are, or dropped when
    // before _hiddenEnd. A run found at _matchStart (when not -1) and ending at _matchEnd is taken into
    // account once the bytes before it are passed on. Heads of runs are looked for from _scan on.
    private int _start;
    private int _end;
    private int _limit;
    private int _scan;
    private int _hiddenEnd = -1;
    private int _matchStart = -1;
    private int _matchEnd;
    private int _hintLeft;
    private bool _ended;

    public RedactingStream(Stream inner, ApiKey key)
    {
        _inner = inner;
        _key = key.Utf8;
        _hint = key.HintUtf8;
        _head = key.RedactedLength;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateArguments(buffer, offset, count);
        while (true)
        {
            var written = Produce(buffer, offset, count);
            if (written > 0 || count == 0 || _ended)
            {
                return written;
            }

            var free = MakeRoom();
            Received(_inner.Read(_buffer!, _end, free));
        }
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateArguments(buffer, offset, count);
        while (true)
        {
            var written = Produce(buffer, offset, count);
            if (written > 0 || count == 0 || _ended)
            {
                return written;
            }

            var free = MakeRoom();
            Received(await _inner.ReadAsync(_buffer!, _end, free, cancellationToken).ConfigureAwait(false));
        }
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

    private static void ValidateArguments(byte[] buffer, int offset, int count)
    {
        if (buffer is null)
        {
            throw new ArgumentNullException(nameof(buffer));
        }

        if (offset < 0 || count < 0 || count > buffer.Length - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }
    }

    /// <summary>Moves the unsettled bytes to the front of the buffer and returns how many bytes fit after them.</summary>
    private int MakeRoom()
    {
        // At most the key's length less one byte is unsettled here, so the buffer always has room.
        _buffer ??= new byte[Math.Max(BufferSize, 2 * _key.Length)];
        var shift = _start;
        if (shift > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _start = 0;
            _end -= shift;
            _limit -= shift;
            _scan -= shift;
            _hiddenEnd = Math.Max(_hiddenEnd - shift, -1);
        }

        return _buffer.Length - _end;
    }

    private void Received(int read)
    {
        if (read == 0)
        {
            _ended = true;
        }

        _end += read;
    }

    /// <summary>Writes settled bytes (and hints) into <paramref name="destination"/>; returns how many, 0 when more input is needed.</summary>
    private int Produce(byte[] destination, int offset, int count)
    {
        var written = 0;
        while (written < count)
        {
            if (_hintLeft > 0)
            {
                var n = Math.Min(_hintLeft, count - written);
                Buffer.BlockCopy(_hint, _hint.Length - _hintLeft, destination, offset + written, n);
                _hintLeft -= n;
                written += n;
                continue;
            }

            if (_start < _limit)
            {
                if (_start < _hiddenEnd)
                {
                    _start = Math.Min(_hiddenEnd, _limit);
                    continue;
                }

                var n = Math.Min(_limit - _start, count - written);
                Buffer.BlockCopy(_buffer!, _start, destination, offset + written, n);
                _start += n;
                written += n;
                continue;
            }

            if (_matchStart >= 0)
            {
                if (_matchStart > _hiddenEnd)
                {
                    _hintLeft = _hint.Length;
                }

                _hiddenEnd = Math.Max(_hiddenEnd, _matchEnd);
                _matchStart = -1;
                continue;
            }

            if (!Settle())
            {
                break;
            }
        }

        return written;
    }

    /// <summary>Moves <see cref="_limit"/> on to the next run of the key, or as far as no run can start; false when that needs more input.</summary>
    private bool Settle()
    {
        if (_buffer is null)
        {
            return false;
        }

        var found = _buffer.AsSpan(_scan, _end - _scan).IndexOf(_key.AsSpan(0, _head));
        if (found < 0)
        {
            // A run may still start in the last few bytes, which the next read completes.
            var settled = _ended ? _end : Math.Max(_scan, _end - (_head - 1));
            if (settled == _limit)
            {
                return false;
            }

            _limit = _scan = settled;
            return true;
        }

        var start = _scan + found;
        var end = start + _head;
        while (end < _end && end - start < _key.Length && _buffer[end] == _key[end - start])
        {
            end++;
        }

        if (end == _end && end - start < _key.Length && !_ended)
        {
            // The run reaches the end of what has arrived: where it stops is not known yet.
            if (start == _limit)
            {
                return false;
            }

            _limit = _scan = start;
            return true;
        }

        _limit = start;
        _scan = start + 1;
        _matchStart = start;
        _matchEnd = end;
        return true;
    }
}
