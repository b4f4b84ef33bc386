using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>Tolerant access to agent documents, which may have any shape.</summary>
internal static class AgentJson
{
    /// <summary>Reads namespace and name, or throws when either is not a string.</summary>
    public static AgentKey GetKey(JsonObject agent)
    {
        string? ns = JsonRead.String(agent, "namespace");
        string? name = JsonRead.String(agent, "name");
        if (ns is null || name is null)
        {
            throw new ArgumentException("an agent needs string \"namespace\" and \"name\" fields");
        }

        return new AgentKey(ns, name);
    }

    /// <summary>Parses one agent object or an array of them; throws ArgumentException on anything else.</summary>
    public static IReadOnlyList<JsonObject> ParseMany(string json) => JsonRead.Objects(json, "agent");

    /// <summary>status.phase when it is a string.</summary>
    public static string? GetPhase(JsonObject agent) => JsonRead.String(agent["status"] as JsonObject, "phase");

    /// <summary>A detached copy of spec.llmConfig.model, whatever its type.</summary>
    public static JsonNode? GetModel(JsonObject agent) =>
        ((agent["spec"] as JsonObject)?["llmConfig"] as JsonObject)?["model"]?.DeepClone();

    /// <summary>The names in spec.requiredTools, whether given as {"name": ...} objects or as strings.</summary>
    public static IEnumerable<string> GetToolNames(JsonObject agent) =>
        ((agent["spec"] as JsonObject)?["requiredTools"] as JsonArray ?? [])
            .Select(t => t is JsonObject tool ? JsonRead.String(tool, "name") : t is JsonValue v && v.TryGetValue(out string? text) ? text : null)
            .OfType<string>();

    /// <summary>The names in spec.policies: the policies the agent is bound to.</summary>
    public static IReadOnlyList<string> GetPolicies(JsonObject agent) => JsonRead.Strings((agent["spec"] as JsonObject)?["policies"]);

    /// <summary>Sets status.phase and status.message, keeping any other status fields.</summary>
    public static void ApplyStep(JsonObject agent, PhaseStep step)
    {
        if (agent["status"] is JsonObject status)
        {
            status["phase"] = step.Phase;
            status["message"] = step.Message;
        }
        else
        {
            agent["status"] = new JsonObject { ["phase"] = step.Phase, ["message"] = step.Message };
        }
    }
}
