using System.Globalization;
using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>POST /api/deploy and v1 POST /deploy: creates or updates an agent, Pending until the deploy delay has passed.</summary>
internal sealed class DeployEndpoint(MockState state) : IApiEndpoint
{
    private const string DefaultNamespace = "default";
    private const string Registry = "registry.runagents.io";

    // Builds keep counting across resets, like journal sequences, so every image is new.
    private long _lastBuild;

    /// <summary>Validates, stores the agent and its new tools, and schedules the agent's coming up.</summary>
    public async Task HandleAsync(ApiExchange exchange, ApiCall call)
    {
        if (call.Rest.Count != 0)
        {
            await exchange.RespondNotFoundAsync();
            return;
        }

        if (!HttpMethods.IsPost(exchange.Context.Request.Method))
        {
            await exchange.RespondMethodNotAllowedAsync("POST");
            return;
        }

        DeployRequest request;
        try
        {
            request = DeployRequest.Parse(exchange.Body, call.Generation);
        }
        catch (ArgumentException ex)
        {
            await exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, ex.Message);
            return;
        }

        IReadOnlyList<AgentKey> sameName = call.Generation == ApiGeneration.V1
            ? state.Agents.FindByName(request.AgentName).OrderBy(k => k.Namespace, StringComparer.Ordinal).ToList()
            : [];
        if (sameName.Count > 1 && !state.Behaviour.V1ResolvesFirst)
        {
            await exchange.RespondErrorAsync(StatusCodes.Status409Conflict, $"agent name {request.AgentName} is ambiguous");
            return;
        }

        // On v1 a deploy updates the agent of that name wherever it lives; a new one goes to the default namespace.
        AgentKey key = sameName.Count >= 1 ? sameName[0] : new AgentKey(request.Namespace ?? DefaultNamespace, request.AgentName);
        var answer = new JsonObject
        {
            ["agent"] = key.Name,
            ["namespace"] = key.Namespace,
            ["tools_created"] = new JsonArray(request.ToolsToCreate.Select(t => (JsonNode)JsonRead.String(t, "name")!).ToArray()),
        };
        string image = request.HasSourceFiles ? Build(request, key, answer) : PrebuiltImage(request, key);

        state.Catalog.Tools.Put(request.ToolsToCreate.Select(ToTool));
        StoredAgent stored = state.Agents.PutOne(key, request.ToAgent(key, image));
        PhaseStep ready = request.Image?.Contains("fail", StringComparison.OrdinalIgnoreCase) == true
            ? new PhaseStep("Failed", $"Back-off pulling image \"{image}\": image not found")
            : new PhaseStep("Running", string.Empty);
        state.Scheduler.After(state.Delays.DeployReadyMs, () => state.Agents.SetStatusIf(key, stored, ready));
        await exchange.RespondJsonAsync(StatusCodes.Status201Created, answer);
    }

    private string Build(DeployRequest request, AgentKey key, JsonObject answer)
    {
        string buildId = "build-" + Interlocked.Increment(ref _lastBuild).ToString(CultureInfo.InvariantCulture);
        string image = $"{Registry}/{key.Name}:{buildId}";
        string? framework = JsonRead.String(request.Body, "framework");
        answer["build_id"] = buildId;
        answer["image_uri"] = image;
        answer["build_required"] = true;
        answer["execution_mode"] = "FAST_OVERLAY";
        answer["build_profile"] = framework is null ? "python" : "python-" + framework;
        answer["decision_reason"] = "source files changed: overlaying them on the cached runtime image";
        return image;
    }

    private static string PrebuiltImage(DeployRequest request, AgentKey key) =>
        request.Image is { Length: > 0 } image ? image
        : JsonRead.String(request.Body, "artifact_id") is { Length: > 0 } artifact ? $"{Registry}/artifacts/{artifact}"
        : $"{Registry}/{key.Name}:draft-{JsonRead.String(request.Body, "draft_id")}";

    private static JsonObject ToTool(JsonObject tool) => Catalog.Tool(
        JsonRead.String(tool, "name")!,
        JsonRead.String(tool, "base_url")!,
        JsonRead.String(tool, "description"),
        JsonRead.String(tool, "auth_type") ?? "None",
        tool["port"] is JsonValue port && port.TryGetValue(out int number) ? number : 443,
        JsonRead.String(tool, "scheme") ?? "HTTPS");
}
