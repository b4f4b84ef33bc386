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

    /// <summary>The most the config file may hold: it holds an endpoint and a key, and a bigger one is not the CLI's.</summary>
    public const int MaxConfigBytes = 64 * 1024;

    private const string NotRegular = "it is empty or is not a regular file (a FIFO or a device, say)";
    private static readonly string TooLarge = $"it is larger than {MaxConfigBytes / 1024} KB, far more than an endpoint and a key";

    // FileSystemInfo.ResolveLinkTarget exists from .NET 6 on; the module compiles against netstandard2.0.
    private static readonly Func<FileSystemInfo, bool, FileSystemInfo?>? s_resolveLinkTarget =
        typeof(FileSystemInfo).GetMethod("ResolveLinkTarget", new[] { typeof(bool) }) is { } method
            ? (Func<FileSystemInfo, bool, FileSystemInfo?>)Delegate.CreateDelegate(typeof(Func<FileSystemInfo, bool, FileSystemInfo?>), method)
            : null;

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
        string? problem;
        try
        {
            file = new FileInfo(path);
            if (!file.Exists)
            {
                return CliConfig.Empty;
            }

            file = FinalTarget(file);
            problem = NotASmallRegularFile(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            warnings.Add($"Could not read the RunAgents CLI config file '{path}': {e.Message}");
            return CliConfig.Empty;
        }

        if (problem is not null)
        {
            warnings.Add($"Ignoring the RunAgents CLI config file '{path}': {problem}.");
            return CliConfig.Empty;
        }

        lock (s_cacheLock)
        {
            if (s_cache is { } cached && cached.Path == file.FullName && cached.Written == file.LastWriteTimeUtc && cached.Length == file.Length)
            {
                return cached.Config;
            }
        }

        CliConfig config;
        try
        {
            var bytes = ReadSmallFile(file.FullName, out problem);
            if (problem is not null)
            {
                warnings.Add($"Ignoring the RunAgents CLI config file '{path}': {problem}.");
                return CliConfig.Empty;
            }

            config = Parse(bytes);
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
            s_cache = (file.FullName, file.LastWriteTimeUtc, file.Length, config);
        }

        return config;
    }

    /// <summary>The file a symbolic link finally points to, or <paramref name="file"/> itself when it is not a link.</summary>
    private static FileInfo FinalTarget(FileInfo file)
    {
        if ((file.Attributes & FileAttributes.ReparsePoint) == 0 || s_resolveLinkTarget is null)
        {
            return file;
        }

        return s_resolveLinkTarget(file, true) as FileInfo ?? file;
    }

    /// <summary>
    /// Why <paramref name="file"/> must not be opened, or null when it may be. Checked without opening it,
    /// because opening a FIFO blocks until something writes to it.
    /// </summary>
    /// <remarks>
    /// .NET does not say whether a file is a FIFO or a device, but it gives their length as 0 (as it gives
    /// /proc files, which have no length either), so only a file with a length is opened.
    /// </remarks>
    private static string? NotASmallRegularFile(FileInfo file)
    {
        if (!file.Exists)
        {
            return Directory.Exists(file.FullName) ? "it is a directory" : $"it links to '{file.FullName}', which does not exist";
        }

        return file.Length == 0 ? NotRegular
            : file.Length > MaxConfigBytes ? TooLarge
            : null;
    }

    /// <summary>Reads at most <see cref="MaxConfigBytes"/> bytes; sets <paramref name="problem"/> when the file turns out not to be a small regular file.</summary>
    private static ReadOnlyMemory<byte> ReadSmallFile(string path, out string? problem)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        if (!stream.CanSeek)
        {
            // A system may report a length for a FIFO that holds data: it cannot seek, so it is refused here, unread.
            problem = NotRegular;
            return default;
        }

        var buffer = new byte[MaxConfigBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        problem = total > MaxConfigBytes ? TooLarge : null;
        return buffer.AsMemory(0, total);
    }

    private static string JsonErrorPosition(JsonException e) =>
        e.LineNumber is long line ? $"line {line + 1}, position {e.BytePositionInLine + 1}" : "unreadable";

    private static CliConfig Parse(ReadOnlyMemory<byte> bytes)
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
