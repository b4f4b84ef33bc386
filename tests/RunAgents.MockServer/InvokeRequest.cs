using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>What the mock agent understands of an invoke body.</summary>
/// <param name="Message">The "message" field (JSON text if it is not a string), or empty.</param>
/// <param name="ConversationId">A detached copy of "conversation_id", or null.</param>
/// <param name="Received">The body as JSON, or as a JSON string when it is not JSON.</param>
internal sealed record InvokeRequest(string Message, JsonNode? ConversationId, JsonNode? Received)
{
    /// <summary>Interprets a request body; never throws.</summary>
    public static InvokeRequest Parse(string body)
    {
        JsonNode? received;
        try
        {
            received = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return new InvokeRequest(string.Empty, null, JsonValue.Create(body));
        }

        if (received is not JsonObject obj)
        {
            return new InvokeRequest(string.Empty, null, received);
        }

        string message = obj["message"] switch
        {
            null => string.Empty,
            JsonValue value when value.TryGetValue(out string? text) => text,
            JsonNode other => other.ToJsonString(),
        };
        return new InvokeRequest(message, obj["conversation_id"]?.DeepClone(), received);
    }
}
