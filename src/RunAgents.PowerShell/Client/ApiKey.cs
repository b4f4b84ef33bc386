using System;
using System.Runtime.InteropServices;
using System.Security;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// Holds the key the client sends. Nothing public exposes the value: <see cref="ToString"/> and
/// <see cref="Hint"/> show at most its last four characters.
/// </summary>
internal sealed class ApiKey
{
    /// <summary>Keys with this prefix are workspace keys, sent in <see cref="WorkspaceHeader"/> as the CLI does.</summary>
    public const string WorkspacePrefix = "ra_ws_";

    /// <summary>The header a workspace key travels in.</summary>
    public const string WorkspaceHeader = "X-RunAgents-API-Key";

    private readonly string _value;

    private ApiKey(string value)
    {
        _value = value;
    }

    /// <summary>True for a workspace key, which is sent in <see cref="WorkspaceHeader"/> instead of a bearer token.</summary>
    public bool IsWorkspaceKey => _value.StartsWith(WorkspacePrefix, StringComparison.Ordinal);

    /// <summary>The name of the header this key is sent in.</summary>
    public string HeaderName => IsWorkspaceKey ? WorkspaceHeader : "Authorization";

    /// <summary>A masked hint such as <c>****a1b2</c>: enough to tell two keys apart, never enough to use one.</summary>
    public string Hint => _value.Length >= 12 ? "****" + _value.Substring(_value.Length - 4) : "****";

    /// <summary>The value of <see cref="HeaderName"/>.</summary>
    public string HeaderValue => IsWorkspaceKey ? _value : "Bearer " + _value;

    /// <summary>True when <paramref name="text"/> contains the key (used to scrub text that came back from elsewhere).</summary>
    public bool IsIn(string? text) => text is not null && text.IndexOf(_value, StringComparison.Ordinal) >= 0;

    /// <summary>Replaces every occurrence of the key in <paramref name="text"/> with the hint.</summary>
    public string Redact(string text) => IsIn(text) ? text.Replace(_value, Hint) : text;

    /// <summary>Wraps a plain key read from the environment or the CLI's config file.</summary>
    public static ApiKey FromPlainText(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("The API key is empty.");
        }

        return new ApiKey(value.Trim());
    }

    /// <summary>Copies the key out of a <see cref="SecureString"/> just long enough to keep it for requests.</summary>
    public static ApiKey FromSecureString(SecureString value)
    {
        if (value is null || value.Length == 0)
        {
            throw new ArgumentException("The API key is empty.");
        }

        var pointer = IntPtr.Zero;
        try
        {
            pointer = Marshal.SecureStringToGlobalAllocUnicode(value);
            return FromPlainText(Marshal.PtrToStringUni(pointer, value.Length));
        }
        finally
        {
            if (pointer != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }

    /// <summary>The masked hint, never the key.</summary>
    public override string ToString() => Hint;
}
