using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// Passes a response body through with the key hidden, by the rule of <see cref="ApiKey.Redact"/>
/// applied to the bytes, so that nothing read from the service (parsed objects, excerpts, traces) can
/// carry the key or a start of it, however the server wrote it (as itself, JSON-escaped, percent-encoded).
/// </summary>
/// <remarks>
/// The matching is <see cref="KeyMatcher"/>'s, the same as <see cref="ApiKey.Redact"/>'s, so a body hides
/// what its decoded text would. A run can straddle two reads: only bytes that may still be the start of a
/// run (a start of the key, a backslash or a percent sign that may begin an escape of one of its
/// characters) are held back until the next read settles them, so an agent of a streamed list reaches the
/// parser as soon as its last byte arrives, even when the server then stalls. A body without the key costs
/// two vectorised scans and one copy; the only allocation is one buffer, made on the first read.
/// </remarks>
internal sealed class RedactingStream : Stream
{
    private const int BufferSize = 16 * 1024;

    private readonly Stream _inner;
    private readonly KeyMatcher _matcher;
    private readonly byte[] _hint;
    private byte[]? _buffer;

    // Indexes into _buffer. Bytes before _start are gone; [_start, _end) came from the inner stream and
    // are not yet passed on. Bytes before _limit are settled: passed on as they are, or dropped when
    // before _hiddenEnd. A run found at _matchStart (when not -1) and ending at _matchEnd is taken into
    // account once the bytes before it are passed on. Heads of runs are looked for from _scan on; the
    // next byte that may start an escape is at _escape (-1 when not known).
    private int _start;
    private int _end;
    private int _limit;
    private int _scan;
    private int _hiddenEnd = -1;
    private int _matchStart = -1;
    private int _matchEnd;
    private int _escape = -1;
    private int _hintLeft;
    private bool _ended;

    public RedactingStream(Stream inner, ApiKey key)
    {
        _inner = inner;
        _matcher = key.Matcher;
        _hint = key.HintUtf8;
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
        // At most the matcher's reach is unsettled here, so the buffer always has room.
        _buffer ??= new byte[Math.Max(BufferSize, 2 * _matcher.Reach)];
        var shift = _start;
        if (shift > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _start = 0;
            _end -= shift;
            _limit -= shift;
            _scan -= shift;
            _hiddenEnd = Math.Max(_hiddenEnd - shift, -1);
            _escape = _escape >= shift ? _escape - shift : -1;
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

        switch (_matcher.Next(_buffer.AsSpan(0, _end), _scan, _ended, ref _escape, out var start, out var end))
        {
            case KeyMatcher.Outcome.Found:
                _limit = start;
                _scan = start + 1;
                _matchStart = start;
                _matchEnd = end;
                return true;
            case KeyMatcher.Outcome.NeedMore:
                // A run may start here, which the next read settles.
                if (start == _limit)
                {
                    return false;
                }

                _limit = _scan = start;
                return true;
            default:
                if (_end == _limit)
                {
                    return false;
                }

                _limit = _scan = _end;
                return true;
        }
    }
}
