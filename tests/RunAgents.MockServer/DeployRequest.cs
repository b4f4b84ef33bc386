using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>A deploy body, validated as the platform does (spec section 2); the messages of its ArgumentExceptions are the 400 texts.</summary>
internal sealed class DeployRequest
{
    private DeployRequest(JsonObject body, string agentName, string? ns)
    {
        Body = body;
        AgentName = agentName;
        Namespace = ns;
    }

    /// <summary>The body as sent.</summary>
    public JsonObject Body { get; }

    /// <summary>agent_name, without any namespace qualifier.</summary>
    public string AgentName { get; }

    /// <summary>The namespace asked for, if any.</summary>
    public string? Namespace { get; }

    /// <summary>A prebuilt image.</summary>
    public string? Image => JsonRead.String(Body, "image");

    /// <summary>Whether there is source to build.</summary>
    public bool HasSourceFiles => Body["source_files"] is JsonObject { Count: > 0 };

    /// <summary>The tools_to_create entries, each with a name and base_url.</summary>
    public IReadOnlyList<JsonObject> ToolsToCreate => (Body["tools_to_create"] as JsonArray ?? []).OfType<JsonObject>().ToArray();

    /// <summary>Validates a body; on v1 there are no namespaces to name (the mock refuses the field rather than guess).</summary>
    public static DeployRequest Parse(string text, ApiGeneration generation)
    {
        JsonObject body = JsonRead.OptionalObject(text) ?? throw new ArgumentException("invalid JSON body");
        string? name = JsonRead.String(body, "agent_name");
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("agent_name is required");
        }

        string? ns = JsonRead.String(body, "namespace");
        if (generation == ApiGeneration.V1 && body.ContainsKey("namespace"))
        {
            throw new ArgumentException("namespace is not part of a v1 deploy: the agent is addressed by name alone");
        }

        // "finance/payment-approver" names its namespace too; it must agree with "namespace" when both are given.
        int slash = name.IndexOf('/');
        if (generation == ApiGeneration.Namespaced && slash > 0)
        {
            string qualifier = name[..slash];
            if (ns is not null && ns != qualifier)
            {
                throw new ArgumentException($"namespace mismatch: agent_name is in \"{qualifier}\" but namespace is \"{ns}\"");
            }

            (ns, name) = (qualifier, name[(slash + 1)..]);
        }

        var request = new DeployRequest(body, name, ns);
        bool hasSource = !string.IsNullOrEmpty(request.Image) || request.HasSourceFiles
            || !string.IsNullOrEmpty(JsonRead.String(body, "artifact_id")) || !string.IsNullOrEmpty(JsonRead.String(body, "draft_id"));
        if (!hasSource)
        {
            throw new ArgumentException("either image or source_files is required");
        }

        if (body["tools_to_create"] is JsonArray tools
            && tools.Any(t => t is not JsonObject tool || string.IsNullOrWhiteSpace(JsonRead.String(tool, "name")) || string.IsNullOrWhiteSpace(JsonRead.String(tool, "base_url"))))
        {
            throw new ArgumentException("tool name and base_url are required");
        }

        return request;
    }

    /// <summary>The agent document the deploy stores, Pending, with <paramref name="image"/> as its image.</summary>
    public JsonObject ToAgent(AgentKey key, string image)
    {
        string[] tools = [.. JsonRead.Strings(Body["required_tools"]), .. ToolsToCreate.Select(t => JsonRead.String(t, "name")!)];
        var spec = new JsonObject
        {
            ["image"] = image,
            ["requiredTools"] = new JsonArray(tools.Distinct().Select(t => (JsonNode)new JsonObject { ["name"] = t }).ToArray()),
            ["env"] = Body["env"]?.DeepClone() ?? new JsonArray(),
        };

        // Only what the body gave: an agent deployed without a prompt or model has none, as on the platform.
        if (JsonRead.String(Body, "system_prompt") is string prompt)
        {
            spec["systemPrompt"] = prompt;
        }

        if ((Body["llm_configs"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault() is JsonObject llm)
        {
            spec["llmConfig"] = new JsonObject { ["provider"] = llm["provider"]?.DeepClone(), ["model"] = llm["model"]?.DeepClone() };
        }

        if (Body["policies"] is JsonArray policies)
        {
            spec["policies"] = policies.DeepClone();
        }

        var labels = new JsonObject();
        if (JsonRead.String(Body, "identity_provider") is string identityProvider)
        {
            labels["platform.ai/identity-provider"] = identityProvider;
        }

        return new JsonObject
        {
            ["name"] = key.Name,
            ["namespace"] = key.Namespace,
            ["labels"] = labels,
            ["spec"] = spec,
            ["status"] = new JsonObject { ["phase"] = "Pending", ["message"] = "Waiting for deployment to become available" },
        };
    }
}
