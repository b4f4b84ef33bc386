using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

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

    /// <summary>The shortest start of the key that <see cref="Redact"/> hides, where the text is cut off after it.</summary>
    /// <remarks>
    /// Text gets cut (an excerpt of a body, a trace line, a server that echoes only the start of a key),
    /// and a key cut short is a prefix of it. Eight characters is long enough that ordinary text does not
    /// match by chance, and a cut that leaves fewer than eight leaves too little of a key to be of use.
    /// </remarks>
    public const int MinRedactedPrefix = 8;

    private static readonly char[] s_escapeStarts = { '\\', '%' };

    private readonly string _value;
    private readonly string _head;
    private KeyMatcher? _matcher;
    private byte[]? _hintUtf8;

    private ApiKey(string value)
    {
        _value = value;
        _head = value.Length > MinRedactedPrefix ? value.Substring(0, MinRedactedPrefix) : value;
    }

    /// <summary>True for a workspace key, which is sent in <see cref="WorkspaceHeader"/> instead of a bearer token.</summary>
    public bool IsWorkspaceKey => _value.StartsWith(WorkspacePrefix, StringComparison.Ordinal);

    /// <summary>The name of the header this key is sent in.</summary>
    public string HeaderName => IsWorkspaceKey ? WorkspaceHeader : "Authorization";

    /// <summary>A masked hint such as <c>****a1b2</c>: enough to tell two keys apart, never enough to use one.</summary>
    public string Hint => _value.Length >= 12 ? "****" + _value.Substring(_value.Length - 4) : "****";

    /// <summary>The value of <see cref="HeaderName"/>.</summary>
    public string HeaderValue => IsWorkspaceKey ? _value : "Bearer " + _value;

    /// <summary>The matcher that finds the key in text from elsewhere, for <see cref="Redact"/> and <see cref="RedactingStream"/>.</summary>
    /// <remarks>The key is ASCII (see <see cref="FromPlainText"/>), so its UTF-8 bytes are its characters one for one.</remarks>
    public KeyMatcher Matcher => _matcher ??= new KeyMatcher(Encoding.UTF8.GetBytes(_value), _head.Length);

    /// <summary>The bytes of <see cref="Hint"/> in UTF-8.</summary>
    public byte[] HintUtf8 => _hintUtf8 ??= Encoding.UTF8.GetBytes(Hint);

    /// <summary>True when <paramref name="text"/> holds something <see cref="Redact"/> would hide.</summary>
    public bool IsIn(string? text) => text is not null && !ReferenceEquals(Redact(text), text);

    /// <summary>
    /// Hides the key in text that came back from elsewhere: the whole key wherever it appears, and a start of
    /// it at least <see cref="MinRedactedPrefix"/> characters long where the text is cut off after it, each
    /// of its characters written as itself, JSON-escaped or percent-encoded; each unbroken stretch of hidden
    /// characters becomes the hint. Returns <paramref name="text"/> itself when there is nothing to hide.
    /// </summary>
    /// <remarks>
    /// <see cref="KeyMatcher"/> states the rule; it works on UTF-8, so the text is encoded only when it holds
    /// the key's first characters or a character that starts an escape. Runs may overlap (a key echoed twice
    /// with the first copy cut short): every run is found, not only the leftmost, so no part of a second copy
    /// survives behind the first.
    /// </remarks>
    public string Redact(string text)
    {
        if (text.IndexOf(_head, StringComparison.Ordinal) < 0 && text.IndexOfAny(s_escapeStarts) < 0)
        {
            return text;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        var matcher = Matcher;
        StringBuilder? builder = null;
        var position = new Utf8Position(text);
        var copied = 0;
        var hiddenEnd = -1;
        var escape = -1;
        var from = 0;
        while (matcher.Next(bytes, from, final: true, ref escape, out var start, out var end) == KeyMatcher.Outcome.Found)
        {
            builder ??= new StringBuilder(text.Length);
            if (start > hiddenEnd)
            {
                var at = position.CharAt(start);
                builder.Append(text, copied, at - copied).Append(Hint);
            }

            if (end > hiddenEnd)
            {
                hiddenEnd = end;
                copied = position.CharAt(end);
            }

            from = start + 1;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>Wraps a plain key read from the environment or the CLI's config file.</summary>
    /// <param name="value">The key; white space around it is dropped.</param>
    /// <param name="origin">Where it came from, for the error, such as <c>the RUNAGENTS_API_KEY environment variable</c>.</param>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    /// <exception cref="InvalidApiKeyException">The key holds a character no key has.</exception>
    public static ApiKey FromPlainText(string value, string origin)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"The API key from {origin} is empty.");
        }

        var key = value.Trim();
        var leading = value.Length - value.TrimStart().Length;
        for (var i = 0; i < key.Length; i++)
        {
            if (Problem(key[i]) is { } problem)
            {
                throw new InvalidApiKeyException(origin, problem, leading + i + 1);
            }
        }

        return new ApiKey(key);
    }

    /// <summary>Copies the key out of a <see cref="SecureString"/> just long enough to keep it for requests.</summary>
    /// <param name="value">The key.</param>
    /// <param name="origin">Where it came from, for the error, such as <c>the -ApiKey parameter</c>.</param>
    public static ApiKey FromSecureString(SecureString value, string origin)
    {
        if (value is null || value.Length == 0)
        {
            throw new ArgumentException($"The API key from {origin} is empty.");
        }

        var pointer = IntPtr.Zero;
        try
        {
            pointer = Marshal.SecureStringToGlobalAllocUnicode(value);
            return FromPlainText(Marshal.PtrToStringUni(pointer, value.Length), origin);
        }
        finally
        {
            if (pointer != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }

    /// <summary>
    /// True when a key the platform lists by <paramref name="prefix"/> and <paramref name="last4"/> is this one: its last
    /// four characters are these, and it starts with the prefix, or the prefix reads as <see cref="Hint"/> (the answer's
    /// copy of a start of this key was hidden on the way in). Says yes or no, and nothing of the key.
    /// </summary>
    public bool Matches(string? prefix, string? last4)
    {
        if (string.IsNullOrEmpty(prefix) || last4 is not { Length: 4 } || _value.Length < 12
            || !_value.EndsWith(last4, StringComparison.Ordinal))
        {
            return false;
        }

        return string.Equals(prefix, Hint, StringComparison.Ordinal) || _value.StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>The masked hint, never the key.</summary>
    public override string ToString() => Hint;

    /// <summary>
    /// What is wrong with <paramref name="c"/> in a key, or null when nothing is. A key travels in an HTTP
    /// header, so it is printable ASCII without spaces: a line break would start a header of its own, and
    /// anything outside ASCII cannot be sent at all.
    /// </summary>
    /// <remarks>
    /// The code point is named only for control and white-space characters, which are never a key's own
    /// characters (they come from a stray paste); a letter outside ASCII is named by its kind alone.
    /// </remarks>
    private static string? Problem(char c)
    {
        if (char.IsControl(c))
        {
            return $"a control character (U+{(int)c:X4})";
        }

        if (char.IsWhiteSpace(c))
        {
            return $"a white-space character (U+{(int)c:X4})";
        }

        return c > '~' ? "a character outside ASCII" : null;
    }
}

/// <summary>Thrown when an API key holds a character that no key has, such as a line break, a space or a letter outside ASCII.</summary>
/// <remarks>The message says what is wrong, where the key came from and at which position, never any part of the key.</remarks>
public sealed class InvalidApiKeyException : ArgumentException
{
    internal InvalidApiKeyException(string origin, string problem, int position)
        : base($"The API key from {origin} cannot be used: character {position} is {problem}. A key is printable ASCII without spaces or line breaks; check that {origin} holds the key alone, as issued.")
    {
    }
}
