using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>An agent held either as its UTF-8 JSON or as a JsonObject; parsing waits until something needs the tree.</summary>
/// <remarks>Generated seeds stay as bytes, which roughly halves the memory of 100,000 agents; anything edited becomes a JsonObject.</remarks>
internal sealed class StoredAgent
{
    private byte[]? _utf8;
    private JsonObject? _node;

    /// <summary>Wraps a tree (agents put by tests, demo agents).</summary>
    public StoredAgent(JsonObject node) => _node = node;

    /// <summary>Wraps serialized JSON that is known to be an object.</summary>
    public StoredAgent(byte[] utf8) => _utf8 = utf8;

    /// <summary>The tree, parsed and kept on first use so edits stick.</summary>
    public JsonObject Node => _node ??= ParseAndForgetBytes();

    /// <summary>A read-only view: the kept tree, or a throwaway parse that does not grow memory.</summary>
    public JsonObject View => _node ?? JsonNode.Parse(_utf8)!.AsObject();

    /// <summary>The document as UTF-8.</summary>
    public byte[] ToUtf8() => _utf8 ?? MockJson.ToUtf8(_node);

    /// <summary>Writes the document into a larger JSON value.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        if (_utf8 is not null)
        {
            writer.WriteRawValue(_utf8, skipInputValidation: true);
        }
        else
        {
            _node!.WriteTo(writer);
        }
    }

    private JsonObject ParseAndForgetBytes()
    {
        JsonObject node = JsonNode.Parse(_utf8)!.AsObject();
        _utf8 = null;
        return node;
    }
}
