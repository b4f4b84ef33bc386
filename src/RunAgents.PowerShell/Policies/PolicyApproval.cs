using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunAgents.PowerShell.Models;

/// <summary>
/// One approval binding of a policy: which calls (to these tools, capabilities, operations, resource or risk tags) wait
/// for whom (groups, any or all of them), for how long an approval lasts, and where the request is delivered.
/// </summary>
/// <remarks>
/// Made by New-RAPolicyApproval or read from a policy. Fields of the platform's binding the module does not model are
/// kept, and written back with it.
/// </remarks>
public sealed class PolicyApproval
{
    private static readonly string[] s_modelled = { "name", "toolIds", "capabilities", "operations", "resource", "tags", "approvers", "defaultDuration", "delivery" };

    private JsonObject? _extra;
    private JsonObject? _approvers;
    private JsonObject? _delivery;

    /// <summary>The binding's name, unique in its policy.</summary>
    public string? Name { get; set; }

    /// <summary>The registered tools whose calls wait for approval.</summary>
    public string[] ToolIds { get; set; } = Array.Empty<string>();

    /// <summary>The tools' capabilities covered; none for all of them.</summary>
    public string[] Capabilities { get; set; } = Array.Empty<string>();

    /// <summary>The HTTP methods covered; none for every method.</summary>
    public string[] Operations { get; set; } = Array.Empty<string>();

    /// <summary>The URL covered, <c>*</c> matching the rest of it.</summary>
    public string? Resource { get; set; }

    /// <summary>The risk tags covered.</summary>
    public string[] Tags { get; set; } = Array.Empty<string>();

    /// <summary>The groups whose members may approve.</summary>
    public string[] Groups { get; set; } = Array.Empty<string>();

    /// <summary>Whether one approver of <c>any</c> group is enough, or one of <c>all</c> of them is needed.</summary>
    public string? Match { get; set; }

    /// <summary>How long an approval lasts by default, as the platform writes durations (<c>4h</c>, <c>1h30m</c>).</summary>
    public string? DefaultDuration { get; set; }

    /// <summary>The approval connectors, by name, that deliver the request (Slack, Teams...).</summary>
    public string[] Connectors { get; set; } = Array.Empty<string>();

    /// <summary>How the connectors deliver: <c>first_success</c> or <c>all</c>.</summary>
    public string? DeliveryMode { get; set; }

    /// <summary>True when the request also shows in the platform's console should delivery fail.</summary>
    public bool? FallbackToUI { get; set; }

    /// <summary>The fields of the binding the module does not model, as the platform gave them.</summary>
    public JsonFields AdditionalFields => _extra is null || _extra.Count == 0
        ? JsonFields.Empty
        : JsonFields.From(_extra.ToDictionary(p => p.Key, p => JsonDocument.Parse(p.Value?.ToJsonString() ?? "null").RootElement.Clone()));

    /// <summary>The binding's name.</summary>
    public override string ToString() => Name ?? string.Empty;

    /// <summary>A binding as the platform wrote it; texts made safe to print, unknown fields kept.</summary>
    internal static PolicyApproval FromJson(JsonObject approval)
    {
        var approvers = approval["approvers"] as JsonObject;
        var delivery = approval["delivery"] as JsonObject;
        var made = new PolicyApproval
        {
            Name = PolicyJson.Text(approval["name"]),
            ToolIds = PolicyJson.Texts(approval["toolIds"]),
            Capabilities = PolicyJson.Texts(approval["capabilities"]),
            Operations = PolicyJson.Texts(approval["operations"]),
            Resource = PolicyJson.Text(approval["resource"]),
            Tags = PolicyJson.Texts(approval["tags"]),
            Groups = PolicyJson.Texts(approvers?["groups"]),
            Match = PolicyJson.Text(approvers?["match"]),
            DefaultDuration = PolicyJson.Text(approval["defaultDuration"]),
            Connectors = PolicyJson.Texts(delivery?["connectors"]),
            DeliveryMode = PolicyJson.Text(delivery?["mode"]),
            FallbackToUI = PolicyJson.Flag(delivery?["fallbackToUI"]),
        };
        var extra = new JsonObject();
        foreach (var pair in approval.Where(p => Array.IndexOf(s_modelled, p.Key) < 0))
        {
            extra[pair.Key] = pair.Value?.DeepClone();
        }

        made._extra = extra;
        made._approvers = Others(approvers, "groups", "match");
        made._delivery = Others(delivery, "connectors", "mode", "fallbackToUI");
        return made;
    }

    /// <summary>The binding as the API's JSON (<c>approvers</c> and <c>delivery</c> as objects); what is not given is left out.</summary>
    internal JsonObject ToJson()
    {
        var approval = new JsonObject { ["name"] = Name };
        Strings(approval, "toolIds", ToolIds);
        Strings(approval, "capabilities", Capabilities);
        Strings(approval, "operations", Operations.Select(o => o.ToUpperInvariant()).ToArray());
        if (Resource is not null)
        {
            approval["resource"] = Resource;
        }

        Strings(approval, "tags", Tags);
        if (Groups.Length > 0 || Match is not null || _approvers?.Count > 0)
        {
            var approvers = (JsonObject?)_approvers?.DeepClone() ?? new JsonObject();
            Strings(approvers, "groups", Groups);
            if (Match is not null)
            {
                approvers["match"] = Match.ToLowerInvariant();
            }

            approval["approvers"] = approvers;
        }

        if (DefaultDuration is not null)
        {
            approval["defaultDuration"] = DefaultDuration;
        }

        if (Connectors.Length > 0 || DeliveryMode is not null || FallbackToUI is not null || _delivery?.Count > 0)
        {
            var delivery = (JsonObject?)_delivery?.DeepClone() ?? new JsonObject();
            Strings(delivery, "connectors", Connectors);
            if (DeliveryMode is not null)
            {
                delivery["mode"] = ApiDeliveryMode(DeliveryMode);
            }

            if (FallbackToUI is bool fallback)
            {
                delivery["fallbackToUI"] = fallback;
            }

            approval["delivery"] = delivery;
        }

        foreach (var pair in _extra ?? new JsonObject())
        {
            approval[pair.Key] = pair.Value?.DeepClone();
        }

        return approval;
    }

    /// <summary>The API's name of a delivery mode: <c>FirstSuccess</c> is <c>first_success</c>.</summary>
    internal static string ApiDeliveryMode(string mode) => mode.Replace("_", string.Empty).ToLowerInvariant() switch
    {
        "firstsuccess" => "first_success",
        "all" => "all",
        _ => mode,
    };

    /// <summary>The fields of an object but those named, the ones the module does not model; null when none.</summary>
    private static JsonObject? Others(JsonObject? obj, params string[] modelled)
    {
        if (obj is null)
        {
            return null;
        }

        var others = new JsonObject();
        foreach (var pair in obj.Where(p => Array.IndexOf(modelled, p.Key) < 0))
        {
            others[pair.Key] = pair.Value?.DeepClone();
        }

        return others.Count == 0 ? null : others;
    }

    private static void Strings(JsonObject obj, string field, string[] values)
    {
        if (values.Length > 0)
        {
            obj[field] = new JsonArray(values.Select(v => (JsonNode?)v).ToArray());
        }
    }
}
