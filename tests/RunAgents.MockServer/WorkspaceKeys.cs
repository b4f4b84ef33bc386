using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>
/// The workspace's API keys and auth settings: the metadata the API lists (camelCase, as the contract's
/// <c>WorkspaceApiKey</c>), and the tokens behind them, which authenticate until they are revoked, rotated or expire.
/// </summary>
/// <remarks>
/// Tokens are <c>ra_ws_</c> and 40 hexadecimal digits, derived from a counter that a reset starts again, so that the
/// same steps after a reset mint the same tokens (the docs' sample outputs depend on it). Each configured key that is
/// a workspace key is listed as <c>bootstrap</c> (its prefix and last four characters), so that revoking or rotating
/// it stops it working; other configured keys (<c>test-key</c>) are not workspace keys and always work.
/// </remarks>
internal sealed class WorkspaceKeys
{
    /// <summary>How many characters of a token its listed prefix shows: <c>ra_ws_</c> and four more.</summary>
    public const int PrefixLength = 10;

    /// <summary>The auth settings' bounds of the session idle timeout, in minutes.</summary>
    public const int MinIdleMinutes = 5;

    /// <inheritdoc cref="MinIdleMinutes"/>
    public const int MaxIdleMinutes = 1440;

    private readonly object _lock = new();
    private readonly MockClock _clock;
    private readonly string[] _configured;
    private readonly List<Entry> _keys = [];
    private int _minted;
    private int _ids;
    private int _idleMinutes;

    public WorkspaceKeys(MockClock clock, IEnumerable<string> configured)
    {
        _clock = clock;
        _configured = configured.Where(k => k.StartsWith(ApiAuth.WorkspaceKeyPrefix, StringComparison.Ordinal)).ToArray();
        Reset();
    }

    /// <summary>Back to the startup keys and settings.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _keys.Clear();
            _minted = 0;
            _ids = 0;
            _idleMinutes = 60;
            DateTime now = _clock.UtcNow;
            foreach (string key in _configured)
            {
                _keys.Add(new Entry(NextId(), "bootstrap", key, now.AddDays(-90), null) { LastUsedAt = now });
            }

            _keys.Add(new Entry(NextId(), "ci-deploy", Mint(), now.AddDays(-30), now.AddDays(12)) { LastUsedAt = now.AddHours(-3) });
            _keys.Add(new Entry(NextId(), "grafana-readonly", Mint(), now.AddDays(-200), null));
        }
    }

    /// <summary>True when <paramref name="token"/> is a live key of this store: listed, not expired.</summary>
    public bool Accepts(string token)
    {
        lock (_lock)
        {
            Entry? entry = _keys.Find(k => string.Equals(k.Token, token, StringComparison.Ordinal));
            if (entry is null || entry.ExpiresAt is DateTime expires && expires <= _clock.UtcNow)
            {
                return false;
            }

            entry.LastUsedAt = _clock.UtcNow;
            return true;
        }
    }

    /// <summary>True when <paramref name="token"/> is a configured key this store manages (so revoking it ends it).</summary>
    public bool Manages(string token) => _configured.Contains(token, StringComparer.Ordinal);

    public JsonArray List()
    {
        lock (_lock)
        {
            return new JsonArray(_keys.Select(k => (JsonNode)k.ToJson()).ToArray());
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _keys.Count;
            }
        }
    }

    public int IdleMinutes
    {
        get
        {
            lock (_lock)
            {
                return _idleMinutes;
            }
        }

        set
        {
            lock (_lock)
            {
                _idleMinutes = value;
            }
        }
    }

    /// <summary>Creates a key; its token is in the answer only.</summary>
    public JsonObject Create(string name, int? expiresInDays)
    {
        lock (_lock)
        {
            DateTime now = _clock.UtcNow;
            var entry = new Entry(NextId(), name, Mint(), now, expiresInDays is int days ? now.AddDays(days) : null);
            _keys.Add(entry);
            return entry.Created();
        }
    }

    /// <summary>Revokes a key; false when there is none with that id.</summary>
    public bool Revoke(string id)
    {
        lock (_lock)
        {
            return _keys.RemoveAll(k => k.Id == id) > 0;
        }
    }

    /// <summary>A new token for a key, the old one ending now; null when there is none with that id.</summary>
    /// <remarks>A key keeps its expiry unless <paramref name="expiresInDays"/> is given (the contract's words).</remarks>
    public JsonObject? Rotate(string id, int? expiresInDays)
    {
        lock (_lock)
        {
            Entry? entry = _keys.Find(k => k.Id == id);
            if (entry is null)
            {
                return null;
            }

            entry.Token = Mint();
            if (expiresInDays is int days)
            {
                entry.ExpiresAt = _clock.UtcNow.AddDays(days);
            }

            return entry.Created();
        }
    }

    private string NextId() => $"key-{++_ids}";

    private string Mint()
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"mock-workspace-key-{++_minted}"));
        return ApiAuth.WorkspaceKeyPrefix + Convert.ToHexString(hash).ToLowerInvariant()[..40];
    }

    private static string Time(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private sealed class Entry(string id, string name, string token, DateTime createdAt, DateTime? expiresAt)
    {
        public string Id { get; } = id;

        public string Name { get; } = name;

        public string Token { get; set; } = token;

        public DateTime CreatedAt { get; } = createdAt;

        public DateTime? ExpiresAt { get; set; } = expiresAt;

        public DateTime? LastUsedAt { get; set; }

        public JsonObject ToJson() => new()
        {
            ["id"] = Id,
            ["name"] = Name,
            ["prefix"] = Token[..Math.Min(PrefixLength, Token.Length)],
            ["last4"] = Token[^4..],
            ["createdAt"] = Time(CreatedAt),
            ["lastUsedAt"] = LastUsedAt is DateTime used ? Time(used) : null,
            ["expiresAt"] = ExpiresAt is DateTime expires ? Time(expires) : null,
        };

        public JsonObject Created() => new()
        {
            ["key"] = ToJson(),
            ["token"] = Token,
            ["header"] = ApiAuth.ApiKeyHeader,
        };
    }
}
