using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// A run, its events and its timeline as one JSON document in the shape of the official CLI's <c>runs export</c>
/// (<c>{run, events, timeline}</c>, the same keys, the same order, the same fields left out when empty), so that a
/// file from either reads the same way.
/// </summary>
/// <remarks>
/// The timeline's summaries are the module's own (<see cref="RunEvent.Summary"/>); the words may differ from the CLI's.
/// A run without events has one timeline entry that says its status, as the CLI writes it.
/// </remarks>
internal static class RunExport
{
    private static readonly JsonWriterOptions s_options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The document as UTF-8 bytes, without a byte order mark, ending in a new line.</summary>
    public static byte[] Write(Run run, IReadOnlyList<RunEvent> events)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("run");
            WriteRun(writer, run);
            writer.WriteStartArray("events");
            foreach (var item in events)
            {
                WriteEvent(writer, item);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("timeline");
            if (events.Count == 0)
            {
                writer.WriteStartObject();
                writer.WriteString("type", run.Status ?? string.Empty);
                writer.WriteString("summary", $"Run is currently {run.Status}");
                writer.WriteString("timestamp", Time(run.UpdatedAt ?? run.CreatedAt));
                writer.WriteEndObject();
            }

            foreach (var item in events)
            {
                writer.WriteStartObject();
                if (item.Sequence != 0)
                {
                    writer.WriteNumber("seq", item.Sequence);
                }

                writer.WriteString("type", item.Type ?? string.Empty);
                Optional(writer, "actor", item.Actor);
                writer.WriteString("summary", item.Summary ?? string.Empty);
                writer.WriteString("timestamp", Time(item.Timestamp));
                Data(writer, item.DataJson);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteRun(Utf8JsonWriter writer, Run run)
    {
        writer.WriteStartObject();
        writer.WriteString("id", run.Id);
        writer.WriteString("conversation_id", run.ConversationId ?? string.Empty);
        writer.WriteString("agent_id", run.Agent ?? string.Empty);
        Optional(writer, "agent_uid", Extra(run, "agent_uid"));
        writer.WriteString("namespace", run.Namespace ?? string.Empty);
        writer.WriteString("user_id", run.UserId ?? string.Empty);
        Optional(writer, "surface_turn_id", Extra(run, "surface_turn_id"));
        writer.WriteString("status", run.Status ?? string.Empty);
        Optional(writer, "blocked_action_id", run.BlockedActionId);
        Optional(writer, "initial_message", run.Message);
        Optional(writer, "invoke_url", run.InvokeUrl);
        writer.WriteString("created_at", Time(run.CreatedAt));
        writer.WriteString("updated_at", Time(run.UpdatedAt));
        writer.WriteEndObject();
    }

    private static void WriteEvent(Utf8JsonWriter writer, RunEvent item)
    {
        writer.WriteStartObject();
        writer.WriteString("event_id", item.EventId ?? string.Empty);
        writer.WriteString("run_id", item.RunId ?? string.Empty);
        writer.WriteNumber("seq", item.Sequence);
        writer.WriteString("type", item.Type ?? string.Empty);
        Optional(writer, "payload_hash", item.PayloadHash);
        Optional(writer, "actor", item.Actor);
        Data(writer, item.DataJson);
        writer.WriteString("timestamp", Time(item.Timestamp));
        writer.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }

    // An object with fields only, as the CLI keeps it (a map it leaves out when empty).
    private static void Data(Utf8JsonWriter writer, JsonElement data)
    {
        if (data.ValueKind == JsonValueKind.Object && data.EnumerateObject().GetEnumerator().MoveNext())
        {
            writer.WritePropertyName("data");
            data.WriteTo(writer);
        }
    }

    private static string? Extra(Run run, string name) =>
        run.ExtensionData is { } extra && extra.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A time as RFC 3339 with as many fractional digits as it needs, in UTC; the zero time when there is none, as the CLI writes it.</summary>
    internal static string Time(DateTimeOffset? value)
    {
        if (value is not { } time)
        {
            return "0001-01-01T00:00:00Z";
        }

        var utc = time.UtcDateTime;
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return text + "Z";
    }
}
