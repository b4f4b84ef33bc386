namespace RunAgents.MockServer;

/// <summary>Thread-safe, append-only record of API requests.</summary>
internal sealed class Journal
{
    private readonly Lock _gate = new();
    private readonly List<Slot> _slots = [];
    private long _lastSequence;

    /// <summary>Records an entry and returns the handle used to fill in its status later.</summary>
    public Slot Add(JournalEntry entry)
    {
        lock (_gate)
        {
            var slot = new Slot(entry with { Sequence = ++_lastSequence });
            _slots.Add(slot);
            return slot;
        }
    }

    /// <summary>Sets the response status of a recorded entry.</summary>
    public void SetStatus(Slot slot, int status)
    {
        lock (_gate)
        {
            slot.Entry = slot.Entry with { Status = status };
        }
    }

    /// <summary>Copies the current entries.</summary>
    public IReadOnlyList<JournalEntry> Snapshot()
    {
        lock (_gate)
        {
            return _slots.Select(s => s.Entry).ToArray();
        }
    }

    /// <summary>Removes all entries; sequence numbers keep counting so request ids stay unique.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _slots.Clear();
        }
    }

    /// <summary>Removes all entries and numbers the next request 1 again, so that ids made from it (actions) start again with the platform.</summary>
    public void Restart()
    {
        lock (_gate)
        {
            _slots.Clear();
            _lastSequence = 0;
        }
    }

    /// <summary>Mutable holder so the status can be filled in after the entry is visible.</summary>
    internal sealed class Slot(JournalEntry entry)
    {
        /// <summary>The current immutable entry.</summary>
        public JournalEntry Entry { get; set; } = entry;
    }
}
