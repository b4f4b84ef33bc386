using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RunAgents.PowerShell.Models;

/// <summary>Reads an RFC 3339 time as UTC; an empty or unreadable time is null rather than a failed answer.</summary>
internal sealed class LenientDateTimeConverter : JsonConverter<DateTime?>
{
    public override DateTime? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        return DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.UtcDateTime
            : null;
    }

    public override void Write(Utf8JsonWriter writer, DateTime? value, JsonSerializerOptions options)
    {
        if (value is DateTime time)
        {
            writer.WriteStringValue(time.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
