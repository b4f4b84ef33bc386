using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Turns the hashtables and objects given to -Rule, -AddRule, -RemoveRule and -Approval into rules and approval
/// bindings: in the API's shape (<c>permission</c>, <c>operations</c>; an approval's <c>approvers.groups</c>), or with
/// the names of the objects' properties (<c>Groups</c>, <c>DeliveryMode</c>). Fields the module does not know are kept;
/// one that is a known field misspelled is refused, naming the one meant.
/// </summary>
public sealed class PolicyPartTransformationAttribute : ArgumentTransformationAttribute
{
    private readonly bool _approval;

    /// <summary>Transforms into rules, or into approval bindings when <paramref name="approval"/> is true.</summary>
    public PolicyPartTransformationAttribute(bool approval = false)
    {
        _approval = approval;
    }

    /// <inheritdoc/>
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is IDictionary or PSCustomObject)
        {
            return One(inputData);
        }

        if (value is IEnumerable items and not string)
        {
            var list = items.Cast<object?>().Select(item => (item is PSObject p ? p.BaseObject : item) is IDictionary or PSCustomObject ? One(item) : item).ToArray();
            return list;
        }

        return inputData;
    }

    private object One(object? item)
    {
        JsonObject json;
        try
        {
            json = DocumentInput.From(item, _approval ? "the approval binding" : "the rule");
        }
        catch (ArgumentException e)
        {
            throw new ArgumentTransformationMetadataException(e.Message, e);
        }

        var api = new JsonObject();
        foreach (var pair in json.ToList())
        {
            json.Remove(pair.Key);
            Place(api, pair.Key, pair.Value);
        }

        return _approval ? PolicyApproval.FromJson(api) : PolicyRule.FromJson(api);
    }

    /// <summary>Puts one field where the API has it, by its API name or its property's, refusing a near miss of either.</summary>
    private void Place(JsonObject api, string key, JsonNode? value)
    {
        var fields = _approval ? PolicyKind.ApprovalFields : PolicyKind.RuleFields;
        var alias = key.ToLowerInvariant() switch
        {
            "operation" => "operations",
            "tag" => "tags",
            "toolid" when _approval => "toolIds",
            "capability" when _approval => "capabilities",
            _ => key,
        };
        if (Array.Find(fields, f => string.Equals(f, alias, StringComparison.OrdinalIgnoreCase)) is string field)
        {
            api[field] = value;
            return;
        }

        var nested = _approval ? Nested(key) : null;
        if (nested is (string parent, string child))
        {
            if (api[parent] is not JsonObject inner)
            {
                inner = new JsonObject();
                api[parent] = inner;
            }

            inner[child] = value;
            return;
        }

        var names = _approval ? fields.Concat(new[] { "Groups", "Match", "Connectors", "DeliveryMode", "FallbackToUI" }) : fields;
        if (NearestName.Of(key, names) is string meant)
        {
            throw new ArgumentTransformationMetadataException($"The {(_approval ? "approval binding" : "rule")} has the field '{ServerText.Clean(key)}', which the platform does not know. Did you mean '{meant}'?");
        }

        api[key] = value;
    }

    private static (string Parent, string Child)? Nested(string key) => key.ToLowerInvariant() switch
    {
        "groups" or "group" => ("approvers", "groups"),
        "match" => ("approvers", "match"),
        "connectors" or "connector" => ("delivery", "connectors"),
        "deliverymode" => ("delivery", "mode"),
        "fallbacktoui" => ("delivery", "fallbackToUI"),
        _ => null,
    };
}
