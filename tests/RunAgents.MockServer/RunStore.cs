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
            Hold(entry, now);
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
                Release(entry, to, now);
                entry.Run.BlockedActionId = null;
            }

            entry.Run.UpdatedAt = now;
            Append(entry, steps, now);
            return true;
        }
    }

    /// <summary>The statuses PATCH /runs/{id} accepts (spec section 4).</summary>
    public static readonly string[] Settable = [Run.Completed, Run.Failed, Run.PausedApproval, Run.Running];

    /// <summary>
    /// PATCH /runs/{id}: moves a run to <paramref name="to"/> when the documented transitions allow it
    /// (RUNNING to PAUSED_APPROVAL, COMPLETED or FAILED; a pause to RUNNING or FAILED). Null when the run does not
    /// exist; otherwise the run as stored and whether it moved (false: a 409 "invalid transition" naming its status).
    /// </summary>
    public (Run Run, bool Moved)? SetStatus(string id, string to)
    {
        DateTime now = clock.UtcNow;
        lock (_gate)
        {
            Entry? entry = _runs.GetValueOrDefault(id);
            if (entry is null)
            {
                return null;
            }

            string from = entry.Run.Status;
            bool allowed = from switch
            {
                Run.Running => to is Run.PausedApproval or Run.Completed or Run.Failed,
                Run.PausedApproval or Run.PausedConsent => to is Run.Running or Run.Failed,
                _ => false,
            };
            if (!allowed)
            {
                return (entry.Run.Clone(), false);
            }

            entry.Run.Status = to;
            if (!to.StartsWith("PAUSED_", StringComparison.Ordinal))
            {
                Release(entry, to, now);
                entry.Run.BlockedActionId = null;
            }

            entry.Run.UpdatedAt = now;
            return (entry.Run.Clone(), true);
        }
    }

    /// <summary>One blocked action of a run as JSON; null when the run, or the action in it, does not exist (which one says <paramref name="runFound"/>).</summary>
    public JsonNode? BlockedAction(string runId, string actionId, out bool runFound)
    {
        lock (_gate)
        {
            Entry? entry = _runs.GetValueOrDefault(runId);
            runFound = entry is not null;
            return entry?.Actions.GetValueOrDefault(actionId)?.DeepClone();
        }
    }

    // A run stored paused holds the call its pause is about: a BLOCKED action, on the tool the pause names.
    private static void Hold(Entry entry, DateTime now)
    {
        if (entry.Run.BlockedActionId is not { Length: > 0 } actionId)
        {
            return;
        }

        string? tool = entry.Run.PendingTool;
        JsonObject? data = entry.Events.LastOrDefault(e => e.Type is "APPROVAL_REQUIRED" or "CONSENT_REQUIRED")?.Data;
        tool ??= data?["tool_id"]?.GetValue<string>() ?? data?["tool"]?.GetValue<string>();
        entry.Actions[actionId] = new JsonObject
        {
            ["action_id"] = actionId,
            ["run_id"] = entry.Run.Id,
            ["tool_id"] = tool ?? "tool",
            ["capability"] = data?["capability"]?.DeepClone(),
            ["payload_hash"] = RunEvent.Hash(new JsonObject { ["tool_id"] = tool, ["action_id"] = actionId }),
            ["status"] = "BLOCKED",
            ["created_at"] = JsonValue.Create(now),
            ["updated_at"] = JsonValue.Create(now),
        };
    }

    // Leaving a pause decides its action: resumed means approved, failed means failed, anything else executed.
    private static void Release(Entry entry, string to, DateTime now)
    {
        if (entry.Run.BlockedActionId is { } actionId && entry.Actions.GetValueOrDefault(actionId) is JsonObject action)
        {
            action["status"] = to switch
            {
                Run.Failed => "FAILED",
                Run.Running => "APPROVED",
                _ => "EXECUTED",
            };
            action["updated_at"] = JsonValue.Create(now);
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

        public Dictionary<string, JsonObject> Actions { get; } = [];
    }
}
