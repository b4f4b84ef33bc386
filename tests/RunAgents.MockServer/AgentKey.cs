namespace RunAgents.MockServer;

/// <summary>Identity of an agent: namespace and name.</summary>
internal readonly record struct AgentKey(string Namespace, string Name) : IComparable<AgentKey>
{
    /// <summary>Orders by namespace, then name, ordinally (like a cluster listing).</summary>
    public int CompareTo(AgentKey other)
    {
        int byNamespace = string.CompareOrdinal(Namespace, other.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(Name, other.Name);
    }

    /// <summary>"namespace/name", as used in API messages.</summary>
    public override string ToString() => $"{Namespace}/{Name}";
}
