using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>The parameters of New-RAModelProvider and Set-RAModelProvider, where each goes in the provider's document, and the warning of a model two providers list.</summary>
/// <remarks>
/// The API takes no key for a model provider: its spec names a secret stored on the platform already
/// (<c>auth.apiKeyConfig.secretRef.name</c>, <c>auth.awsConfig.credentialsSecretRef.name</c>), so no parameter takes one.
/// </remarks>
public abstract class ModelProviderDocumentCommand : WriteResourceCommand<ModelProvider>
{
    /// <summary>The kind of provider, which says how the gateway talks to it.</summary>
    [Parameter]
    [ValidateSet("OpenAI", "Anthropic", "Bedrock", "Ollama")]
    public string? Provider { get; set; }

    /// <summary>The provider's API endpoint: an absolute http or https URL.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Endpoint { get; set; }

    /// <summary>The models the provider serves; the gateway sends a call for one of them to this provider.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Model { get; set; }

    /// <summary>How the gateway authenticates to the provider.</summary>
    [Parameter]
    [ValidateSet("APIKey", "AWSSignature", "OAuth2", "None")]
    public string? AuthType { get; set; }

    /// <summary>With -AuthType APIKey: the name of the secret stored on the platform that holds the provider's key.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SecretName { get; set; }

    /// <summary>With -AuthType APIKey: the header the key goes in; <c>Authorization</c> unless given (<c>x-api-key</c> for Anthropic).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ApiKeyHeader { get; set; }

    /// <summary>With -AuthType APIKey: what goes before the key in the header; <c>Bearer </c> for the Authorization header unless given.</summary>
    [Parameter]
    [AllowEmptyString]
    [ValidateNotNull]
    public string? ApiKeyPrefix { get; set; }

    /// <summary>With -AuthType AWSSignature: the AWS region of the Bedrock endpoint.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AwsRegion { get; set; }

    /// <summary>With -AuthType AWSSignature: the name of the secret stored on the platform that holds the AWS credentials.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AwsSecretName { get; set; }

    /// <summary>The most requests a minute the gateway sends to the provider.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int RequestsPerMinute { get; set; }

    /// <inheritdoc/>
    private protected override ResourceKind Kind => ModelProviderKind.Kind;

    /// <inheritdoc/>
    private protected override void Apply(JsonObject body)
    {
        var apiKeyGiven = SecretName is not null || ApiKeyHeader is not null || ApiKeyPrefix is not null;
        var awsGiven = AwsRegion is not null || AwsSecretName is not null;
        if (apiKeyGiven && AuthType is not null and not "APIKey")
        {
            throw new ArgumentException($"-SecretName, -ApiKeyHeader and -ApiKeyPrefix are for -AuthType APIKey, not {AuthType}.");
        }

        if (awsGiven && AuthType is not null and not "AWSSignature")
        {
            throw new ArgumentException($"-AwsRegion and -AwsSecretName are for -AuthType AWSSignature, not {AuthType}.");
        }

        if (apiKeyGiven && awsGiven)
        {
            throw new ArgumentException("Give the parameters of one way to authenticate: -SecretName, -ApiKeyHeader and -ApiKeyPrefix (APIKey), or -AwsRegion and -AwsSecretName (AWSSignature).");
        }

        var spec = Obj(body, "spec");
        if (Provider is not null)
        {
            spec["provider"] = Provider.ToLowerInvariant();
        }

        if (Endpoint is not null)
        {
            if (!IsHttp(Endpoint))
            {
                throw new ArgumentException($"-Endpoint '{ServerText.Clean(Endpoint.OriginalString)}' must be an absolute http or https URL, such as https://api.openai.com/v1.");
            }

            spec["endpoint"] = Endpoint.OriginalString;
        }

        if (Model is not null)
        {
            spec["models"] = new JsonArray(Model.Distinct(StringComparer.Ordinal).Select(m => (JsonNode?)m).ToArray());
        }

        if (MyInvocation.BoundParameters.ContainsKey(nameof(RequestsPerMinute)))
        {
            Obj(spec, "rateLimit")["requestsPerMinute"] = RequestsPerMinute;
        }

        var type = AuthType ?? (apiKeyGiven ? "APIKey" : awsGiven ? "AWSSignature" : null);
        if (type is null)
        {
            return;
        }

        var auth = Obj(spec, "auth");
        auth["type"] = type;
        if (type == "APIKey")
        {
            // The key itself stays on the platform, in the secret named here: the API has no field that takes it.
            var config = Obj(auth, "apiKeyConfig");
            if (SecretName is not null)
            {
                Obj(config, "secretRef")["name"] = SecretName;
            }

            if (!config.ContainsKey("in"))
            {
                config["in"] = "Header";
            }

            var anthropic = string.Equals(Text(spec["provider"]), "anthropic", StringComparison.OrdinalIgnoreCase);
            if (ApiKeyHeader is not null)
            {
                config["name"] = ApiKeyHeader;
            }
            else if (!config.ContainsKey("name"))
            {
                config["name"] = anthropic ? "x-api-key" : "Authorization";
            }

            if (ApiKeyPrefix is not null)
            {
                config["valuePrefix"] = ApiKeyPrefix;
            }
            else if (!config.ContainsKey("valuePrefix") && string.Equals(Text(config["name"]), "Authorization", StringComparison.OrdinalIgnoreCase))
            {
                config["valuePrefix"] = "Bearer ";
            }
        }
        else if (type == "AWSSignature")
        {
            var config = Obj(auth, "awsConfig");
            if (AwsRegion is not null)
            {
                config["region"] = AwsRegion;
            }

            if (AwsSecretName is not null)
            {
                Obj(config, "credentialsSecretRef")["name"] = AwsSecretName;
            }
        }
    }

    /// <inheritdoc/>
    private protected override void Check(JsonObject body)
    {
        var name = ServerText.Clean(Text(body["name"]));
        var spec = (JsonObject)body["spec"]!;
        if (spec["provider"] is null)
        {
            throw new ArgumentException($"The model provider '{name}' has no provider: give -Provider (or spec.provider), one of openai, anthropic, bedrock or ollama.");
        }

        switch (spec["endpoint"])
        {
            case null:
                throw new ArgumentException($"The model provider '{name}' has no endpoint: give -Endpoint (or spec.endpoint), the provider's API URL.");
            case JsonValue value when Text(value) is string text && !(Uri.TryCreate(text, UriKind.Absolute, out var uri) && IsHttp(uri)):
                throw new ArgumentException($"The endpoint '{ServerText.Clean(text)}' of model provider '{name}' must be an absolute http or https URL.");
        }

        if (Models(body).Count == 0)
        {
            throw new ArgumentException($"The model provider '{name}' lists no models: give -Model (or spec.models). The gateway sends a call to the provider that lists its model.");
        }

        if (spec["auth"] is JsonObject auth && Text(auth["type"]) == "APIKey" && Text(At(auth, "apiKeyConfig", "secretRef", "name")) is null)
        {
            throw new ArgumentException($"The model provider '{name}' authenticates with an API key, but names no secret that holds it: give -SecretName (or spec.auth.apiKeyConfig.secretRef.name). The API takes no key itself: the secret must be stored on the platform already.");
        }
    }

    /// <summary>Warns of each other provider that lists one of the models: the gateway picks a provider by the model's name alone.</summary>
    private protected override void BeforeWrite(JsonObject body, RAConnection connection)
    {
        var models = Models(body);
        var name = Text(body["name"]);
        List<ModelProvider> all;
        try
        {
            all = Await(Api(connection).ListAsync(Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteWarning($"Cannot tell whether another model provider lists the models of {Target(name ?? string.Empty)}: {e.Message}");
            return;
        }

        foreach (var other in all.Where(p => !string.Equals(p.Name, name, StringComparison.Ordinal)))
        {
            var shared = models.Where(m => other.Models.Contains(m, StringComparer.OrdinalIgnoreCase)).ToList();
            if (shared.Count > 0)
            {
                var listed = string.Join(", ", shared.Select(m => $"'{ServerText.Clean(m)}'"));
                WriteWarning($"The model provider '{other.Name}' lists {(shared.Count == 1 ? "the model" : "the models")} {listed} too. The gateway picks a provider by the model's name alone, so calls to {(shared.Count == 1 ? "it" : "them")} could go to either provider; list each model under one provider.");
            }
        }
    }

    private static List<string> Models(JsonObject body) =>
        (At(body, "spec", "models") as JsonArray)?.Select(Text).OfType<string>().Where(m => m.Length > 0).ToList() ?? new List<string>();

    /// <summary>The node at a path of fields, or null where a field is missing or not an object.</summary>
    private static JsonNode? At(JsonNode? node, params string[] path)
    {
        foreach (var field in path)
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(field, out var next) ? next : null;
        }

        return node;
    }

    private static bool IsHttp(Uri uri) => uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

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
