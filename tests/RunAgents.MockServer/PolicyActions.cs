using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RunAgents.MockServer;

/// <summary>What policies add to the named-resource routes: POST /policies/translate, and used_by on every read.</summary>
internal static partial class PolicyActions
{
    private static readonly string[] s_methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    /// <summary>Answers a translation of text into rules; null for any other request.</summary>
    /// <remarks>
    /// A stand-in for the platform's model: "deny" in the text gives deny rules, "approv" approval_required ones,
    /// else allow; the first URL is the resource (else <c>*</c>); the HTTP methods named are the operations.
    /// </remarks>
    public static Task? Handle(ApiExchange exchange, ApiCall call)
    {
        if (call.Rest.Count != 1 || call.Rest[0] != "translate" || !HttpMethods.IsPost(exchange.Context.Request.Method))
        {
            return null;
        }

        string? text = JsonRead.OptionalObject(exchange.Body) is JsonObject body ? JsonRead.String(body, "text") : null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, "text is required");
        }

        string permission = text.Contains("deny", StringComparison.OrdinalIgnoreCase) ? "deny"
            : text.Contains("approv", StringComparison.OrdinalIgnoreCase) ? "approval_required" : "allow";
        string resource = Url().Match(text) is { Success: true } url ? url.Value.TrimEnd('.', ',') : "*";
        var operations = new JsonArray(s_methods.Where(m => Regex.IsMatch(text, $@"\b{m}\b", RegexOptions.IgnoreCase)).Select(m => (JsonNode)m).ToArray());
        var rule = new JsonObject { ["permission"] = permission, ["operations"] = operations, ["resource"] = resource };
        return exchange.RespondJsonAsync(StatusCodes.Status200OK, new JsonObject { ["rules"] = new JsonArray(rule) });
    }

    /// <summary>A policy with the agents bound to it as used_by, as the platform adds on read.</summary>
    public static JsonObject WithUsage(JsonObject policy, AgentStore agents)
    {
        var shown = (JsonObject)policy.DeepClone();
        string? name = JsonRead.String(policy, "name");
        shown["used_by"] = new JsonArray(agents.Bindings()
            .Where(b => name is not null && b.Policies.Contains(name))
            .Select(b => (JsonNode)new JsonObject { ["name"] = b.Key.Name, ["namespace"] = b.Key.Namespace })
            .ToArray());
        return shown;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Url();
}
