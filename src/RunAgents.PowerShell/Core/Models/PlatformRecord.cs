using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RunAgents.PowerShell.Models;

/// <summary>
/// An object the platform keeps a record of and writes with its times (runs, access requests, blocked actions): when
/// it was made and last changed, and the fields the module does not model, kept rather than lost.
/// </summary>
public abstract class PlatformRecord : PlatformObject
{
    private JsonFields? _additionalFields;

    /// <summary>When the platform made it (a run began, an agent asked, a call was held), in UTC.</summary>
    [JsonPropertyName("created_at")]
    [JsonConverter(typeof(LenientDateTimeConverter))]
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>When it last changed, in UTC.</summary>
    [JsonPropertyName("updated_at")]
    [JsonConverter(typeof(LenientDateTimeConverter))]
    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>Its fields the module does not model, as plain values; empty when there are none.</summary>
    [JsonIgnore]
    public JsonFields AdditionalFields => _additionalFields ??= JsonFields.From(ExtensionData);

    /// <summary>Its fields the module does not model, as the server sent them.</summary>
    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
