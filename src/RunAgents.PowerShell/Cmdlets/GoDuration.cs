using System;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Writes a <see cref="TimeSpan"/> as the duration text the platform parses (Go's <c>time.ParseDuration</c>): <c>4h</c>, <c>1h30m</c>, <c>45s</c>; and reads that text back.</summary>
internal static class GoDuration
{
    private static readonly Regex s_part = new(@"\G(?<n>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?<u>ns|us|µs|μs|ms|s|m|h)", RegexOptions.CultureInvariant);

    /// <summary>Reads a duration as Go writes it (<c>4h</c>, <c>1h30m</c>, <c>1.5h</c>, <c>90s</c>); null when the text is not one.</summary>
    public static TimeSpan? Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        var ticks = 0.0;
        var at = 0;
        while (at < trimmed.Length)
        {
            var part = s_part.Match(trimmed, at);
            if (!part.Success)
            {
                return null;
            }

            var number = double.Parse(part.Groups["n"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            ticks += number * part.Groups["u"].Value switch
            {
                "h" => TimeSpan.TicksPerHour,
                "m" => TimeSpan.TicksPerMinute,
                "s" => TimeSpan.TicksPerSecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "ns" => 0.01,
                _ => 10.0,
            };
            at += part.Length;
        }

        return ticks > TimeSpan.MaxValue.Ticks ? null : TimeSpan.FromTicks((long)Math.Round(ticks));
    }

    public static string Format(TimeSpan span)
    {
        if (span <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(span), "A duration must be longer than zero.");
        }

        var text = new StringBuilder();
        var hours = (long)span.TotalHours;
        if (hours > 0)
        {
            text.Append(hours).Append('h');
        }

        if (span.Minutes > 0)
        {
            text.Append(span.Minutes).Append('m');
        }

        if (span.Seconds > 0 || text.Length == 0)
        {
            text.Append(span.Seconds).Append('s');
        }

        return text.ToString();
    }
}
