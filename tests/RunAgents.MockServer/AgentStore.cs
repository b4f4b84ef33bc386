using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>The agents, their phase scripts and the cached list body, all behind one lock.</summary>
internal sealed class AgentStore
{
    private readonly Lock _gate = new();
    private SortedDictionary<AgentKey, StoredAgent> _agents = [];
    private readonly Dictionary<AgentKey, PhaseScript> _scripts = [];
    private SegmentedBuffer? _listCache;

    /// <summary>Adds or replaces agents by namespace/name (all validated before any is stored).</summary>
    public void Put(IEnumerable<JsonObject> agents)
    {
        (AgentKey Key, JsonObject Agent)[] keyed = agents.Select(a => (AgentJson.GetKey(a), a)).ToArray();
        lock (_gate)
        {
            foreach ((AgentKey key, JsonObject agent) in keyed)
            {
                _agents[key] = new StoredAgent(agent);
            }

            _listCache = null;
        }
    }

    /// <summary>Replaces every agent; keys come with the agents so generated documents stay unparsed.</summary>
    public void ReplaceAll(IEnumerable<(AgentKey Key, StoredAgent Agent)> agents)
    {
        var replacement = new SortedDictionary<AgentKey, StoredAgent>();
        foreach ((AgentKey key, StoredAgent agent) in agents)
        {
            replacement[key] = agent;
        }

        lock (_gate)
        {
            _agents = replacement;
            _listCache = null;
        }
    }

    /// <summary>Removes every agent.</summary>
    public void Clear() => ReplaceAll([]);

    /// <summary>Whether the agent exists.</summary>
    public bool Contains(AgentKey key)
    {
        lock (_gate)
        {
            return _agents.ContainsKey(key);
        }
    }

    /// <summary>Deletes an agent; false when it did not exist.</summary>
    public bool Remove(AgentKey key)
    {
        lock (_gate)
        {
            if (!_agents.Remove(key))
            {
                return false;
            }

            _listCache = null;
            return true;
        }
    }

    /// <summary>Serves a single GET: applies the next scripted phase, then serializes; null when missing.</summary>
    public byte[]? Serve(AgentKey key)
    {
        lock (_gate)
        {
            if (!_agents.TryGetValue(key, out StoredAgent? agent))
            {
                return null;
            }

            if (_scripts.TryGetValue(key, out PhaseScript? script))
            {
                AgentJson.ApplyStep(agent.Node, script.Advance());
                _listCache = null;
            }

            return agent.ToUtf8();
        }
    }

    /// <summary>Reads what an invoke needs; null when the agent is missing.</summary>
    public InvokeInfo? GetInvokeInfo(AgentKey key)
    {
        lock (_gate)
        {
            if (!_agents.TryGetValue(key, out StoredAgent? agent))
            {
                return null;
            }

            JsonObject view = agent.View;
            return new InvokeInfo(AgentJson.GetPhase(view), AgentJson.GetModel(view), AgentJson.GetToolNames(view).FirstOrDefault(), AgentJson.GetPolicies(view));
        }
    }

    /// <summary>Every agent's key with the policies it is bound to, for a policy's used_by.</summary>
    public IReadOnlyList<(AgentKey Key, IReadOnlyList<string> Policies)> Bindings()
    {
        lock (_gate)
        {
            return _agents.Select(p => (p.Key, AgentJson.GetPolicies(p.Value.View))).OrderBy(b => b.Key).ToArray();
        }
    }

    /// <summary>Every agent's key with the provider and model of its spec.llmConfig, for model spend; agents without a model are left out.</summary>
    public IReadOnlyList<(AgentKey Key, string? Provider, string Model)> Models()
    {
        lock (_gate)
        {
            return _agents
                .Select(p => (p.Key, Config: (p.Value.View["spec"] as JsonObject)?["llmConfig"] as JsonObject))
                .Where(p => p.Config is not null && JsonRead.String(p.Config, "model") is not null)
                .Select(p => (p.Key, JsonRead.String(p.Config!, "provider"), JsonRead.String(p.Config!, "model")!))
                .ToArray();
        }
    }

    /// <summary>The agents called <paramref name="name"/>, in any namespace (v1 addresses agents by name alone).</summary>
    public IReadOnlyList<AgentKey> FindByName(string name)
    {
        lock (_gate)
        {
            return _agents.Keys.Where(k => k.Name == name).ToArray();
        }
    }

    /// <summary>Adds or replaces one agent and returns it as stored, so a later step can tell whether it is still the same deploy.</summary>
    public StoredAgent PutOne(AgentKey key, JsonObject agent)
    {
        var stored = new StoredAgent(agent);
        lock (_gate)
        {
            _agents[key] = stored;
            _listCache = null;
        }

        return stored;
    }

    /// <summary>Sets the status, but only while <paramref name="expected"/> is still the stored agent (not redeployed, removed or reset).</summary>
    public void SetStatusIf(AgentKey key, StoredAgent expected, PhaseStep step)
    {
        lock (_gate)
        {
            if (_agents.TryGetValue(key, out StoredAgent? agent) && ReferenceEquals(agent, expected))
            {
                AgentJson.ApplyStep(agent.Node, step);
                _listCache = null;
            }
        }
    }

    /// <summary>Reads one agent under the lock (an agent's config, say); null when it is missing.</summary>
    public T? Read<T>(AgentKey key, Func<AgentKey, JsonObject, T> read)
        where T : class
    {
        lock (_gate)
        {
            return _agents.TryGetValue(key, out StoredAgent? agent) ? read(key, agent.View) : null;
        }
    }

    /// <summary>Changes one agent in place under the lock (a PUT of its config); false when it is missing.</summary>
    public bool Edit(AgentKey key, Action<JsonObject> edit)
    {
        lock (_gate)
        {
            if (!_agents.TryGetValue(key, out StoredAgent? agent))
            {
                return false;
            }

            edit(agent.Node);
            _listCache = null;
            return true;
        }
    }

    /// <summary>The whole list as UTF-8 JSON, built once per change and shared by every reader.</summary>
    public SegmentedBuffer GetList()
    {
        lock (_gate)
        {
            return _listCache ??= BuildList();
        }
    }

    /// <summary>Installs (or, with no steps, removes) a phase script.</summary>
    public void SetScript(AgentKey key, IReadOnlyList<PhaseStep> steps)
    {
        lock (_gate)
        {
            if (steps.Count == 0)
            {
                _scripts.Remove(key);
            }
            else
            {
                _scripts[key] = new PhaseScript(steps.ToArray());
            }
        }
    }

    /// <summary>Removes all phase scripts.</summary>
    public void ClearScripts()
    {
        lock (_gate)
        {
            _scripts.Clear();
        }
    }

    // Called under the lock: JsonObject (and StoredAgent's lazy parse) is not safe for concurrent use.
    private SegmentedBuffer BuildList()
    {
        var buffer = new SegmentedBuffer();
        using (Utf8JsonWriter writer = MockJson.CreateWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (StoredAgent agent in _agents.Values)
            {
                agent.WriteTo(writer);
            }

            writer.WriteEndArray();
        }

        return buffer.Complete();
    }
}
