using System.Globalization;

namespace RunAgents.MockServer;

/// <summary>A parsed seed: the demo set, nothing, or a number of generated agents.</summary>
internal readonly record struct SeedSpec(SeedKind Kind, int Count)
{
    /// <summary>Parses "demo", "none" or a non-negative number.</summary>
    public static SeedSpec Parse(string? seed)
    {
        string text = seed?.Trim() ?? string.Empty;
        if (text.Equals("demo", StringComparison.OrdinalIgnoreCase))
        {
            return new SeedSpec(SeedKind.Demo, 0);
        }

        if (text.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return new SeedSpec(SeedKind.None, 0);
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            return new SeedSpec(SeedKind.Generated, count);
        }

        throw new ArgumentException($"seed must be \"demo\", \"none\" or a number, not \"{seed}\"");
    }

    /// <summary>Creates the agents this seed describes.</summary>
    public IEnumerable<(AgentKey Key, StoredAgent Agent)> CreateAgents() => Kind switch
    {
        SeedKind.Demo => DemoAgents.Create().Select(a => (AgentJson.GetKey(a), new StoredAgent(a))),
        SeedKind.Generated => GeneratedAgents.Create(Count),
        _ => [],
    };
}

/// <summary>The kinds of seed.</summary>
internal enum SeedKind
{
    /// <summary>A handful of realistic agents.</summary>
    Demo,

    /// <summary>No agents.</summary>
    None,

    /// <summary>N deterministic generated agents.</summary>
    Generated,
}
