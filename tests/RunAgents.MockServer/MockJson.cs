using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>Shared JSON settings and helpers.</summary>
internal static class MockJson
{
    // Relaxed escaping keeps names with '<', '&' or non-ASCII readable in journals and echoes.
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>camelCase options used by the control API.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>snake_case options for the platform objects the mock models as classes (access requests, runs, events).</summary>
    public static JsonSerializerOptions SnakeCase { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The media type of every JSON answer.</summary>
    public const string ContentType = "application/json";

    /// <summary>Creates a writer with the shared escaping rules.</summary>
    public static Utf8JsonWriter CreateWriter(IBufferWriter<byte> output) => new(output, s_writerOptions);

    /// <summary>Serializes a node (or JSON null) to UTF-8.</summary>
    public static byte[] ToUtf8(JsonNode? node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (Utf8JsonWriter writer = CreateWriter(buffer))
        {
            if (node is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                node.WriteTo(writer);
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Serializes a value with the control API options.</summary>
    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <summary>Builds the API's error body: {"error":"..."}.</summary>
    public static byte[] Error(string message) => ToUtf8(new JsonObject { ["error"] = message });
}
