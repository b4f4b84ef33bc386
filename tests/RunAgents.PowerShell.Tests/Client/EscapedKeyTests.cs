using System.Text;
using System.Text.Json;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>
/// The key is hidden however a server writes it (each character as itself, JSON-escaped or percent-encoded),
/// in a body's bytes before the parser unescapes them and in text alike; and only the key is hidden: a
/// start of it counts only where the text is cut off, so another token that shares its first characters
/// (another JWT of the same issuer) comes back as it was.
/// </summary>
public sealed class EscapedKeyTests
{
    private const string Key = TestKeys.Valid;
    private const string Hint = TestKeys.ValidHint;

    // A JWT as the key, and another of the same issuer: the same header, another payload and signature.
    private const string JwtHeader = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
    private const string Jwt = JwtHeader + ".eyJzdWIiOiJydW5ib29rLWtleSJ9.Q2FuYXJ5U2lnbmF0dXJlT2ZUaGVLZXk2NzQ4";
    private const string OtherJwt = JwtHeader + ".eyJzdWIiOiJhbm90aGVyLXVzZXIifQ.T3RoZXJTaWduYXR1cmVOb3RBS2V5MTIzNDU";

    // A key with every character JSON must or may escape: a slash, a quote and a backslash.
    private const string Awkward = "sk/live\"quote\\back-0123456789";

    private static readonly ApiKey s_key = ApiKey.FromPlainText(Key, "a test");
    private static readonly ApiKey s_jwt = ApiKey.FromPlainText(Jwt, "a test");
    private static readonly ApiKey s_awkward = ApiKey.FromPlainText(Awkward, "a test");

    public static TheoryData<string, string> KeyForms => new()
    {
        { "its first character JSON-escaped", "\\u0074" + Key[1..] },
        { "a character JSON-escaped in upper-case hex", Key[..5] + "\\u006B" + Key[6..] },
        { "every character JSON-escaped", string.Concat(Key.Select(c => $"\\u{(int)c:x4}")) },
        { "its first character percent-encoded", "%74" + Key[1..] },
        { "a character percent-encoded in lower-case hex", Key[..4] + "%2d" + Key[5..] },
        { "every character percent-encoded", string.Concat(Key.Select(c => $"%{(int)c:X2}")) },
        { "a percent escape whose parts are JSON escapes", "\\u0025\\u0037\\u0034" + Key[1..] },
        { "JSON and percent escapes mixed", "t%65\\u0073t-key-%30123456789abcde\\u0066" },
    };

    [Theory]
    [MemberData(nameof(KeyForms))]
    public void Redact_hides_the_key_with(string form, string written)
    {
        Assert.NotNull(form);
        Assert.Equal($"key {Hint} is revoked", s_key.Redact($"key {written} is revoked"));
        Assert.True(s_key.IsIn(written));
    }

    [Theory]
    [MemberData(nameof(KeyForms))]
    public void A_body_holding_the_key_so_written_parses_with_the_hint_in_its_place(string form, string written)
    {
        Assert.NotNull(form);
        var body = "{\"error\":\"key " + written + " is revoked\"}";

        var read = Encoding.UTF8.GetString(ReadThrough(body, s_key, chunk: 3));

        Assert.Equal($"key {Hint} is revoked", JsonDocument.Parse(read).RootElement.GetProperty("error").GetString());
        Assert.Equal(s_key.Redact(body), read);
    }

    [Fact]
    public void A_key_with_a_slash_a_quote_and_a_backslash_is_hidden_as_JSON_writers_escape_it()
    {
        string[] bodies =
        [
            JsonSerializer.Serialize(new { error = "key " + Awkward }),
            "{\"error\":\"key " + Awkward.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("/", "\\/") + "\"}",
            "{\"error\":\"key " + string.Concat(Awkward.Select(c => $"\\u{(int)c:x4}")) + "\"}",
        ];

        foreach (var body in bodies)
        {
            var read = Encoding.UTF8.GetString(ReadThrough(body, s_awkward, chunk: 5));
            Assert.Equal("key ****6789", JsonDocument.Parse(read).RootElement.GetProperty("error").GetString());
        }

        Assert.Equal("key ****6789!", s_awkward.Redact("key " + Awkward + "!"));
    }

    [Fact]
    public void Another_JWT_with_the_keys_header_is_left_as_it_is()
    {
        var text = $"tokens {OtherJwt}, \"{OtherJwt}\" and {OtherJwt}...";

        Assert.Same(text, s_jwt.Redact(text));
        Assert.Same(OtherJwt, s_jwt.Redact(OtherJwt));
        Assert.Equal(Encoding.UTF8.GetBytes(text), ReadThrough(text, s_jwt, chunk: 7));
    }

    [Fact]
    public void The_key_that_is_a_JWT_is_hidden_beside_another_whole_or_cut()
    {
        var cut = Jwt[..12];

        Assert.Equal($"{OtherJwt} {s_jwt.Hint} {OtherJwt}", s_jwt.Redact($"{OtherJwt} {Jwt} {OtherJwt}"));
        Assert.Equal($"\"{s_jwt.Hint}\"", s_jwt.Redact($"\"{cut}\""));
        Assert.Equal($"{s_jwt.Hint}...", s_jwt.Redact($"{cut}..."));
        Assert.Equal($"{s_jwt.Hint}\u2026", s_jwt.Redact($"{cut}\u2026"));
    }

    [Theory]
    [InlineData("sk-key cut at the end: {0}", true)]
    [InlineData("\"{0}\"", true)]
    [InlineData("{0}...", true)]
    [InlineData("{0}\u2026 (cut)", true)]
    [InlineData("({0}) ", true)]
    [InlineData("{0}\n", true)]
    [InlineData("{0}\\\"", true)]
    [InlineData("{0}\\u2026", true)]
    [InlineData("{0}x", false)]
    [InlineData("{0}9", false)]
    [InlineData("{0}-more", false)]
    [InlineData("{0}\u00e9t\u00e9", false)]
    [InlineData("{0}\\u0078", false)]
    [InlineData("{0}%41", false)]
    public void A_start_of_the_key_is_hidden_only_where_the_text_is_cut_off_after_it(string format, bool hidden)
    {
        // Twelve characters: "test-key-012", which "x", a digit, '-' or a letter could carry on as a token.
        var text = string.Format(format, Key[..12]);

        var redacted = s_key.Redact(text);

        Assert.Equal(hidden, !ReferenceEquals(text, redacted));
        Assert.Equal(hidden ? string.Format(format, Hint) : text, redacted);
        Assert.Equal(redacted, Encoding.UTF8.GetString(ReadThrough(text, s_key, chunk: 1)));
    }

    [Fact]
    public void A_start_shorter_than_eight_characters_is_never_hidden_and_eight_are()
    {
        Assert.Equal($"\"{Key[..7]}\"", s_key.Redact($"\"{Key[..7]}\""));
        Assert.Equal($"\"{Hint}\"", s_key.Redact($"\"{Key[..8]}\""));
        Assert.Equal($"\"{Hint}\"", s_key.Redact("\"\\u0074" + Key[1..8] + "\""));
    }

    [Fact]
    public void A_cut_copy_followed_by_a_whole_one_is_hidden_as_one_stretch_even_when_escaped()
    {
        Assert.Equal($"[{Hint}]", s_key.Redact($"[{Key[..10]}\\u0074{Key[1..]}]"));
    }

    [Fact]
    public void Text_without_the_key_is_returned_as_the_same_string_even_with_escapes_and_lone_surrogates()
    {
        var text = "a \\u0041 %41 \\\\ \ud800 te\\u0073 test-ke \ud83d\ude00 end";

        Assert.Same(text, s_key.Redact(text));
        Assert.Equal("\ud800 " + Hint + " \udc00", s_key.Redact("\ud800 " + Key + " \udc00"));
    }

    [Theory]
    [InlineData(TestKeys.Valid)]
    [InlineData("aaaaaaaaaaaaaaaaaaaab")]
    [InlineData("k3y-ab")]
    [InlineData(Jwt)]
    [InlineData("p%c\\t-0123456789")]
    [InlineData(Awkward)]
    public void Redact_and_the_stream_follow_the_rule_on_text_with_escaped_pieces_of_the_key(string keyText)
    {
        var key = ApiKey.FromPlainText(keyText, "a test");
        var random = new Random(keyText.Length);

        foreach (var text in NaiveRedaction.Samples(keyText, 600, seed: keyText.Length, escaped: true))
        {
            var expected = NaiveRedaction.Redact(text, keyText, key.Hint);
            Assert.Equal(expected, key.Redact(text));
            Assert.Equal(expected, Encoding.UTF8.GetString(ReadThrough(text, key, chunk: random.Next(1, 9))));
        }
    }

    private static byte[] ReadThrough(string body, ApiKey key, int chunk)
    {
        using var stream = new RedactingStream(new MemoryStream(Encoding.UTF8.GetBytes(body)), key);
        using var output = new MemoryStream();
        var buffer = new byte[chunk];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }
}
