using System;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>The parameters of New-RAIdentityProvider and Set-RAIdentityProvider, where each goes in the document, and the fields every identity provider needs.</summary>
public abstract class IdentityProviderDocumentCommand : WriteResourceCommand<IdentityProvider>
{
    /// <summary>
    /// The host the agents' users call, whose requests the provider authenticates (<c>spec.host</c>); named HostName
    /// because a parameter called Host would hide the cmdlet's host.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HostName { get; set; }

    /// <summary>The issuer of the users' tokens (their <c>iss</c> claim): an absolute https URL.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Issuer { get; set; }

    /// <summary>Where the issuer publishes the keys that sign its tokens: an absolute https URL.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? JwksUri { get; set; }

    /// <summary>The audiences a token may name (its <c>aud</c> claim); they replace the ones the provider has.</summary>
    [Parameter]
    [ValidateNotNull]
    [AllowEmptyCollection]
    public string[]? Audience { get; set; }

    /// <summary>The claim that names the user, such as <c>email</c> or <c>sub</c>.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? UserIdClaim { get; set; }

    /// <summary>The e-mail domains whose users may call; they replace the ones the provider has. None: any domain.</summary>
    [Parameter]
    [ValidateNotNull]
    [AllowEmptyCollection]
    public string[]? AllowedDomain { get; set; }

    /// <inheritdoc/>
    private protected override ResourceKind Kind => IdentityProviderKind.Kind;

    /// <inheritdoc/>
    private protected override void Apply(JsonObject body)
    {
        var spec = Obj(body, "spec");
        if (HostName is not null)
        {
            if (HostName.IndexOf("://", StringComparison.Ordinal) >= 0 || HostName.IndexOf('/') >= 0 || HostName.Any(char.IsWhiteSpace))
            {
                throw new ArgumentException($"-HostName '{ServerText.Clean(HostName)}' must be a host name alone, such as agents.example.com: no scheme, path or spaces.");
            }

            spec["host"] = HostName;
        }

        if (Issuer is not null)
        {
            Obj(spec, "identityProvider")["issuer"] = Https(Issuer, "-Issuer", "https://accounts.google.com");
        }

        if (JwksUri is not null)
        {
            Obj(spec, "identityProvider")["jwksUri"] = Https(JwksUri, "-JwksUri", "https://www.googleapis.com/oauth2/v3/certs");
        }

        if (Audience is not null)
        {
            Obj(spec, "identityProvider")["audiences"] = Array(Audience, "-Audience");
        }

        if (UserIdClaim is not null)
        {
            spec["userIDClaim"] = UserIdClaim;
        }

        if (AllowedDomain is not null)
        {
            spec["allowedDomains"] = Array(AllowedDomain, "-AllowedDomain");
        }
    }

    /// <inheritdoc/>
    /// <remarks>The fields the platform needs (the CLI checks the same four): a provider without them would let no user in, or any.</remarks>
    private protected override void Check(JsonObject body)
    {
        var name = ServerText.Clean(Text(body["name"]));
        var spec = (JsonObject)body["spec"]!;
        var missing = new[]
        {
            (Text(spec["host"]), "-HostName (spec.host)"),
            (Text(At(spec, "identityProvider", "issuer")), "-Issuer (spec.identityProvider.issuer)"),
            (Text(At(spec, "identityProvider", "jwksUri")), "-JwksUri (spec.identityProvider.jwksUri)"),
            (Text(spec["userIDClaim"]), "-UserIdClaim (spec.userIDClaim)"),
        }.Where(f => string.IsNullOrEmpty(f.Item1)).Select(f => f.Item2).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"The identity provider '{name}' lacks {string.Join(", ", missing)}: an identity provider needs a host, an issuer, the issuer's key set (jwksUri) and the claim that names the user.");
        }

        foreach (var (field, value) in new[] { ("issuer", Text(At(spec, "identityProvider", "issuer"))), ("jwksUri", Text(At(spec, "identityProvider", "jwksUri"))) })
        {
            if (!(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"The {field} '{ServerText.Clean(value)}' of identity provider '{name}' must be an absolute https URL.");
            }
        }
    }

    private static string Https(Uri uri, string parameter, string example)
    {
        if (!uri.IsAbsoluteUri || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"{parameter} '{ServerText.Clean(uri.OriginalString)}' must be an absolute https URL, such as {example}: tokens and keys are trusted only over https.");
        }

        return uri.OriginalString;
    }

    private static JsonArray Array(string[] values, string parameter)
    {
        if (values.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"{parameter} cannot hold an empty value.");
        }

        return new JsonArray(values.Distinct(StringComparer.Ordinal).Select(v => (JsonNode?)v).ToArray());
    }

    private static JsonNode? At(JsonNode? node, params string[] path)
    {
        foreach (var field in path)
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(field, out var next) ? next : null;
        }

        return node;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static JsonObject Obj(JsonObject parent, string field)
    {
        if (parent[field] is not JsonObject child)
        {
            child = new JsonObject();
            parent[field] = child;
        }

        return child;
    }
}
