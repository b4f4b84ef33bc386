using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace RunAgents.PowerShell.Models;

/// <summary>A policy: the rules that allow, deny or hold for approval the tool calls of the agents bound to it.</summary>
/// <remarks>
/// Every property reads the contract's place for it (<c>spec.policies</c>, <c>spec.approvals</c>, <c>used_by</c>); the
/// whole document is kept, so Set-RAPolicy writes back what the module does not model.
/// </remarks>
public sealed class Policy : NamedResource
{
    /// <summary>True when the platform has taken the policy into effect.</summary>
    public bool? Ready => Flag("status", "ready");

    /// <summary>What the platform says of the policy's status.</summary>
    public string? StatusMessage => Text("status", "message");

    /// <summary>The policy's rules, in order; its text is the rules joined by <c>"; "</c>.</summary>
    public JoinedList<PolicyRule> Rules => new(Objects("spec", "policies").Select(PolicyRule.FromJson).ToList(), "; ");

    /// <summary>The policy's approval bindings; its text is their names joined by <c>", "</c>.</summary>
    public JoinedList<PolicyApproval> Approvals => new(Objects("spec", "approvals").Select(PolicyApproval.FromJson).ToList(), ", ");

    /// <summary>How many rules the policy has.</summary>
    public int RuleCount => (Node("spec", "policies") as JsonArray)?.Count ?? 0;

    /// <summary>How many approval bindings the policy has.</summary>
    public int ApprovalCount => (Node("spec", "approvals") as JsonArray)?.Count ?? 0;

    /// <summary>The agents bound to the policy, as <c>namespace/name</c> (the name alone when the platform gives no namespace); its text is them joined by <c>", "</c>.</summary>
    public JoinedList<string> UsedBy => new(
        Objects("used_by")
            .Select(a => AgentPathText(a["namespace"], a["name"]))
            .Where(t => t.Length > 0)
            .ToList(),
        ", ");

    /// <inheritdoc/>
    protected override IEnumerable<string> ModelledFields => base.ModelledFields.Concat(new[] { "used_by" });

    /// <summary>True when an approval binding of the policy names the tool in its <c>toolIds</c>.</summary>
    internal bool NamesTool(string tool) =>
        Objects("spec", "approvals").Any(a => (a["toolIds"] as JsonArray)?.Any(t => t is JsonValue v && v.TryGetValue<string>(out var id) && string.Equals(id, tool, StringComparison.OrdinalIgnoreCase)) == true);

    private IEnumerable<JsonObject> Objects(params string[] path) => (Node(path) as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>();

    private static string AgentPathText(JsonNode? ns, JsonNode? name)
    {
        var n = name is JsonValue nv && nv.TryGetValue<string>(out var s) ? s : string.Empty;
        var space = ns is JsonValue sv && sv.TryGetValue<string>(out var t) ? t : null;
        return Client.ServerText.Clean(Client.AgentPath.Identity(space, n))!;
    }
}
