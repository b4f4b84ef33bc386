using System.Text;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>
/// <see cref="RedactingStream"/> hides exactly what <see cref="ApiKey.Redact"/> hides in the text,
/// however the body is cut into reads, and passes everything else through untouched.
/// </summary>
public sealed class RedactingStreamTests
{
    private const string Key = TestKeys.Valid;
    private static readonly ApiKey s_key = ApiKey.FromPlainText(Key, "a test");

    public static TheoryData<string> Bodies => new()
    {
        Key,
        Key[..8],
        Key[..7],
        Key[..12],
        Key[..^1],
        "{\"error\":\"bad key " + Key + "\"}",
        Key + " at the start",
        "at the end " + Key,
        "at the end, cut " + Key[..10],
        Key[..9] + " cut at the start",
        Key + Key + Key,
        Key[..11] + Key,
        "t" + Key + "te" + Key[..8] + "tes" + Key[..15] + "\u00e9\u4e2d" + Key,
        "tttttttttest-key-0123",
        "no key here, only t and te and test-ke and test-ke\u00e9",
        "",
        "\u00e9\u00e9\u00e9 multi-byte text \u4e2d\u6587 " + Key + " \ud83d\ude00",
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Each_body_read_in_chunks_of_every_size_comes_out_as_Redact_says(string body)
    {
        var expected = s_key.Redact(body);
        var bytes = Encoding.UTF8.GetBytes(body);
        for (var chunk = 1; chunk <= bytes.Length + 1; chunk++)
        {
            Assert.Equal(expected, ReadAll(new ChunkedStream(bytes, [chunk]), readSize: 4096));
        }
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Each_body_split_in_two_at_every_byte_comes_out_as_Redact_says(string body)
    {
        var expected = s_key.Redact(body);
        var bytes = Encoding.UTF8.GetBytes(body);
        for (var split = 0; split <= bytes.Length; split++)
        {
            Assert.Equal(expected, ReadAll(new ChunkedStream(bytes, [split, bytes.Length]), readSize: 4096));
        }
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Each_body_read_a_few_bytes_at_a_time_by_the_caller_comes_out_as_Redact_says(string body)
    {
        var expected = s_key.Redact(body);
        var bytes = Encoding.UTF8.GetBytes(body);
        for (var readSize = 1; readSize <= 10; readSize++)
        {
            Assert.Equal(expected, ReadAll(new ChunkedStream(bytes, [3, 1, 2]), readSize));
        }
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Reading_asynchronously_gives_the_same(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var stream = new RedactingStream(new ChunkedStream(bytes, [1, 2, 3, 5, 8]), s_key);
        using var output = new MemoryStream();

        await stream.CopyToAsync(output, 7);

        Assert.Equal(s_key.Redact(body), Encoding.UTF8.GetString(output.ToArray()));
    }

    [Theory]
    [InlineData(Key)]
    [InlineData("aaaaaaaaaaaaaaaaaaaab")]
    [InlineData("abcabcabcabcabcabcXY")]
    [InlineData("k3y-ab")]
    [InlineData("x")]
    public void Text_made_of_pieces_of_the_key_in_random_reads_comes_out_as_the_rule_says(string keyText)
    {
        var key = ApiKey.FromPlainText(keyText, "a test");
        var random = new Random(keyText.Length);
        foreach (var text in NaiveRedaction.Samples(keyText, 1000, seed: 7))
        {
            var chunks = Enumerable.Range(0, 5).Select(_ => random.Next(1, keyText.Length + 3)).ToArray();

            var actual = ReadAll(new ChunkedStream(Encoding.UTF8.GetBytes(text), chunks), random.Next(1, 64), key);

            Assert.Equal(NaiveRedaction.Redact(text, keyText, key.Hint), actual);
        }
    }

    [Fact]
    public void A_large_body_without_the_key_passes_through_byte_for_byte()
    {
        var bytes = new byte[3 * 1024 * 1024 + 17];
        new Random(1).NextBytes(bytes);
        // Starts of the key that never complete, including at every buffer boundary the stream may meet.
        var near = Encoding.ASCII.GetBytes(Key[..7]);
        for (var at = 0; at + near.Length < bytes.Length; at += 4093)
        {
            near.CopyTo(bytes, at);
            bytes[at + near.Length] = (byte)'!';
        }

        using var stream = new RedactingStream(new ChunkedStream(bytes, [65536, 1, 16383, 7]), s_key);
        using var output = new MemoryStream();
        stream.CopyTo(output, 81920);

        Assert.Equal(bytes, output.ToArray());
    }

    [Fact]
    public void A_large_body_with_many_keys_hides_every_one()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < 20000; i++)
        {
            builder.Append("{\"name\":\"agent-").Append(i).Append("\",\"message\":\"").Append(Key, 0, 8 + (i % (Key.Length - 7))).Append("\"},");
        }

        var body = builder.ToString();

        var actual = ReadAll(new ChunkedStream(Encoding.UTF8.GetBytes(body), [16384, 333, 4097]), readSize: 16384);

        Assert.Equal(s_key.Redact(body), actual);
        Assert.DoesNotContain(Key[..8], actual);
        Assert.Equal(20000, actual.Split("****cdef").Length - 1);
    }

    [Theory]
    [InlineData("[{\"name\":\"a\"},", "")]
    [InlineData("[{\"name\":\"a\"}", "")]
    [InlineData("{\"note\":\"ends in an escape \\\"", "")]
    [InlineData("{\"note\":\"x\\u0041", "")]
    [InlineData("{\"note\":\"x%41", "")]
    [InlineData("{\"note\":\"x t", "t")]
    [InlineData("{\"note\":\"x te", "te")]
    [InlineData("{\"note\":\"x test-key-01", "test-key-01")]
    [InlineData("{\"note\":\"x \\", "\\")]
    [InlineData("{\"note\":\"x \\u00", "\\u00")]
    [InlineData("{\"note\":\"x \\u007", "\\u007")]
    [InlineData("{\"note\":\"x %", "%")]
    [InlineData("{\"note\":\"x %7", "%7")]
    [InlineData("{\"note\":\"x %74e", "%74e")]
    [InlineData("{\"note\":\"x \\u0074e\\u0073", "\\u0074e\\u0073")]
    public void Only_bytes_that_may_still_start_a_run_of_the_key_wait_for_the_next_read(string arrived, string held)
    {
        // The server sends this much and stalls: what cannot be the start of the key must be passed on now.
        using var stream = new RedactingStream(new StallingStream(Encoding.UTF8.GetBytes(arrived)), s_key);
        using var output = new MemoryStream();
        var buffer = new byte[64];

        var stalled = Assert.Throws<TimeoutException>(() =>
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                output.Write(buffer, 0, read);
            }
        });

        Assert.Equal("stalled", stalled.Message);
        Assert.Equal(arrived[..^held.Length], Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public void It_reads_only_forward()
    {
        using var stream = new RedactingStream(new MemoryStream(), s_key);

        Assert.True(stream.CanRead);
        Assert.False(stream.CanSeek);
        Assert.False(stream.CanWrite);
        Assert.Throws<NotSupportedException>(() => stream.Write(new byte[1], 0, 1));
        Assert.Throws<NotSupportedException>(() => stream.Seek(0, SeekOrigin.Begin));
        Assert.Equal(0, stream.Read(new byte[8], 0, 8));
    }

    [Fact]
    public void Disposing_it_disposes_the_inner_stream()
    {
        var inner = new MemoryStream([1, 2, 3]);

        new RedactingStream(inner, s_key).Dispose();

        Assert.False(inner.CanRead);
    }

    private static string ReadAll(Stream inner, int readSize, ApiKey? key = null)
    {
        using var stream = new RedactingStream(inner, key ?? s_key);
        using var output = new MemoryStream();
        var buffer = new byte[readSize + 3];
        int read;
        while ((read = stream.Read(buffer, 3, readSize)) > 0)
        {
            output.Write(buffer, 3, read);
        }

        Assert.Equal(0, stream.Read(buffer, 0, readSize));
        return Encoding.UTF8.GetString(output.ToArray());
    }

    /// <summary>A body whose bytes arrive in one read, after which the server stalls: the next read fails.</summary>
    private sealed class StallingStream(byte[] bytes) : Stream
    {
        private bool _sent;

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
            if (_sent)
            {
                throw new TimeoutException("stalled");
            }

            _sent = true;
            Assert.True(count >= bytes.Length);
            bytes.CopyTo(buffer, offset);
            return bytes.Length;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A body that arrives in reads of the given sizes, in turn (the last size repeats), as a network stream may deliver it.</summary>
    private sealed class ChunkedStream(byte[] bytes, int[] sizes) : Stream
    {
        private int _position;
        private int _reads;

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
            var size = sizes[Math.Min(_reads++, sizes.Length - 1)];
            var n = Math.Min(Math.Min(Math.Max(size, 1), count), bytes.Length - _position);
            Array.Copy(bytes, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
