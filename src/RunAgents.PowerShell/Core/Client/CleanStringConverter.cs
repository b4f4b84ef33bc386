using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// Reads every string of the API's objects, dictionary keys included, through <see cref="ServerText.Clean(string?)"/>:
/// one place that keeps control characters from the server out of every model, those added later too.
/// </summary>
internal sealed class CleanStringConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? ServerText.Clean(reader.GetString())
            : throw new JsonException();

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ServerText.Clean(reader.GetString())!;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);
}
