using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>An approval connector's header values are secrets the platform echoes: shown as the key's hint is, never a start of them.</summary>
public sealed class ConnectorSecretsTests
{
    [Theory]
    [InlineData("slk-sign-4a7c9e2f1b3d8e6a", "****8e6a")]
    [InlineData("abcdefghijkl", "****ijkl")]
    [InlineData("abcdefghijk", "****")]
    [InlineData("x", "****")]
    public void A_value_shows_its_last_four_characters_only_when_it_is_12_long_or_longer(string value, string masked) =>
        Assert.Equal(masked, ConnectorSecrets.Mask(value));

    [Fact]
    public void A_mask_is_told_from_a_value_that_only_looks_like_one()
    {
        Assert.True(ConnectorSecrets.IsMaskOf("****8e6a", "slk-sign-4a7c9e2f1b3d8e6a"));
        Assert.False(ConnectorSecrets.IsMaskOf("****8e6b", "slk-sign-4a7c9e2f1b3d8e6a"));
        Assert.False(ConnectorSecrets.IsMaskOf("slk-sign-4a7c9e2f1b3d8e6a", "slk-sign-4a7c9e2f1b3d8e6a"));
    }

    [Fact]
    public void Every_headers_object_of_an_answer_is_masked_however_deep()
    {
        const string text = """{"items":[{"id":"ac_1","headers":{"X-Routing-Key":"pd-route-9b8c7d6e5f4a3b2c","Short":"abc"}}],"headers":{"A":"top-level-secret-1234"}}""";

        var masked = ConnectorSecrets.MaskText(text);

        Assert.DoesNotContain("9b8c7d6e", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("top-level", masked, StringComparison.Ordinal);
        var root = JsonNode.Parse(masked)!;
        Assert.Equal("****3b2c", root["items"]![0]!["headers"]!["X-Routing-Key"]!.GetValue<string>());
        Assert.Equal("****", root["items"]![0]!["headers"]!["Short"]!.GetValue<string>());
        Assert.Equal("ac_1", root["items"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public void A_text_cut_inside_a_secret_still_hides_what_there_is_of_it()
    {
        const string text = """[{"id":"ac_1","headers":{"X-Slack-Signing-Secret":"slk-sign-4a7c9e2f1b3d8e6a"}},{"id":"ac_2","headers":{"X-Routing-Key":"pd-route-9b8c""";

        var masked = ConnectorSecrets.MaskText(text);

        Assert.DoesNotContain("4a7c9e2f", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("pd-route", masked, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"ac_2\"", masked, StringComparison.Ordinal);
        Assert.Contains("X-Routing-Key", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_without_headers_is_left_as_it_is()
    {
        const string text = """{"status":"healthy","checks":[]}""";
        Assert.Same(text, ConnectorSecrets.MaskText(text));
    }
}
