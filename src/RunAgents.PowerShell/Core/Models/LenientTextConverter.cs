using System;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Models;

/// <summary>
/// Reads a field the API documents as text whatever kind of JSON value a server sends in its place: a number or a
/// boolean as its JSON text, an object or an array as nothing. A field read this way never fails the whole answer.
/// </summary>
internal sealed class LenientTextConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return ServerText.Clean(reader.GetString());
            case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                return Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray());
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}
