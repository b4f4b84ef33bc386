using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace RunAgents.MockServer;

/// <summary>Copies request headers for the journal without the credentials.</summary>
internal static class HeaderRedactor
{
    /// <summary>The replacement for secret values.</summary>
    public const string Redacted = "<redacted>";

    /// <summary>Copies headers, redacting Authorization (keeping its scheme) and the API key header.</summary>
    public static IReadOnlyDictionary<string, string> Capture(IHeaderDictionary headers)
    {
        var copy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, StringValues> header in headers)
        {
            copy[header.Key] = Redact(header.Key, header.Value);
        }

        return copy;
    }

    private static string Redact(string name, StringValues values)
    {
        if (name.Equals(HeaderNames.Authorization, StringComparison.OrdinalIgnoreCase))
        {
            return string.Join(", ", values.Select(KeepScheme));
        }

        if (name.Equals(ApiAuth.ApiKeyHeader, StringComparison.OrdinalIgnoreCase))
        {
            return string.Join(", ", values.Select(_ => Redacted));
        }

        return values.ToString();
    }

    // Tests need to see which scheme a client used, never the credential.
    private static string KeepScheme(string? value)
    {
        string trimmed = value?.Trim() ?? string.Empty;
        int space = trimmed.IndexOf(' ');
        return space > 0 ? trimmed[..space] + " " + Redacted : Redacted;
    }
}
