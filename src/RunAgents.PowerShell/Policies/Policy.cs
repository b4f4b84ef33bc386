using System;
using System.Linq;
using System.Text.Json.Nodes;

namespace RunAgents.PowerShell.Models;

/// <summary>A policy: the rules that allow, deny or hold for approval the tool calls of the agents bound to it.</summary>
public sealed class Policy : NamedResource
{
    /// <summary>True when the platform has taken the policy into effect.</summary>
    public bool? Ready => Flag("status", "ready");

    /// <summary>What the platform says of the policy's status.</summary>
    public string? StatusMessage => Text("status", "message");

    /// <summary>How many rules the policy has.</summary>
    public int RuleCount => (Node("spec", "policies") as JsonArray)?.Count ?? 0;

    /// <summary>How many approval bindings the policy has.</summary>
    public int ApprovalCount => (Node("spec", "approvals") as JsonArray)?.Count ?? 0;

    /// <summary>The agents bound to the policy, as <c>namespace/name</c>; its text is them joined by <c>", "</c>.</summary>
    public JoinedList<string> UsedBy => new(
        (Node("used_by") as JsonArray)?.OfType<JsonObject>()
            .Select(a => AgentPathText(a["namespace"], a["name"]))
            .Where(t => t.Length > 0)
            .ToList() ?? new System.Collections.Generic.List<string>(),
        ", ");

    /// <inheritdoc/>
    protected override System.Collections.Generic.IEnumerable<string> ModelledFields => base.ModelledFields.Concat(new[] { "used_by" });

    /// <summary>True when an approval binding of the policy names the tool in its <c>toolIds</c>.</summary>
    internal bool NamesTool(string tool) =>
        (Node("spec", "approvals") as JsonArray)?.OfType<JsonObject>()
            .Any(a => (a["toolIds"] as JsonArray)?.Any(t => t is JsonValue v && v.TryGetValue<string>(out var id) && string.Equals(id, tool, StringComparison.OrdinalIgnoreCase)) == true) == true;

    private static string AgentPathText(JsonNode? ns, JsonNode? name)
    {
        var n = name is JsonValue nv && nv.TryGetValue<string>(out var s) ? s : string.Empty;
        var space = ns is JsonValue sv && sv.TryGetValue<string>(out var t) ? t : null;
        return Client.ServerText.Clean(Client.AgentPath.Identity(space, n))!;
    }
}
