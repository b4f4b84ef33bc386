using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>A read-mostly list of platform objects keyed by "name" (tools, model providers, policies), kept in the shape given.</summary>
internal sealed class NamedList(Func<IEnumerable<JsonObject>> seed)
{
    private readonly Lock _gate = new();
    private readonly List<JsonObject> _items = [.. seed()];

    /// <summary>The whole list, detached from the store.</summary>
    public JsonArray ToJson()
    {
        lock (_gate)
        {
            return new JsonArray(_items.Select(i => (JsonNode)i.DeepClone()).ToArray());
        }
    }

    /// <summary>A detached copy of the item with this name, or null.</summary>
    public JsonObject? Find(string name)
    {
        lock (_gate)
        {
            return _items.Find(i => JsonRead.String(i, "name") == name)?.DeepClone().AsObject();
        }
    }

    /// <summary>Adds items, replacing any with the same name in place; every item needs a string "name".</summary>
    public void Put(IEnumerable<JsonObject> items)
    {
        (string Name, JsonObject Item)[] named = items
            .Select(i => (JsonRead.String(i, "name") ?? throw new ArgumentException("every item needs a string \"name\""), i))
            .ToArray();
        lock (_gate)
        {
            foreach ((string name, JsonObject item) in named)
            {
                int index = _items.FindIndex(i => JsonRead.String(i, "name") == name);
                if (index >= 0)
                {
                    _items[index] = item;
                }
                else
                {
                    _items.Add(item);
                }
            }
        }
    }

    /// <summary>Removes the item with this name; false when there is none.</summary>
    public bool Remove(string name)
    {
        lock (_gate)
        {
            return _items.RemoveAll(i => JsonRead.String(i, "name") == name) > 0;
        }
    }

    /// <summary>Changes the stored item with this name in place; false when there is none.</summary>
    public bool Update(string name, Action<JsonObject> change)
    {
        lock (_gate)
        {
            JsonObject? item = _items.Find(i => JsonRead.String(i, "name") == name);
            if (item is null)
            {
                return false;
            }

            change(item);
            return true;
        }
    }

    /// <summary>Empties the list (a workspace with none of these objects); <see cref="Reset"/> brings the seed back.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _items.Clear();
        }
    }

    /// <summary>Back to the seed.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _items.Clear();
            _items.AddRange(seed());
        }
    }
}
