using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>The runs and their events, behind one lock; ids start from 1 again when the store is cleared.</summary>
internal sealed class RunStore(MockClock clock)
{
    private readonly Lock _gate = new();
    // Keyed for lookups, ordered for lists: a fan-out of thousands of invokes must not slow down under the lock.
    private readonly OrderedDictionary<string, Entry> _runs = [];
    private long _lastRunId;
    private long _lastEventId;

    /// <summary>Stores a run with its first events, filling in a missing id, status and times; returns a copy as stored.</summary>
    public Run Create(Run run, IEnumerable<RunStep> steps)
    {
        DateTime now = clock.UtcNow;
        lock (_gate)
        {
            Run stored = run.Clone();
            stored.Id = string.IsNullOrEmpty(stored.Id) ? "run-" + (++_lastRunId).ToString("D4", CultureInfo.InvariantCulture) : stored.Id;
            stored.Status = string.IsNullOrEmpty(stored.Status) ? Run.Running : stored.Status;
            stored.CreatedAt = stored.CreatedAt == default ? now : stored.CreatedAt;
            stored.UpdatedAt = stored.UpdatedAt == default ? stored.CreatedAt : stored.UpdatedAt;
            var entry = new Entry(stored);
            _runs.Remove(stored.Id);
            _runs.Add(stored.Id, entry);
            Append(entry, steps, now);
            return stored.Clone();
        }
    }

    /// <summary>A copy of a run, or null.</summary>
    public Run? Find(string id)
    {
        lock (_gate)
        {
            return _runs.GetValueOrDefault(id)?.Run.Clone();
        }
    }

    /// <summary>Moves a run from <paramref name="from"/> to <paramref name="to"/> and appends events; false (and nothing changes) when the run is not in <paramref name="from"/>.</summary>
    public bool Transition(string id, string from, string to, params RunStep[] steps)
    {
        DateTime now = clock.UtcNow;
        lock (_gate)
        {
            Entry? entry = _runs.GetValueOrDefault(id);
            if (entry is null || entry.Run.Status != from)
            {
                return false;
            }

            entry.Run.Status = to;
            if (!to.StartsWith("PAUSED_", StringComparison.Ordinal))
            {
                entry.Run.BlockedActionId = null;
            }

            entry.Run.UpdatedAt = now;
            Append(entry, steps, now);
            return true;
        }
    }

    /// <summary>The runs that pass <paramref name="filter"/>, oldest first.</summary>
    public JsonArray List(Func<Run, bool> filter)
    {
        lock (_gate)
        {
            return new JsonArray(_runs.Values.Where(e => filter(e.Run)).Select(e => ToJson(e.Run)).ToArray());
        }
    }

    /// <summary>One run as JSON, or null.</summary>
    public JsonNode? Get(string id)
    {
        lock (_gate)
        {
            Entry? entry = _runs.GetValueOrDefault(id);
            return entry is null ? null : ToJson(entry.Run);
        }
    }

    /// <summary>A run's events after <paramref name="afterSeq"/>, at most <paramref name="limit"/>, in order; null when the run does not exist.</summary>
    public JsonArray? Events(string id, long afterSeq, int limit)
    {
        lock (_gate)
        {
            Entry? entry = _runs.GetValueOrDefault(id);
            return entry is null
                ? null
                : new JsonArray(entry.Events.Where(e => e.Seq > afterSeq).Take(limit).Select(ToJson).ToArray());
        }
    }

    /// <summary>Every run with its events under "events", for the control API.</summary>
    public JsonArray All()
    {
        lock (_gate)
        {
            return new JsonArray(_runs.Values.Select(e =>
            {
                JsonObject run = ToJson(e.Run).AsObject();
                run["events"] = new JsonArray(e.Events.Select(ToJson).ToArray());
                return (JsonNode)run;
            }).ToArray());
        }
    }

    /// <summary>Removes every run.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _runs.Clear();

            // Ids start again too, so that a reset platform answers as a new one does (help examples name ids).
            _lastRunId = 0;
            _lastEventId = 0;
        }
    }

    private void Append(Entry entry, IEnumerable<RunStep> steps, DateTime now)
    {
        foreach (RunStep step in steps)
        {
            entry.Events.Add(new RunEvent
            {
                EventId = "evt-" + (++_lastEventId).ToString("D6", CultureInfo.InvariantCulture),
                RunId = entry.Run.Id,
                Seq = entry.Events.Count + 1,
                Type = step.Type,
                Actor = step.Actor,
                Timestamp = now,
                Data = step.Data,
                PayloadHash = RunEvent.Hash(step.Data),
            });
        }
    }

    private static JsonNode ToJson<T>(T value) => JsonSerializer.SerializeToNode(value, MockJson.SnakeCase)!;

    private sealed class Entry(Run run)
    {
        public Run Run { get; } = run;

        public List<RunEvent> Events { get; } = [];
    }
}
