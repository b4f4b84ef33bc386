namespace RunAgents.PowerShell.Client;

/// <summary>
/// Makes text from the service safe to print: control characters become visible stand-ins, so that a
/// server or an agent cannot move the cursor, recolour or retitle the terminal, or overwrite a line.
/// </summary>
/// <remarks>
/// Tab and line feed stay, and so does carriage return before a line feed (a Windows line end); a lone
/// carriage return would let text overwrite what came before it on the line. Other C0 controls become the
/// Unicode control pictures (ESC shows as U+241B), DEL becomes U+2421, and C1 controls, which some
/// terminals obey as escape sequences, become U+FFFD.
/// </remarks>
internal static class ServerText
{
    /// <summary>
    /// <paramref name="text"/> with control characters made visible; the same instance when there are
    /// none, which is almost always, so that cleaning costs one scan and no allocation.
    /// </summary>
    public static string? Clean(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var first = FirstUnsafe(text, 0);
        if (first < 0)
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = first; i >= 0; i = FirstUnsafe(text, i + 1))
        {
            var c = chars[i];
            chars[i] = c switch
            {
                < ' ' => (char)(0x2400 + c),
                '\u007f' => '\u2421',
                _ => '\ufffd',
            };
        }

        return new string(chars);
    }

    /// <summary>
    /// <paramref name="text"/> made safe to print as <see cref="Clean(string?)"/> does, with the key hidden
    /// as <see cref="ApiKey.Redact"/> does: for what the service sends outside a body, which the redacting
    /// body stream never sees (a status line's reason phrase, a header such as Location or Content-Type, the
    /// message of an exception that quotes them).
    /// </summary>
    public static string? Clean(string? text, ApiKey key) => text is null ? null : key.Redact(Clean(text)!);

    /// <summary>The index of the first character at or after <paramref name="start"/> that must be replaced, or -1.</summary>
    private static int FirstUnsafe(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= ' ' && c < '\u007f')
            {
                continue;
            }

            if (c == '\t' || c == '\n' || (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n'))
            {
                continue;
            }

            if (c < ' ' || (c >= '\u007f' && c <= '\u009f'))
            {
                return i;
            }
        }

        return -1;
    }
}
