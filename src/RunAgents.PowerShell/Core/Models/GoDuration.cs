using System;
using System.Globalization;
using System.Text;

namespace RunAgents.PowerShell.Models;

/// <summary>Durations as the platform writes and reads them, Go's duration text: <c>4h</c>, <c>1h30m</c>, <c>45s</c>, <c>4h0m0s</c>.</summary>
/// <remarks>
/// The platform parses a duration with Go's <c>time.ParseDuration</c> and writes one back with Go's <c>String</c>, so both
/// directions follow Go: a sequence of decimal numbers, each with a unit (<c>ns</c>, <c>us</c>, <c>µs</c>, <c>ms</c>,
/// <c>s</c>, <c>m</c>, <c>h</c>), an optional sign, and <c>0</c> alone. No unit means no duration: Go refuses <c>4</c>.
/// </remarks>
internal static class GoDuration
{
    private const decimal TicksPerNanosecond = 0.01m;

    /// <summary>The duration <paramref name="text"/> says, to the nearest tick; null when it is not Go duration text.</summary>
    public static TimeSpan? TryParse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var s = text!;
        var i = 0;
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            i++;
        }

        if (s.Length - i == 1 && s[i] == '0')
        {
            return TimeSpan.Zero;
        }

        if (i == s.Length)
        {
            return null;
        }

        var ticks = 0m;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && IsDigit(s[i]))
            {
                i++;
            }

            var digits = i - start;
            if (i < s.Length && s[i] == '.')
            {
                i++;
                var fraction = i;
                while (i < s.Length && IsDigit(s[i]))
                {
                    i++;
                }

                digits += i - fraction;
            }

            if (digits == 0)
            {
                return null;
            }

            var number = s.Substring(start, i - start);
            var unitStart = i;
            while (i < s.Length && s[i] != '.' && !IsDigit(s[i]))
            {
                i++;
            }

            if (UnitTicks(s.Substring(unitStart, i - unitStart)) is not decimal unit
                || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            try
            {
                ticks += value * unit;
            }
            catch (OverflowException)
            {
                return null;
            }

            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                return null;
            }
        }

        var whole = (long)Math.Round(ticks, MidpointRounding.AwayFromZero);
        return TimeSpan.FromTicks(negative ? -whole : whole);
    }

    /// <summary><paramref name="span"/> as Go writes a duration, without its zero parts: <c>4h</c>, <c>1h30m</c>, <c>1m30.5s</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            return "-" + Format(span.Negate());
        }

        var text = new StringBuilder();
        var hours = span.Ticks / TimeSpan.TicksPerHour;
        var rest = span.Ticks % TimeSpan.TicksPerHour;
        var minutes = rest / TimeSpan.TicksPerMinute;
        rest %= TimeSpan.TicksPerMinute;
        if (hours > 0)
        {
            text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (minutes > 0)
        {
            text.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        if (rest > 0 || text.Length == 0)
        {
            text.Append((rest / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture));
            var fraction = rest % TimeSpan.TicksPerSecond;
            if (fraction > 0)
            {
                text.Append('.').Append(fraction.ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0'));
            }

            text.Append('s');
        }

        return text.ToString();
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    /// <summary>Ticks (100 ns) in one of the unit Go names; null for anything else, such as <c>d</c> or <c>H</c>.</summary>
    private static decimal? UnitTicks(string unit) => unit switch
    {
        "ns" => TicksPerNanosecond,
        "us" or "\u00b5s" or "\u03bcs" => 1_000 * TicksPerNanosecond,
        "ms" => TimeSpan.TicksPerMillisecond,
        "s" => TimeSpan.TicksPerSecond,
        "m" => TimeSpan.TicksPerMinute,
        "h" => TimeSpan.TicksPerHour,
        _ => null,
    };
}
