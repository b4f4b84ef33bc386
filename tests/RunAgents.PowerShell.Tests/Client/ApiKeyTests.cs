using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>Which keys are refused, and how the error reads.</summary>
public sealed class ApiKeyTests
{
    private const string Origin = "the RUNAGENTS_API_KEY environment variable";

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
}
