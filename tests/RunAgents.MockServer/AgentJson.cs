using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>Tolerant access to agent documents, which may have any shape.</summary>
internal static class AgentJson
{
    /// <summary>Reads namespace and name, or throws when either is not a string.</summary>
    public static AgentKey GetKey(JsonObject agent)
    {
        string? ns = GetString(agent, "namespace");
        string? name = GetString(agent, "name");
        if (ns is null || name is null)
        {
            throw new ArgumentException("an agent needs string \"namespace\" and \"name\" fields");
        }

        return new AgentKey(ns, name);
    }

    /// <summary>Parses one agent object or an array of them; throws ArgumentException on anything else.</summary>
    public static IReadOnlyList<JsonObject> ParseMany(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"invalid JSON: {ex.Message}", ex);
        }

        return root switch
        {
            JsonObject single => [single],
            // Detach from the array so each agent can live on its own.
            JsonArray array => array
                .Select(n => (n as JsonObject ?? throw new ArgumentException("every agent must be a JSON object")).DeepClone().AsObject())
                .ToArray(),
            _ => throw new ArgumentException("expected an agent object or an array of agents"),
        };
    }

    /// <summary>status.phase when it is a string.</summary>
    public static string? GetPhase(JsonObject agent) => GetString(agent["status"] as JsonObject, "phase");

    /// <summary>A detached copy of spec.llmConfig.model, whatever its type.</summary>
    public static JsonNode? GetModel(JsonObject agent) =>
        ((agent["spec"] as JsonObject)?["llmConfig"] as JsonObject)?["model"]?.DeepClone();

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

    private static string? GetString(JsonObject? obj, string property) =>
        obj?[property] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
