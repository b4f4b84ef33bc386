using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// Finds the endpoint and key the way the RunAgents CLI does: explicit values first, then
/// RUNAGENTS_ENDPOINT / RUNAGENTS_API_KEY, then ~/.runagents/config.json. The file is only read.
/// </summary>
internal sealed class ConnectionSettings
{
    public const string KeyVariable = "RUNAGENTS_API_KEY";
    public const string EndpointVariable = "RUNAGENTS_ENDPOINT";

    private static readonly object s_cacheLock = new();
    private static (string Path, DateTime Written, long Length, CliConfig Config)? s_cache;

    private ConnectionSettings(Uri uri, SettingSource uriSource, ApiKey? key, SettingSource keySource, IReadOnlyList<string> warnings, string configPath)
    {
        Uri = uri;
        UriSource = uriSource;
        Key = key;
        KeySource = keySource;
        Warnings = warnings;
        ConfigPath = configPath;
    }

    public Uri Uri { get; }

    public SettingSource UriSource { get; }

    public ApiKey? Key { get; }

    public SettingSource KeySource { get; }

    /// <summary>Problems with the environment or the config file that the user should hear about.</summary>
    public IReadOnlyList<string> Warnings { get; }

    public string ConfigPath { get; }

    /// <summary>Where the CLI keeps its settings: ~/.runagents/config.json.</summary>
    /// <remarks>The home folder is found as the CLI finds it: %USERPROFILE% on Windows, $HOME elsewhere.</remarks>
    public static string DefaultConfigPath()
    {
        var home = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? null : Environment.GetEnvironmentVariable("HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        return Path.Combine(home!, ".runagents", "config.json");
    }

    /// <summary>Fills what was not given explicitly from the environment, then from the config file.</summary>
    /// <exception cref="ArgumentException">An endpoint that is not a URI.</exception>
    /// <exception cref="InvalidApiKeyException">A key that cannot be one (a line break, a space, a letter outside ASCII).</exception>
    public static ConnectionSettings Resolve(Uri? uri, ApiKey? key)
    {
        var warnings = new List<string>();
        var configPath = DefaultConfigPath();
        CliConfig? config = null;
        CliConfig Config() => config ??= ReadConfig(configPath, warnings);

        var uriSource = SettingSource.Parameter;
        if (uri is null)
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(EndpointVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                uri = ParseEndpoint(fromEnvironment!, EndpointVariable + " environment variable");
                uriSource = SettingSource.Environment;
            }
            else if (Config().Endpoint is { Length: > 0 } fromFile)
            {
                uri = ParseEndpoint(fromFile, configPath);
                uriSource = SettingSource.ConfigFile;
            }
            else
            {
                uri = RAConnection.DefaultUri;
                uriSource = SettingSource.Default;
            }
        }

        var keySource = SettingSource.Parameter;
        if (key is null)
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(KeyVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                key = ApiKey.FromPlainText(fromEnvironment!, $"the {KeyVariable} environment variable");
                keySource = SettingSource.Environment;
            }
            else if (Config().ApiKey is { Length: > 0 } fromFile && !string.IsNullOrWhiteSpace(fromFile))
            {
                key = ApiKey.FromPlainText(fromFile, $"the api_key value of '{configPath}'");
                keySource = SettingSource.ConfigFile;
            }
            else
            {
                keySource = SettingSource.Default;
            }
        }

        return new ConnectionSettings(uri, uriSource, key, keySource, warnings, configPath);
    }

    private static Uri ParseEndpoint(string text, string origin)
    {
        if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri))
        {
            return uri;
        }

        throw new ArgumentException($"The endpoint '{text}' from the {origin} is not an absolute URI.");
    }

    private static CliConfig ReadConfig(string path, List<string> warnings)
    {
        FileInfo file;
        try
        {
            file = new FileInfo(path);
            if (!file.Exists)
            {
                return CliConfig.Empty;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            warnings.Add($"Could not read the RunAgents CLI config file '{path}': {e.Message}");
            return CliConfig.Empty;
        }

        lock (s_cacheLock)
        {
            if (s_cache is { } cached && cached.Path == path && cached.Written == file.LastWriteTimeUtc && cached.Length == file.Length)
            {
                return cached.Config;
            }
        }

        CliConfig config;
        try
        {
            config = Parse(File.ReadAllBytes(path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"Could not read the RunAgents CLI config file '{path}': {e.Message}");
            return CliConfig.Empty;
        }
        catch (JsonException e)
        {
            // Never echo the file's text: it holds a key.
            warnings.Add($"Ignoring the RunAgents CLI config file '{path}': it is not valid JSON ({JsonErrorPosition(e)}).");
            return CliConfig.Empty;
        }
        catch (FormatException e)
        {
            warnings.Add($"Ignoring the RunAgents CLI config file '{path}': {e.Message}");
            return CliConfig.Empty;
        }

        lock (s_cacheLock)
        {
            s_cache = (path, file.LastWriteTimeUtc, file.Length, config);
        }

        return config;
    }

    private static string JsonErrorPosition(JsonException e) =>
        e.LineNumber is long line ? $"line {line + 1}, position {e.BytePositionInLine + 1}" : "unreadable";

    private static CliConfig Parse(byte[] bytes, string path)
    {
        using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("it does not hold a JSON object.");
        }

        return new CliConfig(String(document.RootElement, "endpoint"), String(document.RootElement, "api_key"));

        string? String(JsonElement root, string property)
        {
            if (!root.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                throw new FormatException($"its '{property}' is a {value.ValueKind.ToString().ToLowerInvariant()}, not a string.");
            }

            return value.GetString();
        }
    }

    private sealed class CliConfig
    {
        public static readonly CliConfig Empty = new(null, null);

        public CliConfig(string? endpoint, string? apiKey)
        {
            Endpoint = endpoint;
            ApiKey = apiKey;
        }

        public string? Endpoint { get; }

        public string? ApiKey { get; }
    }
}
