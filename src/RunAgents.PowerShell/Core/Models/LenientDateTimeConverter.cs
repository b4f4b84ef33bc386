using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RunAgents.PowerShell.Models;

/// <summary>Reads an RFC 3339 time as a UTC <see cref="DateTimeOffset"/>; an empty or unreadable time is null rather than a failed answer.</summary>
/// <remarks>
/// Every time of the models is a <see cref="DateTimeOffset"/>, not a <see cref="DateTime"/>: DateTime compares ticks and
/// ignores its kind, so a UTC time against <c>(Get-Date)</c> was off by the local offset (an hour-old run "newer than ten
/// minutes ago" in New York). A DateTimeOffset compares instants, and PowerShell converts the other side of
/// <c>Where-Object CreatedAt -gt (Get-Date)...</c> to one by its kind. The offset is always zero, so that a time reads the
/// same in every view and export (table, list, CSV, JSON), on every machine, as the platform wrote it; the offset shown
/// beside it says which clock it is, and <c>.LocalDateTime</c> gives the local one. Local offsets would change what a CSV
/// or a log says with the zone of whoever wrote it.
/// </remarks>
internal sealed class LenientDateTimeConverter : JsonConverter<DateTimeOffset?>
{
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        // Servers write their times in more ways than RFC 3339 allows (a space for the T, no zone, nine digits of
        // fraction, an HTTP date); a time without a zone is taken as UTC, as the platform means it.
        return DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : null;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is DateTimeOffset time)
        {
            writer.WriteStringValue(time.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
