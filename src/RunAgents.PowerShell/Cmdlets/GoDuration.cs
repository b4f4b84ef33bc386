using System;
using System.Text;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Writes a <see cref="TimeSpan"/> as the duration text the platform parses (Go's <c>time.ParseDuration</c>): <c>4h</c>, <c>1h30m</c>, <c>45s</c>.</summary>
internal static class GoDuration
{
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
