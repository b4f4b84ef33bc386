using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Security;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>The parameters of New-RATool and Set-RATool, and where each goes in the tool's document.</summary>
public abstract class ToolDocumentCommand : WriteResourceCommand<Tool>
{
    private static readonly string[] s_capabilityFields = { "name", "method", "path", "description", "riskTags" };

    /// <summary>The tool's base URL: the platform matches agents' calls against it. Its port and scheme are set from it.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? BaseUrl { get; set; }

    /// <summary>Where the tool runs: External (the internet) or Internal (the cluster).</summary>
    [Parameter]
    [ValidateSet("External", "Internal")]
    public string? Topology { get; set; }

    /// <summary>What the tool is for.</summary>
    [Parameter]
    public string? Description { get; set; }

    /// <summary>How the platform authenticates to the tool.</summary>
    [Parameter]
    [ValidateSet("None", "APIKey", "OAuth2")]
    public string? AuthType { get; set; }

    /// <summary>With -AuthType APIKey: where the key goes, a Header or the Query.</summary>
    [Parameter]
    [ValidateSet("Header", "Query")]
    public string? ApiKeyIn { get; set; }

    /// <summary>With -AuthType APIKey: the header's or query parameter's name, such as <c>Authorization</c>.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ApiKeyName { get; set; }

    /// <summary>With -AuthType APIKey: what goes before the key, such as <c>Bearer </c>.</summary>
    [Parameter]
    public string? ApiKeyPrefix { get; set; }

    /// <summary>The tool's API key, which the platform stores as a secret; sent only when given, never shown.</summary>
    [Parameter]
    [ValidateNotNull]
    public SecureString? ApiKey { get; set; }

    /// <summary>The OAuth2 client id (user name) and secret (password), which the platform stores; sent only when given, never shown.</summary>
    [Parameter]
    [ValidateNotNull]
    [Credential]
    public PSCredential? OAuthClient { get; set; }

    /// <summary>With -AuthType OAuth2: where users authorize.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? AuthUrl { get; set; }

    /// <summary>With -AuthType OAuth2: where tokens are issued.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? TokenUrl { get; set; }

    /// <summary>With -AuthType OAuth2: the scopes to ask for.</summary>
    [Parameter]
    [ValidateNotNull]
    public string[]? Scope { get; set; }

    /// <summary>Who may call the tool: Open, Restricted or Critical.</summary>
    [Parameter]
    [ValidateSet("Open", "Restricted", "Critical")]
    public string? AccessMode { get; set; }

    /// <summary>The tool's capabilities: hashtables with name, method, path (<c>*</c> as a wildcard), description and riskTags.</summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable[]? Capability { get; set; }

    /// <summary>The tool's risk tags, which policies can match.</summary>
    [Parameter]
    [ValidateNotNull]
    public string[]? RiskTag { get; set; }

    /// <inheritdoc/>
    private protected override ResourceKind Kind => ToolKind.Kind;

    /// <inheritdoc/>
    private protected override void Apply(JsonObject body)
    {
        var spec = Obj(body, "spec");
        Set(spec, Description, "description");
        if (BaseUrl is not null)
        {
            if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttps && BaseUrl.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException($"-BaseUrl '{ServerText.Clean(BaseUrl.OriginalString)}' must be an absolute http or https URL, such as https://api.stripe.com.");
            }

            var connection = Obj(spec, "connection");
            connection["baseUrl"] = BaseUrl.OriginalString;
            connection["port"] = BaseUrl.Port;
            connection["scheme"] = BaseUrl.Scheme.ToUpperInvariant();
        }

        Set(spec, Topology, "connection", "topology");
        Set(spec, AuthType, "connection", "authentication", "type");
        Set(spec, ApiKeyIn, "connection", "authentication", "apiKeyConfig", "in");
        Set(spec, ApiKeyName, "connection", "authentication", "apiKeyConfig", "name");
        Set(spec, ApiKeyPrefix, "connection", "authentication", "apiKeyConfig", "valuePrefix");
        Set(spec, AuthUrl?.OriginalString, "connection", "authentication", "oauth2Config", "authUrl");
        Set(spec, TokenUrl?.OriginalString, "connection", "authentication", "oauth2Config", "tokenUrl");
        if (Scope is not null)
        {
            Obj(Obj(Obj(spec, "connection"), "authentication"), "oauth2Config")["scopes"] = new JsonArray(Scope.Select(s => (JsonNode?)s).ToArray());
        }

        Set(spec, AccessMode, "governance", "accessControl", "mode");
        if (Capability is not null)
        {
            spec["capabilities"] = new JsonArray(Capability.Select(CapabilityOf).ToArray<JsonNode?>());
        }

        if (RiskTag is not null)
        {
            spec["riskTags"] = new JsonArray(RiskTag.Select(t => (JsonNode?)t).ToArray());
        }

        if (ApiKey is not null)
        {
            Obj(body, "credentials")["api_key"] = Plain(ApiKey);
        }

        if (OAuthClient is not null)
        {
            var credentials = Obj(body, "credentials");
            credentials["client_id"] = OAuthClient.UserName;
            credentials["client_secret"] = Plain(OAuthClient.Password);
        }
    }

    /// <inheritdoc/>
    private protected override void Check(JsonObject body)
    {
        if ((body["spec"] as JsonObject)?["connection"]?["baseUrl"] is null)
        {
            throw new ArgumentException($"The tool '{body["name"]}' has no base URL: give -BaseUrl (or spec.connection.baseUrl). The platform matches agents' calls against it.");
        }
    }

    /// <summary>The object at a field of <paramref name="parent"/>, made when it is missing.</summary>
    private protected static JsonObject Obj(JsonObject parent, string field)
    {
        if (parent[field] is not JsonObject child)
        {
            child = new JsonObject();
            parent[field] = child;
        }

        return child;
    }

    /// <summary>Sets a text at a path of objects, when the text is given.</summary>
    private protected static void Set(JsonObject root, string? value, params string[] path)
    {
        if (value is null)
        {
            return;
        }

        var obj = root;
        for (var i = 0; i < path.Length - 1; i++)
        {
            obj = Obj(obj, path[i]);
        }

        obj[path[path.Length - 1]] = value;
    }

    private static JsonNode CapabilityOf(Hashtable capability)
    {
        var item = new JsonObject();
        foreach (DictionaryEntry entry in capability)
        {
            var key = entry.Key?.ToString() ?? string.Empty;
            var field = Array.Find(s_capabilityFields, f => string.Equals(f, key, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"-Capability has the field '{ServerText.Clean(key)}'; a capability takes {string.Join(", ", s_capabilityFields)}{(NearestName.Of(key, s_capabilityFields) is string meant ? $". Did you mean '{meant}'?" : ".")}");
            item[field] = field == "riskTags"
                ? new JsonArray(LanguagePrimitives.GetEnumerable(entry.Value)?.Cast<object?>().Select(t => (JsonNode?)t?.ToString()).ToArray() ?? new JsonNode?[] { entry.Value?.ToString() })
                : JsonValue.Create(entry.Value?.ToString());
        }

        if (item["name"] is null)
        {
            throw new ArgumentException("Each -Capability needs a name, such as @{ name = 'refund'; method = 'POST'; path = '/v1/refunds' }.");
        }

        return item;
    }

    private static string Plain(SecureString secret) => new NetworkCredential(string.Empty, secret).Password;
}
