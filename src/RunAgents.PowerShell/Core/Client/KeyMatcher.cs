using System;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// Finds the runs of the key that must be hidden in UTF-8 text, however each of the key's characters is
/// written: as itself, as a JSON escape (<c>\u0073</c> in any hex case, <c>\/</c>, <c>\"</c>, <c>\\</c>)
/// or percent-encoded (<c>%73</c>, whose three characters may be JSON escapes in turn).
/// </summary>
/// <remarks>
/// <para>
/// The rule: the whole key is hidden wherever it appears. A real start of it, at least
/// <see cref="ApiKey.MinRedactedPrefix"/> characters long, is hidden only where the text is cut off: the
/// text ends there, or the next character is not one a token is made of (letters, digits and the key's
/// own characters), or an ellipsis follows, or another hidden run starts right there. So a key cut short
/// by a server or an excerpt is hidden, and another token that merely shares the key's first characters
/// (another JWT with the same header) is left as it is.
/// </para>
/// <para>
/// One matcher serves both <see cref="RedactingStream"/> (a body's bytes, before the JSON parser unescapes
/// them) and <see cref="ApiKey.Redact"/> (text, as UTF-8), so both hide the same runs. The key is ASCII and
/// every escape is ASCII, so a hidden run is always whole characters. The search for where a run may start
/// is two vectorised scans, one for the key's first characters written as themselves and one for the bytes
/// that start an escape (<c>\</c> and <c>%</c>); only the few places they find are looked at byte by byte.
/// </para>
/// </remarks>
internal sealed class KeyMatcher
{
    /// <summary>The most bytes one character can take: a percent escape whose three characters are JSON escapes (<c>\u0025\u0037\u0033</c>).</summary>
    private const int LongestCharacter = 18;

    /// <summary>How many runs a chain of starts of the key, each followed by the next, may hold before it is hidden without looking further.</summary>
    private const int MaxLinks = 32;

    /// <summary>How many steps deciding about one place may take; only a key of backslashes and percent signs can need more, and then the run is hidden.</summary>
    private const int MaxSteps = 4096;

    private readonly byte[] _key;
    private readonly int _head;
    private readonly bool[] _token = new bool[128];
    private readonly int _chainReach;

    /// <summary>A matcher for <paramref name="key"/>, made once per key and shared: it holds no state between calls.</summary>
    /// <param name="key">The key, ASCII.</param>
    /// <param name="head">How many of its first characters make a run: <see cref="ApiKey.MinRedactedPrefix"/>, or the whole of a shorter key.</param>
    public KeyMatcher(byte[] key, int head)
    {
        _key = key;
        _head = head;
        for (var c = 0; c < _token.Length; c++)
        {
            _token[c] = char.IsLetterOrDigit((char)c);
        }

        foreach (var b in key)
        {
            _token[b] = true;
        }

        var longestRun = LongestCharacter * key.Length;
        _chainReach = 2 * longestRun;
        Reach = _chainReach + longestRun + (4 * LongestCharacter);
    }

    /// <summary>What <see cref="Next"/> found.</summary>
    public enum Outcome
    {
        /// <summary>No run to hide starts in the text from where the search began.</summary>
        None,

        /// <summary>A run to hide starts at the start given and ends before the end given.</summary>
        Found,

        /// <summary>No run starts before the start given; whether one starts there needs more text.</summary>
        NeedMore,
    }

    /// <summary>The most bytes after a run's start that deciding about it may read; a stream must be able to hold that many.</summary>
    public int Reach { get; }

    /// <summary>Finds the first run to hide that starts at or after <paramref name="from"/>.</summary>
    /// <param name="text">The text, as UTF-8.</param>
    /// <param name="from">Where the search begins.</param>
    /// <param name="final">True when the text ends here; false when more may follow, so that a run reaching the end is not decided yet.</param>
    /// <param name="escapeAt">
    /// The caller's memory of where the next byte that starts an escape is (or -1), so that a search resumed
    /// after a run does not scan the same bytes again. Start with -1; keep it between calls on the same text.
    /// </param>
    /// <param name="start">Where the run starts (<see cref="Outcome.Found"/>), or the first place that needs more text (<see cref="Outcome.NeedMore"/>).</param>
    /// <param name="end">Where the run ends, for <see cref="Outcome.Found"/>.</param>
    public Outcome Next(ReadOnlySpan<byte> text, int from, bool final, ref int escapeAt, out int start, out int end)
    {
        var length = text.Length;
        var escape = escapeAt >= from ? escapeAt : -1;
        var head = _key.AsSpan(0, _head);
        while (from < length)
        {
            if (escape < from)
            {
                var found = text.Slice(from).IndexOfAny((byte)'\\', (byte)'%');
                escape = found < 0 ? length : from + found;
            }

            // A run whose first characters are all written as themselves lies before the next escape, or
            // starts within a head's length of it, where the window below looks.
            int first;
            int last;
            var literal = text.Slice(from, escape - from).IndexOf(head);
            if (literal >= 0)
            {
                first = last = from + literal;
            }
            else if (escape < length)
            {
                first = Math.Max(from, escape - (_head - 1));
                last = escape;
            }
            else if (!final)
            {
                // The last bytes may be the start of a run that the next read completes.
                first = Math.Max(from, length - (_head - 1));
                last = length - 1;
            }
            else
            {
                break;
            }

            for (var s = first; s <= last; s++)
            {
                var steps = 0;
                var outcome = Match(text, s, s, 0, final, 0, ref steps, out end);
                if (outcome != Outcome.None)
                {
                    escapeAt = escape < length ? escape : -1;
                    start = s;
                    return outcome;
                }
            }

            from = last + 1;
        }

        escapeAt = -1;
        start = end = length;
        return Outcome.None;
    }

    /// <summary>
    /// Matches the key from its character <paramref name="index"/> at byte <paramref name="at"/>, trying
    /// every way the next character may be written, and decides whether the run from
    /// <paramref name="origin"/> is hidden.
    /// </summary>
    private Outcome Match(ReadOnlySpan<byte> text, int origin, int at, int index, bool final, int links, ref int steps, out int end)
    {
        while (index < _key.Length)
        {
            if (++steps > MaxSteps)
            {
                end = Math.Max(at, origin + 1);
                return Outcome.Found;
            }

            if (at == text.Length)
            {
                return final ? Stop(text, origin, at, index, final, links, ref steps, out end) : NeedMore(out end);
            }

            var k = _key[index];
            var unit = Unit(text, at, final, out var value);
            if (unit == 0)
            {
                return NeedMore(out end);
            }

            // Up to three ways: the unit itself; a backslash as itself where it also starts an escape;
            // a percent escape, whose '%' is this unit.
            var asUnit = value == k ? unit : 0;
            var asBackslash = k == '\\' && unit > 1 && text[at] == '\\' ? 1 : 0;
            var asPercent = 0;
            if (value == '%')
            {
                var percent = Percent(text, at + unit, final, out var decoded);
                if (percent == 0)
                {
                    return NeedMore(out end);
                }

                asPercent = percent > 0 && decoded == k ? unit + percent : 0;
            }

            var ways = (asUnit > 0 ? 1 : 0) + (asBackslash > 0 ? 1 : 0) + (asPercent > 0 ? 1 : 0);
            if (ways == 0)
            {
                return Stop(text, origin, at, index, final, links, ref steps, out end);
            }

            if (ways == 1)
            {
                at += asUnit + asBackslash + asPercent;
                index++;
                continue;
            }

            // Only a key holding a backslash or a percent sign gets here: try each way, and hide the longest.
            var best = Outcome.None;
            end = 0;
            for (var w = 0; w < 3; w++)
            {
                var way = w switch { 0 => asUnit, 1 => asBackslash, _ => asPercent };
                if (way == 0)
                {
                    continue;
                }

                var outcome = Match(text, origin, at + way, index + 1, final, links, ref steps, out var wayEnd);
                if (outcome == Outcome.NeedMore)
                {
                    return NeedMore(out end);
                }

                if (outcome == Outcome.Found && (best != Outcome.Found || wayEnd > end))
                {
                    best = Outcome.Found;
                    end = wayEnd;
                }
            }

            return best;
        }

        end = at;
        return Outcome.Found;
    }

    /// <summary>Decides about a run that matched <paramref name="index"/> characters of the key and stops at <paramref name="at"/>.</summary>
    private Outcome Stop(ReadOnlySpan<byte> text, int origin, int at, int index, bool final, int links, ref int steps, out int end)
    {
        end = at;
        if (index < _head)
        {
            return Outcome.None;
        }

        if (at == text.Length)
        {
            return final ? Outcome.Found : Outcome.NeedMore;
        }

        var next = Character(text, at, final, out var c);
        if (next == 0)
        {
            return Outcome.NeedMore;
        }

        if (!IsToken(c))
        {
            return Outcome.Found;
        }

        // Where '.' is one of the key's characters, "..." after a start of it is still an ellipsis.
        var ellipsis = c == '.' ? Ellipsis(text, at, final) : Outcome.None;
        if (ellipsis != Outcome.None)
        {
            return ellipsis;
        }

        // A start of the key followed at once by another run to hide: a key echoed twice, the first copy cut.
        if (links == MaxLinks || at - origin > _chainReach)
        {
            // Too long a chain to follow within what a stream holds: hidden, as the safe side.
            return Outcome.Found;
        }

        return Match(text, origin, at, 0, final, links + 1, ref steps, out _);
    }

    /// <summary>Found when three dots start at <paramref name="at"/>, None when not, NeedMore when the text ends too soon to tell.</summary>
    private static Outcome Ellipsis(ReadOnlySpan<byte> text, int at, bool final)
    {
        for (var dot = 0; dot < 3; dot++)
        {
            if (at == text.Length)
            {
                return final ? Outcome.None : Outcome.NeedMore;
            }

            var size = Character(text, at, final, out var c);
            if (size == 0)
            {
                return Outcome.NeedMore;
            }

            if (c != '.')
            {
                return Outcome.None;
            }

            at += size;
        }

        return Outcome.Found;
    }

    private static Outcome NeedMore(out int end)
    {
        end = 0;
        return Outcome.NeedMore;
    }

    private bool IsToken(int c)
    {
        if (c < _token.Length)
        {
            return _token[c];
        }

        if (c <= 0xFFFF)
        {
            return char.IsLetterOrDigit((char)c);
        }

        return char.IsLetterOrDigit(char.ConvertFromUtf32(c), 0);
    }

    /// <summary>
    /// The character at <paramref name="at"/> as a code point, with escapes decoded; returns how many bytes it
    /// takes, or 0 when the text ends too soon to tell. Bytes that are not UTF-8 read as U+FFFD.
    /// </summary>
    private static int Character(ReadOnlySpan<byte> text, int at, bool final, out int c)
    {
        var unit = Unit(text, at, final, out c);
        if (unit == 0)
        {
            return 0;
        }

        if (c == '%')
        {
            var percent = Percent(text, at + unit, final, out var decoded);
            if (percent == 0)
            {
                return 0;
            }

            if (percent > 0)
            {
                // A percent-encoded byte outside ASCII is part of a character not decoded here: not a token's.
                c = decoded < 0x80 ? decoded : 0xFFFD;
                return unit + percent;
            }
        }

        if (unit > 1 || c < 0x80)
        {
            return unit;
        }

        var (size, min) = c switch
        {
            >= 0xF0 and <= 0xF4 => (4, 0x10000),
            >= 0xE0 and <= 0xEF => (3, 0x800),
            >= 0xC2 and <= 0xDF => (2, 0x80),
            _ => (0, 0),
        };
        if (size == 0)
        {
            c = 0xFFFD;
            return 1;
        }

        var code = c & (0xFF >> (size + 1));
        for (var i = 1; i < size; i++)
        {
            if (at + i == text.Length)
            {
                if (final)
                {
                    break;
                }

                return 0;
            }

            var b = text[at + i];
            if ((b & 0xC0) != 0x80)
            {
                c = 0xFFFD;
                return 1;
            }

            code = (code << 6) | (b & 0x3F);
            if (i == size - 1)
            {
                c = code >= min && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF) ? code : 0xFFFD;
                return size;
            }
        }

        c = 0xFFFD;
        return 1;
    }

    /// <summary>
    /// One character as JSON writes it: a byte, or an escape that stands for one UTF-16 unit. Returns how
    /// many bytes it takes, or 0 when the text ends too soon to tell; a backslash that starts no valid
    /// escape is itself.
    /// </summary>
    private static int Unit(ReadOnlySpan<byte> text, int at, bool final, out int value)
    {
        value = text[at];
        if (value != '\\')
        {
            return 1;
        }

        if (at + 1 == text.Length)
        {
            return final ? 1 : 0;
        }

        switch (text[at + 1])
        {
            case (byte)'"':
                value = '"';
                return 2;
            case (byte)'\\':
                value = '\\';
                return 2;
            case (byte)'/':
                value = '/';
                return 2;
            case (byte)'b':
                value = '\b';
                return 2;
            case (byte)'f':
                value = '\f';
                return 2;
            case (byte)'n':
                value = '\n';
                return 2;
            case (byte)'r':
                value = '\r';
                return 2;
            case (byte)'t':
                value = '\t';
                return 2;
            case (byte)'u':
                var code = 0;
                for (var i = 2; i < 6; i++)
                {
                    if (at + i == text.Length)
                    {
                        return final ? 1 : 0;
                    }

                    var digit = Hex(text[at + i]);
                    if (digit < 0)
                    {
                        return 1;
                    }

                    code = (code << 4) | digit;
                }

                value = code;
                return 6;
            default:
                return 1;
        }
    }

    /// <summary>
    /// The two hex digits of a percent escape whose '%' came just before <paramref name="at"/>, each written
    /// as itself or as a JSON escape. Returns how many bytes they take, 0 when the text ends too soon to
    /// tell, or -1 when they are not two hex digits.
    /// </summary>
    private static int Percent(ReadOnlySpan<byte> text, int at, bool final, out int decoded)
    {
        decoded = 0;
        var taken = 0;
        for (var i = 0; i < 2; i++)
        {
            if (at + taken == text.Length)
            {
                return final ? -1 : 0;
            }

            var unit = Unit(text, at + taken, final, out var value);
            if (unit == 0)
            {
                return 0;
            }

            var digit = value < 0x80 ? Hex((byte)value) : -1;
            if (digit < 0)
            {
                return -1;
            }

            decoded = (decoded << 4) | digit;
            taken += unit;
        }

        return taken;
    }

    private static int Hex(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
