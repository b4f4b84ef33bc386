using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>The little of policy evaluation the mock does: whether a message to an agent trips a require_approval rule.</summary>
internal static class PolicyRules
{
    /// <summary>The effect that makes a tool call wait for a human.</summary>
    public const string RequireApproval = "require_approval";

    /// <summary>
    /// The tool of the first approval binding, among the agent's policies, one of whose capabilities (or, in the older
    /// rule shape, actions) the message mentions; else null.
    /// </summary>
    /// <example>payments-approval binds stripe-api for [refund, payout]: "Refund order 1042" needs approval on stripe-api.</example>
    public static string? ToolNeedingApproval(IEnumerable<string> policyNames, NamedList policies, string message)
    {
        foreach (string name in policyNames)
        {
            JsonObject? spec = policies.Find(name)?["spec"] as JsonObject;
            foreach (JsonObject approval in (spec?["approvals"] as JsonArray ?? []).OfType<JsonObject>())
            {
                string? tool = JsonRead.Strings(approval["toolIds"]).FirstOrDefault();
                if (tool is not null && JsonRead.Strings(approval["capabilities"]).Any(c => message.Contains(c, StringComparison.OrdinalIgnoreCase)))
                {
                    return tool;
                }
            }

            foreach (JsonObject rule in (spec?["rules"] as JsonArray ?? []).OfType<JsonObject>())
            {
                string? tool = JsonRead.String(rule, "tool");
                if (tool is not null
                    && JsonRead.String(rule, "effect") == RequireApproval
                    && JsonRead.Strings(rule["actions"]).Any(a => message.Contains(a, StringComparison.OrdinalIgnoreCase)))
                {
                    return tool;
                }
            }
        }

        return null;
    }
}
