using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// The Set-* semantics of a named resource, written once for the Set-* cmdlets and for Import-RAConfiguration: what a
/// document changes on the platform's object (leaving out what the platform writes itself and the secrets it never gives
/// back), and how a document is sent (a create, or a replace where the API has one).
/// </summary>
internal static class ResourceApply
{
    /// <summary>What a secret field given in a document counts as in a list of changes: always sent, since it cannot be compared.</summary>
    public const string SecretChange = " (a secret, always sent when given)";

    /// <summary>
    /// A document without the secret placeholders a configuration folder writes (<c>"&lt;redacted&gt;"</c>): a secret field
    /// that holds only placeholders is not sent, so the platform keeps what it has.
    /// </summary>
    /// <param name="kind">The resource.</param>
    /// <param name="document">The document; not changed (it is returned as it is when it holds no secret field).</param>
    /// <param name="kept">The secret fields left out, which the platform keeps (or, for a new object, does not get).</param>
    public static JsonObject WithoutPlaceholders(ResourceKind kind, JsonObject document, out List<string> kept)
    {
        kept = new List<string>();
        if (!kind.SecretFields.Any(document.ContainsKey))
        {
            return document;
        }

        var body = (JsonObject)document.DeepClone();
        foreach (var field in kind.SecretFields.Where(body.ContainsKey).ToList())
        {
            if (Configuration.ConfigurationFile.WithoutPlaceholders(body[field]) is JsonNode left)
            {
                body[field] = left;
            }
            else
            {
                body.Remove(field);
                kept.Add(field);
            }
        }

        return body;
    }

    /// <summary>Gives a document the empty lists it leaves out of <see cref="ResourceKind.WholeSpecLists"/> where the platform's object has items.</summary>
    /// <param name="kind">The resource.</param>
    /// <param name="body">The document, changed in place.</param>
    /// <param name="current">The platform's object.</param>
    public static void EmptyLeftOutLists(ResourceKind kind, JsonObject body, JsonObject current)
    {
        foreach (var field in LeftOutLists(kind, body, current).ToList())
        {
            ((JsonObject)body["spec"]!)[field] = new JsonArray();
        }
    }

    /// <summary>The lists <see cref="EmptyLeftOutLists"/> would add to a document: none means it leaves the document as it is.</summary>
    public static IEnumerable<string> LeftOutLists(ResourceKind kind, JsonObject body, JsonObject current) =>
        body["spec"] is JsonObject spec && current["spec"] is JsonObject have
            ? kind.WholeSpecLists.Where(f => !spec.ContainsKey(f) && have[f] is JsonArray { Count: > 0 })
            : Enumerable.Empty<string>();

    /// <summary>
    /// Where a document and the platform's object differ, without what the platform writes and without secrets; the
    /// document first gets the empty lists it leaves out (<see cref="EmptyLeftOutLists"/>). Empty when a write would change nothing.
    /// </summary>
    /// <param name="kind">The resource.</param>
    /// <param name="body">The document, changed in place as <see cref="EmptyLeftOutLists"/> says.</param>
    /// <param name="current">The platform's object.</param>
    public static List<JsonDifference> Differences(ResourceKind kind, JsonObject body, JsonObject current)
    {
        EmptyLeftOutLists(kind, body, current);
        return JsonDiff.Compare(body, current, kind.NotCompared);
    }

    /// <summary>The secret fields a document gives, which are sent whenever given: the platform never shows them to compare.</summary>
    public static IEnumerable<string> SecretFieldsGiven(ResourceKind kind, JsonObject body) => kind.SecretFields.Where(body.ContainsKey);

    /// <summary>The secret values in a body, which traces show masked: the values under its secret fields.</summary>
    public static string[] SecretsOf(ResourceKind kind, JsonObject body) =>
        kind.SecretFields.SelectMany(f => Strings(body[f])).Where(s => s.Length > 0).ToArray();

    /// <summary>Sends a body: a create (POST), or a replace (PUT where the API has one, else the create that replaces).</summary>
    /// <remarks>The fields the platform writes itself (its status, say, when the document came from Get-*) are not sent.</remarks>
    /// <exception cref="RunAgentsApiException">The platform refused or failed the write.</exception>
    public static Task<WriteOutcome<T>> SendAsync<T>(ResourceApi<T> api, JsonObject document, bool exists, RequestOptions? options, CancellationToken cancellationToken)
        where T : NamedResource, new()
    {
        var kind = api.Kind;
        var body = (JsonObject)document.DeepClone();
        foreach (var field in kind.ServerFields)
        {
            body.Remove(field);
        }

        return exists && kind.Replace is not null
            ? api.ReplaceAsync(body, SecretsOf(kind, body), options, cancellationToken)
            : api.CreateAsync(body, SecretsOf(kind, body), kind.CreateReplaces ? RetryClass.Freely : RetryClass.UnlessReceived, options, cancellationToken);
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => new[] { text },
        JsonObject obj => obj.SelectMany(p => Strings(p.Value)),
        JsonArray array => array.SelectMany(Strings),
        _ => Array.Empty<string>(),
    };
}
