using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>Which keys are refused and how the error reads; how <see cref="ApiKey.Redact"/> hides a key, whole or cut.</summary>
public sealed class ApiKeyTests
{
    private const string Origin = "the RUNAGENTS_API_KEY environment variable";

    private static readonly ApiKey s_key = ApiKey.FromPlainText(TestKeys.Valid, "a test");

    [Theory]
    [InlineData("abc\r\ndefghijkl", 4, "a control character (U+000D)")]
    [InlineData("abc\tdefghijkl", 4, "a control character (U+0009)")]
    [InlineData("abc\u001bdefghijkl", 4, "a control character (U+001B)")]
    [InlineData("abc\u007fdefghijkl", 4, "a control character (U+007F)")]
    [InlineData("abc\u0085defghijkl", 4, "a control character (U+0085)")]
    [InlineData("abc defghijkl", 4, "a white-space character (U+0020)")]
    [InlineData("abc\u00a0defghijkl", 4, "a white-space character (U+00A0)")]
    [InlineData("abc\u2028defghijkl", 4, "a white-space character (U+2028)")]
    [InlineData("abcdefghijk\u00e9", 12, "a character outside ASCII")]
    [InlineData("abcdefghijk\u0430", 12, "a character outside ASCII")]
    [InlineData("  abc\u0000defghijkl  ", 6, "a control character (U+0000)")]
    public void A_key_with_a_character_no_key_has_is_refused_with_its_position_and_origin(string value, int position, string problem)
    {
        var e = Assert.Throws<InvalidApiKeyException>(() => ApiKey.FromPlainText(value, Origin));

        Assert.Contains(Origin, e.Message);
        Assert.Contains($"character {position} is {problem}", e.Message);
        Assert.DoesNotContain("abc", e.Message);
        Assert.DoesNotContain("jkl", e.Message);
        Assert.Null(e.ParamName);
    }

    [Fact]
    public void Every_printable_ASCII_character_is_allowed()
    {
        var all = new string(Enumerable.Range('!', '~' - '!' + 1).Select(c => (char)c).ToArray());

        Assert.Equal("Bearer " + all, ApiKey.FromPlainText(all, Origin).HeaderValue);
    }

    [Fact]
    public void A_key_from_a_SecureString_is_checked_the_same_way()
    {
        var e = Assert.Throws<InvalidApiKeyException>(() => ApiKey.FromSecureString(TestShell.Secure("abc\ndefghijkl"), "the -ApiKey parameter"));

        Assert.Contains("the -ApiKey parameter", e.Message);
        Assert.Contains("character 4 is", e.Message);
    }

    [Fact]
    public void Redact_hides_a_start_of_the_key_eight_characters_long_or_more()
    {
        Assert.Equal("cut at ****cdef", s_key.Redact("cut at " + TestKeys.Valid[..8]));
        Assert.Equal("cut at ****cdef...", s_key.Redact("cut at " + TestKeys.Valid[..20] + "..."));
        Assert.Equal("[****cdef] and [****cdef]", s_key.Redact($"[{TestKeys.Valid[..12]}] and [{TestKeys.Valid}]"));
    }

    [Fact]
    public void Redact_leaves_a_start_shorter_than_eight_characters_and_the_rest_of_the_text()
    {
        var text = "test-ke is not enough; key-0123456789 is not a start";

        Assert.Same(text, s_key.Redact(text));
    }

    [Fact]
    public void Redact_returns_the_same_string_when_there_is_nothing_to_hide()
    {
        var text = "{\"error\":\"agent finance/x not found\"}";

        Assert.Same(text, s_key.Redact(text));
        Assert.False(s_key.IsIn(text));
        Assert.True(s_key.IsIn("x" + TestKeys.Valid[..8]));
    }

    [Fact]
    public void A_cut_copy_followed_by_a_whole_copy_becomes_one_hint()
    {
        Assert.Equal("key=****cdef;", s_key.Redact("key=" + TestKeys.Valid[..13] + TestKeys.Valid + ";"));
    }

    [Fact]
    public void A_copy_that_starts_inside_another_is_hidden_too()
    {
        // The first run matches twelve characters and breaks; the whole key starts one character later.
        // A scan that resumed after the first run would let "SECRETxyz1234" through. The first run is not
        // cut off (a letter follows), so its first 'a' is not part of any hidden run and stays.
        var key = ApiKey.FromPlainText(new string('a', 12) + "SECRETxyz1234", Origin);

        Assert.Equal("<a****1234>", key.Redact("<" + new string('a', 13) + "SECRETxyz1234>"));
    }

    [Fact]
    public void A_key_shorter_than_eight_characters_is_hidden_only_whole()
    {
        var key = ApiKey.FromPlainText("k3y-ab", Origin);

        Assert.Equal("x **** y k3y-a", key.Redact("x k3y-ab y k3y-a"));
    }

    [Theory]
    [InlineData(TestKeys.Valid)]
    [InlineData("aaaaaaaaaaaaaaaaaaaab")]
    [InlineData("abcabcabcabcabcabcXY")]
    [InlineData("k3y-ab")]
    public void Redact_follows_the_rule_on_text_made_of_pieces_of_the_key(string keyText)
    {
        var key = ApiKey.FromPlainText(keyText, Origin);

        foreach (var text in NaiveRedaction.Samples(keyText, 2000, seed: keyText.Length))
        {
            Assert.Equal(NaiveRedaction.Redact(text, keyText, key.Hint), key.Redact(text));
        }
    }

    [Fact]
    public void A_listed_key_matches_by_its_prefix_and_last_four_characters_or_by_the_hint_a_redacted_prefix_became()
    {
        var key = ApiKey.FromPlainText("ra_ws_Kq7xVv3Pw9LmT4nB7jR2", "a test");

        Assert.True(key.Matches("ra_ws_Kq7x", "7jR2"));
        Assert.True(key.Matches("****7jR2", "7jR2"));
        Assert.False(key.Matches("ra_ws_Kq7y", "7jR2"));
        Assert.False(key.Matches("ra_ws_Kq7x", "7jR3"));
        Assert.False(key.Matches("****7jR2", "jR2"));
        Assert.False(key.Matches(null, "7jR2"));
        Assert.False(ApiKey.FromPlainText("short-key", "a test").Matches("short", "-key"));
    }
}
