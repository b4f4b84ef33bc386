using System.Globalization;
using System.Text.RegularExpressions;

namespace RunAgents.MockServer;

/// <summary>Parses Go's duration text ("30m", "4h", "1h30m", "1.5h"), as the platform's approve call does.</summary>
internal static partial class GoDuration
{
    private static readonly Dictionary<string, double> s_unitMilliseconds = new(StringComparer.Ordinal)
    {
        ["ns"] = 1e-6,
        ["us"] = 1e-3,
        ["µs"] = 1e-3,
        ["ms"] = 1,
        ["s"] = 1000,
        ["m"] = 60_000,
        ["h"] = 3_600_000,
    };

    /// <summary>The duration, or null when the text is not one ("0" alone is; a number without a unit is not).</summary>
    public static TimeSpan? Parse(string text)
    {
        if (text == "0")
        {
            return TimeSpan.Zero;
        }

        Match whole = Whole().Match(text);
        if (!whole.Success)
        {
            return null;
        }

        double milliseconds = whole.Groups["part"].Captures
            .Select((c, i) => double.Parse(whole.Groups["number"].Captures[i].Value, CultureInfo.InvariantCulture) * s_unitMilliseconds[whole.Groups["unit"].Captures[i].Value])
            .Sum();
        return TimeSpan.FromMilliseconds(whole.Groups["sign"].Value == "-" ? -milliseconds : milliseconds);
    }

    [GeneratedRegex(@"^(?<sign>[-+]?)(?<part>(?<number>\d+(\.\d*)?|\.\d+)(?<unit>ns|us|µs|ms|s|m|h))+$")]
    private static partial Regex Whole();
}
