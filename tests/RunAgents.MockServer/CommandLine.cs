using System.Globalization;

namespace RunAgents.MockServer;

/// <summary>Parses the standalone program's arguments into options.</summary>
internal static class CommandLine
{
    /// <summary>Reads --port, --key (repeatable), --seed, --invoke-latency-ms, --deploy-ready-ms, --resume-ms and --clock; throws ArgumentException on anything else.</summary>
    public static MockServerOptions Parse(IReadOnlyList<string> args)
    {
        var options = new MockServerOptions();
        var keys = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            (string name, string? inlineValue) = SplitInline(args[i]);
            string Value() => inlineValue ?? (++i < args.Count ? args[i] : throw new ArgumentException($"{name} needs a value"));
            switch (name)
            {
                case "--port":
                    options.Port = ParseInt(name, Value(), 0, 65535);
                    break;
                case "--key":
                    keys.Add(Value());
                    break;
                case "--seed":
                    string seed = Value();
                    SeedSpec.Parse(seed);
                    options.Seed = seed;
                    break;
                case "--invoke-latency-ms":
                    options.InvokeLatencyMs = ParseInt(name, Value(), 0, int.MaxValue);
                    break;
                case "--deploy-ready-ms":
                    options.DeployReadyMs = ParseInt(name, Value(), 0, int.MaxValue);
                    break;
                case "--resume-ms":
                    options.ResumeMs = ParseInt(name, Value(), 0, int.MaxValue);
                    break;
                case "--clock":
                    options.Clock = ParseInstant(name, Value());
                    break;
                default:
                    throw new ArgumentException($"unknown argument {args[i]}");
            }
        }

        if (keys.Count > 0)
        {
            options.ApiKeys = keys;
        }

        return options;
    }

    // Accepts "--port=8080" as well as "--port 8080".
    private static (string Name, string? Value) SplitInline(string arg)
    {
        int equals = arg.IndexOf('=');
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 2 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }

    // An instant with its offset (2026-11-29T04:50:16Z): a time without one would depend on the machine's zone.
    private static DateTimeOffset ParseInstant(string name, string value)
    {
        bool hasOffset = value.EndsWith('Z') || (value.Length > 6 && value[^6] is '+' or '-' && value[^3] == ':');
        return hasOffset && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset result)
            ? result.ToUniversalTime()
            : throw new ArgumentException($"{name} must be an instant with its offset, such as 2026-11-29T04:50:16Z");
    }

    private static int ParseInt(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int result) && result >= min && result <= max
            ? result
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max}");
}
