namespace RunAgents.MockServer;

/// <summary>FIFO of fault rules; each use consumes one unit of a rule's count.</summary>
internal sealed class FaultQueue
{
    private readonly Lock _gate = new();
    private readonly List<FaultRule> _rules = [];

    /// <summary>Validates and appends rules (all or none).</summary>
    public void Add(IEnumerable<FaultRule> rules)
    {
        FaultRule[] copies = rules.Select(r => r.Clone()).ToArray();
        foreach (FaultRule rule in copies)
        {
            rule.Validate();
        }

        lock (_gate)
        {
            _rules.AddRange(copies);
        }
    }

    /// <summary>Consumes the first matching rule, if any.</summary>
    public FaultRule? TryTake(string method, string path)
    {
        lock (_gate)
        {
            int index = _rules.FindIndex(r => r.Matches(method, path));
            if (index < 0)
            {
                return null;
            }

            // The queued copy's count is the remaining count; the behaviour fields never change, so sharing it is safe.
            FaultRule rule = _rules[index];
            if (--rule.Count == 0)
            {
                _rules.RemoveAt(index);
            }

            return rule;
        }
    }

    /// <summary>Copies the pending rules with their remaining counts.</summary>
    public IReadOnlyList<FaultRule> Snapshot()
    {
        lock (_gate)
        {
            return _rules.Select(r => r.Clone()).ToArray();
        }
    }

    /// <summary>Removes all rules.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }
}
