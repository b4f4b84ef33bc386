using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// The parameters of New-RAPolicy and Set-RAPolicy, where each goes in the policy's document, and the checks a policy
/// gets before any write: at least one rule, and no misspelled field in a rule or an approval binding.
/// </summary>
/// <remarks>
/// Rules and approval bindings piped in (from New-RAPolicyRule, ConvertTo-RAPolicyRule, New-RAPolicyApproval) are
/// collected, and make one policy with -Name when the pipeline ends, as if given to -Rule and -Approval.
/// </remarks>
public abstract class PolicyDocumentCommand : WriteResourceCommand<Policy>
{
    private readonly List<PolicyRule> _pipedRules = new();
    private readonly List<PolicyApproval> _pipedApprovals = new();
    private bool _fromPipedParts;

    /// <summary>The policy's rules, which replace the ones it has: from New-RAPolicyRule, ConvertTo-RAPolicyRule, or hashtables with permission, operations, resource and tags.</summary>
    [Parameter]
    [ValidateNotNull]
    [PolicyPartTransformation]
    public PolicyRule[]? Rule { get; set; }

    /// <summary>The policy's approval bindings, which replace the ones it has: from New-RAPolicyApproval.</summary>
    [Parameter]
    [ValidateNotNull]
    [PolicyPartTransformation(true)]
    public PolicyApproval[]? Approval { get; set; }

    /// <inheritdoc/>
    private protected override ResourceKind Kind => PolicyKind.Kind;

    /// <inheritdoc/>
    private protected override bool ByParameters => base.ByParameters || _fromPipedParts;

    /// <summary>Rules to add to the policy's, each unless the policy has it already (Set-RAPolicy).</summary>
    private protected virtual PolicyRule[]? RulesToAdd => null;

    /// <summary>Rules to take out of the policy's (Set-RAPolicy).</summary>
    private protected virtual PolicyRule[]? RulesToRemove => null;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == DocumentSet)
        {
            switch (InputObject is PSObject wrapped ? wrapped.BaseObject : InputObject)
            {
                case PolicyRule rule:
                    _pipedRules.Add(rule);
                    return;
                case PolicyApproval approval:
                    _pipedApprovals.Add(approval);
                    return;
            }
        }

        base.ProcessRecord();
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (_pipedRules.Count + _pipedApprovals.Count == 0)
        {
            return;
        }

        if (Name is null)
        {
            WriteError(new ErrorRecord(
                new PSArgumentException("Rules and approvals piped in need the name of the policy they make: give -Name."),
                "InvalidPolicy",
                ErrorCategory.InvalidArgument,
                null));
            return;
        }

        if (_pipedRules.Count > 0)
        {
            Rule = (Rule ?? Array.Empty<PolicyRule>()).Concat(_pipedRules).ToArray();
        }

        if (_pipedApprovals.Count > 0)
        {
            Approval = (Approval ?? Array.Empty<PolicyApproval>()).Concat(_pipedApprovals).ToArray();
        }

        _fromPipedParts = true;
        base.ProcessRecord();
    }

    /// <inheritdoc/>
    private protected override void Apply(JsonObject body)
    {
        var spec = body["spec"] as JsonObject ?? new JsonObject();
        body["spec"] = spec;
        if (Rule is not null)
        {
            spec["policies"] = new JsonArray(Rule.Select(r => (JsonNode?)RuleJson(r, "-Rule")).ToArray());
        }

        if (Approval is not null)
        {
            spec["approvals"] = new JsonArray(Approval.Select(a => (JsonNode?)ApprovalJson(a)).ToArray());
        }

        if (RulesToAdd is { } added)
        {
            var rules = Rules(spec);
            foreach (var rule in added)
            {
                var json = RuleJson(rule, "-AddRule");
                if (rules.OfType<JsonObject>().Any(rule.SameAs))
                {
                    WriteVerbose($"The policy '{body["name"]}' has the rule '{rule}' already.");
                    continue;
                }

                rules.Add(json);
            }
        }

        if (RulesToRemove is { } removed)
        {
            var rules = Rules(spec);
            foreach (var rule in removed)
            {
                RuleJson(rule, "-RemoveRule");
                var matching = rules.OfType<JsonObject>().Where(rule.SameAs).ToList();
                if (matching.Count == 0)
                {
                    WriteVerbose($"The policy '{body["name"]}' has no rule '{rule}' to remove.");
                }

                foreach (var match in matching)
                {
                    rules.Remove(match);
                }
            }
        }
    }

    /// <inheritdoc/>
    private protected override void Check(JsonObject body)
    {
        var name = ServerText.Clean(body["name"]?.GetValue<string>());
        var spec = (JsonObject)body["spec"]!;
        if (spec["policies"] is not JsonArray { Count: > 0 } rules)
        {
            throw new ArgumentException($"The policy '{name}' has no rule: give -Rule (New-RAPolicyRule, ConvertTo-RAPolicyRule), or rules under spec.policies. A policy without rules allows nothing, and the platform's clients refuse one.");
        }

        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i] is not JsonObject rule)
            {
                throw new ArgumentException($"Rule {i + 1} of the policy '{name}' is not an object with permission, operations, resource and tags.");
            }

            CheckSpelling(rule, PolicyKind.RuleFields, $"Rule {i + 1} of the policy '{name}'");
            if (rule["permission"] is not JsonValue permission || !permission.TryGetValue<string>(out var text) || string.IsNullOrWhiteSpace(text))
            {
                throw new ArgumentException($"Rule {i + 1} of the policy '{name}' has no permission: give allow, deny or approval_required.");
            }
        }

        if (spec["approvals"] is JsonArray approvals)
        {
            for (var i = 0; i < approvals.Count; i++)
            {
                if (approvals[i] is not JsonObject approval)
                {
                    throw new ArgumentException($"Approval {i + 1} of the policy '{name}' is not an object.");
                }

                var where = $"Approval {i + 1} of the policy '{name}'";
                CheckSpelling(approval, PolicyKind.ApprovalFields, where);
                CheckSpelling(approval["approvers"] as JsonObject, PolicyKind.ApproverFields, where + ", under approvers,");
                CheckSpelling(approval["delivery"] as JsonObject, PolicyKind.DeliveryFields, where + ", under delivery,");
            }
        }
    }

    private static JsonArray Rules(JsonObject spec)
    {
        if (spec["policies"] is not JsonArray rules)
        {
            rules = new JsonArray();
            spec["policies"] = rules;
        }

        return rules;
    }

    private static JsonObject RuleJson(PolicyRule rule, string parameter)
    {
        if (rule.Permission is null || PolicyRule.ApiPermission(rule.Permission) is not ("allow" or "deny" or "approval_required"))
        {
            throw new ArgumentException($"{parameter} has the rule '{rule}', whose permission is {(rule.Permission is null ? "missing" : $"'{ServerText.Clean(rule.Permission)}'")}: give Allow, Deny or ApprovalRequired (New-RAPolicyRule -Permission).");
        }

        if (rule.Resource is null && rule.Tags.Length == 0)
        {
            throw new ArgumentException($"{parameter} has the rule '{rule}', which names no resource and no tags: it would cover nothing. Give a resource (a URL, or * for any) or tags.");
        }

        return rule.ToJson();
    }

    private static JsonObject ApprovalJson(PolicyApproval approval)
    {
        if (string.IsNullOrWhiteSpace(approval.Name))
        {
            throw new ArgumentException("-Approval has a binding with no name: give each one a name (New-RAPolicyApproval -Name).");
        }

        return approval.ToJson();
    }

    /// <summary>Refuses a field that is not a known one but spells one differently, naming the one meant.</summary>
    private static void CheckSpelling(JsonObject? obj, string[] known, string where)
    {
        foreach (var pair in obj ?? new JsonObject())
        {
            if (Array.IndexOf(known, pair.Key) < 0 && NearestName.Of(pair.Key, known) is string meant)
            {
                throw new ArgumentException($"{where} has the field '{ServerText.Clean(pair.Key)}', which the platform does not know. Did you mean '{meant}'?");
            }
        }
    }
}
