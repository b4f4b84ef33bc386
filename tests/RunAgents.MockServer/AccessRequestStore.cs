using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>The access requests, behind one lock; ids start from 1 again when the store is cleared.</summary>
internal sealed class AccessRequestStore(MockClock clock)
{
    private readonly Lock _gate = new();
    private readonly OrderedDictionary<string, AccessRequest> _requests = [];
    private long _lastId;

    /// <summary>What a decision on a request came to.</summary>
    public enum Outcome
    {
        /// <summary>The request was decided.</summary>
        Decided,

        /// <summary>No request has that id.</summary>
        NotFound,

        /// <summary>The request was decided before.</summary>
        NotPending,
    }

    /// <summary>Stores a request, filling in a missing id, status and times; returns a copy as stored.</summary>
    public AccessRequest Add(AccessRequest request)
    {
        DateTime now = clock.UtcNow;
        lock (_gate)
        {
            AccessRequest stored = request.Clone();
            stored.Id = string.IsNullOrEmpty(stored.Id) ? "ar-" + (++_lastId).ToString("D4", CultureInfo.InvariantCulture) : stored.Id;
            stored.Status = string.IsNullOrEmpty(stored.Status) ? AccessRequest.Pending : stored.Status;
            stored.CreatedAt = stored.CreatedAt == default ? now : stored.CreatedAt;
            stored.UpdatedAt = stored.UpdatedAt == default ? stored.CreatedAt : stored.UpdatedAt;
            _requests.Remove(stored.Id);
            _requests.Add(stored.Id, stored);
            return stored.Clone();
        }
    }

    /// <summary>The requests whose status is one of <paramref name="statuses"/> (case-insensitive), oldest first.</summary>
    public JsonArray List(IReadOnlyCollection<string> statuses) =>
        Select(r => statuses.Contains(r.Status, StringComparer.OrdinalIgnoreCase));

    /// <summary>Every request, oldest first.</summary>
    public JsonArray All() => Select(_ => true);

    /// <summary>One request as JSON, or null.</summary>
    public JsonNode? Get(string id)
    {
        lock (_gate)
        {
            ExpireWindows();
            AccessRequest? request = _requests.GetValueOrDefault(id);
            return request is null ? null : ToJson(request);
        }
    }

    /// <summary>Applies a decision to a PENDING request; the copy returned is the request as decided.</summary>
    public (Outcome Outcome, AccessRequest? Request) Decide(string id, Action<AccessRequest> decide)
    {
        lock (_gate)
        {
            ExpireWindows();
            AccessRequest? request = _requests.GetValueOrDefault(id);
            if (request is null)
            {
                return (Outcome.NotFound, null);
            }

            if (request.Status != AccessRequest.Pending)
            {
                return (Outcome.NotPending, null);
            }

            decide(request);
            request.UpdatedAt = clock.UtcNow;
            return (Outcome.Decided, request.Clone());
        }
    }

    /// <summary>Removes every request.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();

            // Ids start again too, so that a reset platform answers as a new one does (help examples name ids).
            _lastId = 0;
        }
    }

    /// <summary>A request as the API writes it.</summary>
    public static JsonNode ToJson(AccessRequest request) => JsonSerializer.SerializeToNode(request, MockJson.SnakeCase)!;

    private JsonArray Select(Func<AccessRequest, bool> predicate)
    {
        lock (_gate)
        {
            ExpireWindows();
            return new JsonArray(_requests.Values.Where(predicate).Select(ToJson).ToArray());
        }
    }

    // An approval with a window ends by itself (spec section 3); checking on every read needs no timer.
    private void ExpireWindows()
    {
        DateTime now = clock.UtcNow;
        foreach (AccessRequest request in _requests.Values.Where(r => r.Status == AccessRequest.Approved && r.ExpiresAt <= now))
        {
            request.Status = AccessRequest.Expired;
            request.UpdatedAt = now;
        }
    }
}
