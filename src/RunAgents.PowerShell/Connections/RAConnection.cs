using System;
using System.Net;
using System.Threading;

namespace RunAgents.PowerShell.Client;

/// <summary>Where a connection setting came from.</summary>
public enum SettingSource
{
    /// <summary>The module's default.</summary>
    Default,

    /// <summary>A parameter of Connect-RAService.</summary>
    Parameter,

    /// <summary>RUNAGENTS_API_KEY or RUNAGENTS_ENDPOINT.</summary>
    Environment,

    /// <summary>The RunAgents CLI's config file, ~/.runagents/config.json.</summary>
    ConfigFile,
}

/// <summary>A RunAgents platform to talk to and the key to talk with. The key itself is never exposed.</summary>
public sealed class RAConnection
{
    /// <summary>The public endpoint of the RunAgents platform.</summary>
    public static readonly Uri DefaultUri = new("https://api.runagents.io/");

    /// <summary>How many times GET and DELETE are retried on a transient failure unless told otherwise.</summary>
    public const int DefaultMaxRetryCount = 3;

    /// <summary>The per-request timeout unless told otherwise, as Invoke-RestMethod's.</summary>
    public const int DefaultTimeoutSec = 100;

    /// <summary>The largest answer read unless told otherwise, in megabytes: far above any agent or answer seen.</summary>
    public const int DefaultMaxResponseSizeMB = 64;

    private ApiTransport? _transport;
    private ApiKey _key;
    private SettingSource _keyFrom;

    internal RAConnection(
        Uri uri,
        ApiKey key,
        SettingSource uriSource,
        SettingSource keySource,
        int maxRetryCount = DefaultMaxRetryCount,
        int timeoutSec = DefaultTimeoutSec,
        bool allowUnencryptedAuthentication = false,
        bool skipCertificateCheck = false,
        string? userAgent = null,
        int maxResponseSizeMB = DefaultMaxResponseSizeMB)
    {
        Uri = Normalize(uri, allowUnencryptedAuthentication);
        // The URI as written: normalizing it would drop the dot segments Detect refuses.
        (Api, Workspace) = ApiRoutes.Detect(uri);
        _key = key;
        UriFrom = uriSource;
        _keyFrom = keySource;
        MaxRetryCount = maxRetryCount;
        TimeoutSec = timeoutSec;
        MaxResponseSizeMB = maxResponseSizeMB;
        AllowUnencryptedAuthentication = allowUnencryptedAuthentication;
        SkipCertificateCheck = skipCertificateCheck;
        UserAgent = userAgent ?? "RunAgents-PowerShell/" + ModuleInfo.Version;
    }

    /// <summary>The base URI of the platform.</summary>
    public Uri Uri { get; }

    /// <summary>
    /// The API generation the platform speaks, read from the URI's path as the RunAgents CLI does: <c>Namespaced</c> or
    /// <c>V1</c>. Text, so that ConvertTo-Json and Export-Csv write the name, not an enum's number.
    /// </summary>
    public string Generation => Api.ToString();

    /// <summary>The workspace named in a v1 URI (<c>/api/v1/workspaces/{workspace}</c>), if any.</summary>
    public string? Workspace { get; }

    /// <summary>A masked hint of the key, such as <c>****a1b2</c>.</summary>
    public string KeyHint => Key.Hint;

    /// <summary>Where the URI came from: Parameter, Environment, ConfigFile or Default (text, as <see cref="Generation"/>).</summary>
    public string UriSource => UriFrom.ToString();

    /// <summary>Where the key came from: Parameter, Environment, ConfigFile or Default (text, as <see cref="Generation"/>).</summary>
    public string KeySource => KeyFrom.ToString();

    /// <summary>The header the key is sent in: <c>Authorization</c> (bearer) or <c>X-RunAgents-API-Key</c> (workspace key).</summary>
    public string AuthenticationHeader => Key.HeaderName;

    /// <summary>How many times GET and DELETE are retried on 429, 502, 503, 504 and connection failures.</summary>
    public int MaxRetryCount { get; }

    /// <summary>How long each request may wait for the service in all (its answer, then its body), in seconds.</summary>
    public int TimeoutSec { get; }

    /// <summary>The largest answer the module reads, in megabytes (for a streamed list: the largest agent in it).</summary>
    public int MaxResponseSizeMB { get; }

    /// <summary>True when the key may travel over plain http to a host that is not this machine.</summary>
    public bool AllowUnencryptedAuthentication { get; }

    /// <summary>True when server certificates are not validated.</summary>
    public bool SkipCertificateCheck { get; }

    /// <summary>The User-Agent header sent with every request.</summary>
    public string UserAgent { get; }

    /// <summary>The key requests are sent with; replaced only by <see cref="UseKey"/> (a rotation with -UpdateConnection).</summary>
    internal ApiKey Key => Volatile.Read(ref _key);

    /// <summary>The API generation the platform speaks.</summary>
    internal ApiGeneration Api { get; }

    /// <summary>Where the URI came from.</summary>
    internal SettingSource UriFrom { get; }

    /// <summary>Where the key came from.</summary>
    internal SettingSource KeyFrom => _keyFrom;

    /// <summary>The HTTP transport of this connection, made on first use so that connecting costs nothing.</summary>
    internal ApiTransport Transport
    {
        get
        {
            var transport = Volatile.Read(ref _transport);
            if (transport is not null)
            {
                return transport;
            }

            var created = new ApiTransport(this, null, null);
            transport = Interlocked.CompareExchange(ref _transport, created, null);
            if (transport is null)
            {
                return created;
            }

            created.Dispose();
            return transport;
        }
    }

    /// <summary>The Agents API of this connection.</summary>
    internal RunAgentsClient Client => new(Transport);

    /// <summary>The Deploy API of this connection.</summary>
    internal DeployApi Deploy => new(Transport);

    /// <summary>The access requests of this connection.</summary>
    internal AccessRequestsApi AccessRequests => new(Transport);

    /// <summary>The runs of this connection.</summary>
    internal RunsApi Runs => new(Transport);

    /// <summary>The tools, model providers, policies and identity providers of this connection.</summary>
    internal CatalogApi Catalog => new(Transport);

    /// <summary>
    /// Sends every later request of this connection (and of every object that remembers it) with <paramref name="key"/>:
    /// the new token of the key it used, after a rotation. The key then counts as given by parameter.
    /// </summary>
    internal void UseKey(ApiKey key)
    {
        Volatile.Write(ref _key, key);
        _keyFrom = SettingSource.Parameter;
    }

    /// <summary>A connection to the same platform, with the same settings, that sends <paramref name="key"/> (given by parameter).</summary>
    internal RAConnection WithKey(ApiKey key) => new(
        Uri, key, UriFrom, SettingSource.Parameter, MaxRetryCount, TimeoutSec, AllowUnencryptedAuthentication, SkipCertificateCheck, UserAgent, MaxResponseSizeMB);

    /// <summary>True when this connection would send the same key to the same place as <paramref name="other"/>.</summary>
    internal bool SameTarget(RAConnection other) =>
        Uri == other.Uri && Key.HeaderValue == other.Key.HeaderValue && UriFrom == other.UriFrom && KeyFrom == other.KeyFrom;

    /// <summary>
    /// Whether this platform finds an agent by its name alone (v1), so a namespace is optional; the namespaced API puts
    /// the namespace in every agent's path. The one place that decides it.
    /// </summary>
    internal bool FindsAgentsByName => Api == ApiGeneration.V1;

    /// <summary>Which API this connection speaks, in words: <c>the v1 API, workspace 'revops'</c>.</summary>
    internal string ApiDescription => Api == ApiGeneration.V1
        ? Workspace is null ? "the v1 API" : $"the v1 API, workspace '{Workspace}'"
        : "the namespaced API";

    /// <summary>The URI and the masked key hint.</summary>
    public override string ToString() => $"{Uri} ({KeyHint})";

    /// <summary>True for a host on this machine, where plain http cannot be overheard.</summary>
    internal static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));

    private static Uri Normalize(Uri uri, bool allowUnencrypted)
    {
        if (uri is null || !uri.IsAbsoluteUri)
        {
            throw new ArgumentException($"'{uri}' is not an absolute URI; give one such as {DefaultUri}.");
        }

        // Checked first and never echoed: user information in a URI may be a password or a key.
        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new ArgumentException($"The URI of '{uri.Host}' must not carry user information, a query or a fragment.");
        }

        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"'{uri}' is not an http or https URI.");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !allowUnencrypted && !IsLoopback(uri))
        {
            throw new InsecureEndpointException(uri);
        }

        // A base URI without a trailing slash would lose its last segment when a relative path is added.
        return uri.AbsolutePath.EndsWith("/", StringComparison.Ordinal) ? uri : new Uri(uri.AbsoluteUri + "/");
    }
}

/// <summary>Thrown when the key would travel over plain http to another machine.</summary>
public sealed class InsecureEndpointException : ArgumentException
{
    internal InsecureEndpointException(Uri uri)
        : base($"Refusing to send the API key over unencrypted http to '{uri.Host}'. Use https, or pass -AllowUnencryptedAuthentication if you accept that anyone on the network can read the key.")
    {
    }
}
