namespace RunAgents.PowerShell.Models;

/// <summary>A model provider: an LLM endpoint, the models it serves, and how the platform's gateway authenticates to it.</summary>
public sealed class ModelProvider : NamedResource
{
    /// <summary>The kind of provider: openai, anthropic, bedrock or ollama.</summary>
    public string? Provider => Text("spec", "provider");

    /// <summary>The provider's endpoint.</summary>
    public string? Endpoint => Text("spec", "endpoint");

    /// <summary>The models it serves; its text is them joined by <c>", "</c>. The gateway routes a call to the provider that lists the model.</summary>
    public JoinedList<string> Models => Texts(new[] { "spec", "models" });

    /// <summary>How the gateway authenticates: APIKey, AWSSignature, OAuth2 or None.</summary>
    public string? AuthType => Text("spec", "auth", "type");

    /// <summary>The name of the stored secret that holds the provider's key.</summary>
    public string? SecretName => FirstText(new[] { "spec", "auth", "apiKeyConfig", "secretRef", "name" }, new[] { "spec", "auth", "awsConfig", "credentialsSecretRef", "name" });

    /// <summary>The most requests a minute the gateway sends to the provider.</summary>
    public long? RequestsPerMinute => Number("spec", "rateLimit", "requestsPerMinute");

    /// <summary>Pending, Available, Unavailable or Failed.</summary>
    public string? Phase => Text("status", "phase") ?? Text("status");

    /// <summary>What the platform says of the provider's status.</summary>
    public string? StatusMessage => Text("status", "message");
}
