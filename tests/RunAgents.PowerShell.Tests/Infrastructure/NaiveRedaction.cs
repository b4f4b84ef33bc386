namespace RunAgents.PowerShell.Tests.Infrastructure;

/// <summary>
/// The redaction rule spelled out the slow, obvious way, to check the fast implementations against. A run
/// reads the key's characters one by one, each written as itself, as a JSON escape or percent-encoded
/// (trying every reading). The whole key is hidden; a start of it at least eight characters long (a
/// shorter key only whole) is hidden when the text ends after it, or the next character is not a letter,
/// a digit or one of the key's characters, or "..." follows, or another hidden run starts there. Each
/// unbroken stretch of hidden characters becomes the hint.
/// </summary>
internal static class NaiveRedaction
{
    public static string Redact(string text, string key, string hint)
    {
        var hidden = new bool[text.Length];
        for (var start = 0; start < text.Length; start++)
        {
            var end = HiddenEnd(text, start, key);
            if (end > start)
            {
                Array.Fill(hidden, true, start, end - start);
            }
        }

        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (!hidden[i])
            {
                builder.Append(text[i]);
            }
            else if (i == 0 || !hidden[i - 1])
            {
                builder.Append(hint);
            }
        }

        return builder.ToString();
    }

    /// <summary>Text made of pieces of <paramref name="key"/> (whole, cut, overlapping, some characters escaped) and filler, from a fixed seed.</summary>
    public static IEnumerable<string> Samples(string key, int count, int seed, bool escaped = false)
    {
        var random = new Random(seed);
        string[] fillers = escaped
            ? ["", " ", "x", "\"", "{\"error\":\"", "\u00e9", "\u4e2d", "\n", key[..1], "...", "\u2026", ".", "\\", "%", "\\u00", "%7", "\\\\", "-", "_"]
            : ["", " ", "x", "\"", "{\"error\":\"", "\u00e9", "\u4e2d", "\n", key[..1], key[..Math.Min(2, key.Length)], "...", "-"];
        for (var n = 0; n < count; n++)
        {
            var builder = new System.Text.StringBuilder();
            var pieces = random.Next(1, 8);
            for (var p = 0; p < pieces; p++)
            {
                string piece;
                switch (random.Next(4))
                {
                    case 0:
                        piece = key;
                        break;
                    case 1:
                        piece = key[..random.Next(1, key.Length + 1)];
                        break;
                    case 2:
                        var from = random.Next(key.Length);
                        piece = key.Substring(from, random.Next(key.Length - from + 1));
                        break;
                    default:
                        builder.Append(fillers[random.Next(fillers.Length)]);
                        continue;
                }

                foreach (var c in piece)
                {
                    builder.Append(escaped ? Escape(c, random) : c.ToString());
                }
            }

            yield return builder.ToString();
        }
    }

    /// <summary>One character written as itself (mostly) or in one of the escaped forms a server may use.</summary>
    public static string Escape(char c, Random random) => random.Next(6) switch
    {
        0 => $"\\u{(int)c:x4}",
        1 => $"\\u{(int)c:X4}",
        2 => $"%{(int)c:X2}",
        3 when c is '/' or '"' or '\\' => "\\" + c,
        _ => c.ToString(),
    };

    private static int HiddenEnd(string text, int start, string key)
    {
        var needed = Math.Min(8, key.Length);
        var best = -1;
        foreach (var (matched, end) in Stops(text, start, key, 0))
        {
            if (matched == key.Length || (matched >= needed && CutOff(text, end, key)))
            {
                best = Math.Max(best, end);
            }
        }

        return best;
    }

    /// <summary>Every place a reading of the key from <paramref name="at"/> stops: its whole length read, or the next character not the key's.</summary>
    private static IEnumerable<(int Matched, int End)> Stops(string text, int at, string key, int index)
    {
        if (index == key.Length)
        {
            yield return (index, at);
            yield break;
        }

        var any = false;
        foreach (var (c, length) in Readings(text, at))
        {
            if (c == key[index])
            {
                any = true;
                foreach (var stop in Stops(text, at + length, key, index + 1))
                {
                    yield return stop;
                }
            }
        }

        if (!any)
        {
            yield return (index, at);
        }
    }

    private static bool CutOff(string text, int at, string key)
    {
        if (at == text.Length)
        {
            return true;
        }

        var (c, length) = Decoded(text, at);
        var token = c <= 0xFFFF ? char.IsLetterOrDigit((char)c) : char.IsLetterOrDigit(char.ConvertFromUtf32(c), 0);
        if (!(token || (c < 128 && key.Contains((char)c))))
        {
            return true;
        }

        var dots = 0;
        for (var i = at; dots < 3 && i < text.Length && Decoded(text, i) is { Char: '.' } dot; i += dot.Length)
        {
            dots++;
        }

        return dots == 3 || HiddenEnd(text, at, key) > at;
    }

    /// <summary>Every way one character may be read at <paramref name="at"/>: itself, a JSON escape, a percent escape.</summary>
    private static IEnumerable<(int Char, int Length)> Readings(string text, int at)
    {
        if (at >= text.Length)
        {
            yield break;
        }

        yield return (text[at], 1);
        if (Json(text, at) is { } json)
        {
            yield return json;
        }

        foreach (var percent in new[] { (Char: (int)text[at], Length: 1), Json(text, at) ?? (-1, 0) })
        {
            if (percent.Char == '%' && Hex(text, at + percent.Length) is { } high && Hex(text, at + percent.Length + high.Length) is { } low)
            {
                yield return ((high.Value << 4) | low.Value, percent.Length + high.Length + low.Length);
            }
        }
    }

    /// <summary>The one reading a decoder would take: a JSON escape, else a percent escape (a byte outside ASCII as U+FFFD), else the character.</summary>
    private static (int Char, int Length) Decoded(string text, int at)
    {
        var unit = Json(text, at) ?? (text[at], 1);
        if (unit.Char == '%' && Hex(text, at + unit.Length) is { } high && Hex(text, at + unit.Length + high.Length) is { } low)
        {
            var value = (high.Value << 4) | low.Value;
            return (value < 0x80 ? value : 0xFFFD, unit.Length + high.Length + low.Length);
        }

        if (unit.Length == 1 && char.IsHighSurrogate(text[at]) && at + 1 < text.Length && char.IsLowSurrogate(text[at + 1]))
        {
            return (char.ConvertToUtf32(text[at], text[at + 1]), 2);
        }

        return unit;
    }

    private static (int Char, int Length)? Json(string text, int at)
    {
        if (text[at] != '\\' || at + 1 >= text.Length)
        {
            return null;
        }

        var simple = "\"\\/bfnrt".IndexOf(text[at + 1]);
        if (simple >= 0)
        {
            return ("\"\\/\b\f\n\r\t"[simple], 2);
        }

        return text[at + 1] == 'u' && at + 6 <= text.Length && int.TryParse(text.AsSpan(at + 2, 4), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var code)
            ? (code, 6)
            : null;
    }

    private static (int Value, int Length)? Hex(string text, int at)
    {
        if (at >= text.Length)
        {
            return null;
        }

        var unit = Json(text, at) ?? (text[at], 1);
        var value = unit.Char switch
        {
            >= '0' and <= '9' => unit.Char - '0',
            >= 'a' and <= 'f' => unit.Char - 'a' + 10,
            >= 'A' and <= 'F' => unit.Char - 'A' + 10,
            _ => -1,
        };
        return value < 0 ? null : (value, unit.Length);
    }
}
