using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>The key never shows, and settings are found as the CLI finds them: parameter, environment, config file, default.</summary>
public sealed class ConnectionSettingsTests(MockServerFixture fixture) : MockServerTest(fixture)
{
    private const string FileKey = "file-key-aaaabbbbccccdddd";
    private const string EnvKey = "env-key-1111222233334444";

    [Fact]
    public void An_ApiKey_shows_only_a_masked_hint()
    {
        var key = ApiKey.FromPlainText(TestKeys.Valid, "a test");

        Assert.Equal(TestKeys.ValidHint, key.Hint);
        Assert.Equal(TestKeys.ValidHint, key.ToString());
        Assert.DoesNotContain(TestKeys.Valid, key.ToString());
        Assert.Equal("Authorization", key.HeaderName);
    }

    [Fact]
    public void A_short_key_shows_no_characters_at_all()
    {
        Assert.Equal("****", ApiKey.FromPlainText("short-key", "a test").Hint);
    }

    [Fact]
    public void An_ApiKey_from_a_SecureString_is_the_same_key()
    {
        var key = ApiKey.FromSecureString(TestShell.Secure(TestKeys.Valid), "a test");

        Assert.Equal("Bearer " + TestKeys.Valid, key.HeaderValue);
        Assert.Equal(TestKeys.ValidHint, key.Hint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_key_is_refused(string value)
    {
        Assert.Throws<ArgumentException>(() => ApiKey.FromPlainText(value, "a test"));
    }

    [Fact]
    public void Redact_replaces_the_key_with_its_hint()
    {
        var key = ApiKey.FromPlainText(TestKeys.Valid, "a test");

        Assert.Equal($"bad key {TestKeys.ValidHint}!", key.Redact($"bad key {TestKeys.Valid}!"));
    }

    [Fact]
    public void A_connection_shows_its_URI_and_the_hint_never_the_key()
    {
        var connection = Connection();

        Assert.Equal(TestKeys.ValidHint, connection.KeyHint);
        Assert.Equal($"{Server.BaseUri} ({TestKeys.ValidHint})", connection.ToString());
        Assert.DoesNotContain(TestKeys.Valid, connection.ToString());
        Assert.StartsWith("RunAgents-PowerShell/", connection.UserAgent);
        var publicValues = typeof(RAConnection).GetProperties()
            .Where(p => p.GetIndexParameters().Length == 0)
            .Select(p => p.GetValue(connection)?.ToString() ?? string.Empty);
        Assert.All(publicValues, value => Assert.DoesNotContain(TestKeys.Valid, value));
    }

    [Fact]
    public void Explicit_values_win_over_everything()
    {
        State.WriteConfig($$"""{"endpoint":"https://file.example.com/","api_key":"{{FileKey}}"}""");
        State.SetVariable(ConnectionSettings.EndpointVariable, "https://env.example.com/");
        State.SetVariable(ConnectionSettings.KeyVariable, EnvKey);

        var settings = ConnectionSettings.Resolve(new Uri("https://given.example.com/"), ApiKey.FromPlainText(TestKeys.Valid, "a test"));

        Assert.Equal(new Uri("https://given.example.com/"), settings.Uri);
        Assert.Equal(SettingSource.Parameter, settings.UriSource);
        Assert.Equal("Bearer " + TestKeys.Valid, settings.Key!.HeaderValue);
        Assert.Equal(SettingSource.Parameter, settings.KeySource);
        Assert.Empty(settings.Warnings);
    }

    [Fact]
    public void The_environment_wins_over_the_config_file()
    {
        State.WriteConfig($$"""{"endpoint":"https://file.example.com/","api_key":"{{FileKey}}"}""");
        State.SetVariable(ConnectionSettings.EndpointVariable, "https://env.example.com/");
        State.SetVariable(ConnectionSettings.KeyVariable, EnvKey);

        var settings = ConnectionSettings.Resolve(null, null);

        Assert.Equal(new Uri("https://env.example.com/"), settings.Uri);
        Assert.Equal(SettingSource.Environment, settings.UriSource);
        Assert.Equal("Bearer " + EnvKey, settings.Key!.HeaderValue);
        Assert.Equal(SettingSource.Environment, settings.KeySource);
    }

    [Fact]
    public void The_config_file_is_used_when_the_environment_is_silent()
    {
        var path = State.WriteConfig($$"""{"endpoint":"https://file.example.com/","api_key":"{{FileKey}}"}""");

        var settings = ConnectionSettings.Resolve(null, null);

        Assert.Equal(new Uri("https://file.example.com/"), settings.Uri);
        Assert.Equal(SettingSource.ConfigFile, settings.UriSource);
        Assert.Equal("Bearer " + FileKey, settings.Key!.HeaderValue);
        Assert.Equal(SettingSource.ConfigFile, settings.KeySource);
        Assert.Equal(path, settings.ConfigPath);
    }

    [Fact]
    public void Each_setting_is_found_on_its_own()
    {
        State.WriteConfig($$"""{"api_key":"{{FileKey}}"}""");
        State.SetVariable(ConnectionSettings.EndpointVariable, "https://env.example.com/");

        var settings = ConnectionSettings.Resolve(null, null);

        Assert.Equal(SettingSource.Environment, settings.UriSource);
        Assert.Equal(SettingSource.ConfigFile, settings.KeySource);
    }

    [Fact]
    public void With_nothing_anywhere_the_default_endpoint_and_no_key()
    {
        State.UseFreshHome();

        var settings = ConnectionSettings.Resolve(null, null);

        Assert.Equal(RAConnection.DefaultUri, settings.Uri);
        Assert.Equal(SettingSource.Default, settings.UriSource);
        Assert.Null(settings.Key);
        Assert.Equal(SettingSource.Default, settings.KeySource);
        Assert.Empty(settings.Warnings);
    }

    [Fact]
    public void The_config_file_is_looked_for_under_HOME()
    {
        var home = State.UseFreshHome();

        Assert.Equal(Path.Combine(home, ".runagents", "config.json"), ConnectionSettings.DefaultConfigPath());
    }

    [Theory]
    [InlineData("{\"api_key\":\"" + FileKey + "\", oops")]
    [InlineData("[\"" + FileKey + "\"]")]
    [InlineData("{\"api_key\":42, \"endpoint\":\"" + FileKey + "\"}")]
    [InlineData("{\"endpoint\":{\"url\":\"" + FileKey + "\"}}")]
    public void A_malformed_config_file_is_a_warning_that_does_not_quote_the_file(string text)
    {
        var path = State.WriteConfig(text);

        var settings = ConnectionSettings.Resolve(null, null);

        Assert.Null(settings.Key);
        Assert.Equal(RAConnection.DefaultUri, settings.Uri);
        var warning = Assert.Single(settings.Warnings);
        Assert.Contains(path, warning);
        Assert.DoesNotContain(FileKey, warning);
        Assert.DoesNotContain("aaaabbbb", warning);
    }

    [Fact]
    public void A_config_file_with_comments_and_trailing_commas_is_read()
    {
        State.WriteConfig($$"""
            {
              // written by the CLI
              "api_key": "{{FileKey}}",
            }
            """);

        var settings = ConnectionSettings.Resolve(null, null);

        Assert.Equal(SettingSource.ConfigFile, settings.KeySource);
        Assert.Empty(settings.Warnings);
    }

    [Fact]
    public void A_malformed_endpoint_in_the_environment_is_an_error_that_names_the_variable()
    {
        State.SetVariable(ConnectionSettings.EndpointVariable, "not a uri");

        var e = Assert.Throws<ArgumentException>(() => ConnectionSettings.Resolve(null, null));

        Assert.Contains(ConnectionSettings.EndpointVariable, e.Message);
    }

    [Fact]
    public void A_changed_config_file_is_read_again()
    {
        var path = State.WriteConfig($$"""{"api_key":"{{FileKey}}"}""");
        Assert.Equal("Bearer " + FileKey, ConnectionSettings.Resolve(null, null).Key!.HeaderValue);

        File.WriteAllText(path, $$"""{"api_key":"{{EnvKey}}-changed"}""");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));

        Assert.Equal("Bearer " + EnvKey + "-changed", ConnectionSettings.Resolve(null, null).Key!.HeaderValue);
    }
}
