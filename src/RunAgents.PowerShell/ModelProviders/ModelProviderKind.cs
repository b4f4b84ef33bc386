using System.Text.Json.Nodes;

namespace RunAgents.PowerShell.Client;

/// <summary>Model providers: what the module knows of them as a named resource (<c>/api/model-providers</c>, <c>/model-providers</c> on v1).</summary>
internal static class ModelProviderKind
{
    /// <summary>The descriptor of model providers.</summary>
    public static ResourceKind Kind { get; } = new()
    {
        Noun = "model provider",
        Id = "ModelProvider",
        List = ApiOperation.ListModelProviders,
        Get = ApiOperation.GetModelProvider,
        Create = ApiOperation.UpsertModelProvider,
        Delete = ApiOperation.DeleteModelProvider,
        CreateReplaces = true,

        // The contract's fields, then the flat base_url of some servers' answers.
        SpecFields = new[] { "provider", "endpoint", "models", "auth", "rateLimit", "base_url" },
        ToContract = ToContract,
    };

    private static void ToContract(JsonObject spec)
    {
        if (spec.TryGetPropertyValue("base_url", out var url))
        {
            spec.Remove("base_url");
            if (!spec.ContainsKey("endpoint"))
            {
                spec["endpoint"] = url;
            }
        }
    }
}
