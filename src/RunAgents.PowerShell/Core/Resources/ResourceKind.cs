using System;
using System.Collections.Generic;
using System.Linq;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// What the module knows of one kind of named resource of the platform (tools, model providers, policies...): its
/// name in messages and error ids, its routes, the API's own "not found" words, and the fields of its documents.
/// </summary>
/// <remarks>
/// One descriptor per resource, so that listing, getting, creating, replacing and deleting are written once
/// (<see cref="ResourceApi{T}"/>) and each resource says only what is its own.
/// </remarks>
internal sealed class ResourceKind
{
    /// <summary>The resource in words, singular: <c>tool</c>, <c>model provider</c>.</summary>
    public string Noun { get; set; } = string.Empty;

    /// <summary>The resource in error ids and type names: <c>Tool</c> gives <c>ToolNotFound</c>, <c>ToolExists</c>.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Lists every object of the kind.</summary>
    public ApiOperation List { get; set; }

    /// <summary>Gets one object by name.</summary>
    public ApiOperation Get { get; set; }

    /// <summary>Creates an object (POST); for an upsert it replaces one of the same name too.</summary>
    public ApiOperation Create { get; set; }

    /// <summary>Replaces an existing object (PUT), where the API has one; null where a create replaces.</summary>
    public ApiOperation? Replace { get; set; }

    /// <summary>Deletes one object by name.</summary>
    public ApiOperation Delete { get; set; }

    /// <summary>True when a create of a name that exists replaces that object (an upsert that answers 201 either way).</summary>
    public bool CreateReplaces { get; set; }

    /// <summary>The fields a document of the kind may have beside <c>name</c> and <c>spec</c>, such as <c>credentials</c>.</summary>
    public IReadOnlyList<string> TopFields { get; set; } = Array.Empty<string>();

    /// <summary>The fields of the spec the module knows, for a flat shape's fields to go under <c>spec</c> and for "did you mean".</summary>
    public IReadOnlyList<string> SpecFields { get; set; } = Array.Empty<string>();

    /// <summary>
    /// The fields the platform writes and a document does not set: left out when two documents are compared, and of
    /// what is sent. <c>status</c>, <c>namespace</c> and times by default; policies add <c>used_by</c>.
    /// </summary>
    public IReadOnlyList<string> ServerFields { get; set; } = new[] { "status", "namespace", "created_at", "updated_at", "createdAt", "updatedAt" };

    /// <summary>
    /// The lists of the spec a document gives whole, which the platform never fills by itself: one a document leaves out
    /// is taken as empty when the platform's object has items in it, so that applying the document removes them (a
    /// policy's <c>approvals</c>), while leaving out one the platform has empty too is no change.
    /// </summary>
    public IReadOnlyList<string> WholeSpecLists { get; set; } = Array.Empty<string>();

    /// <summary>The fields that hold secrets the platform never gives back, such as a tool's <c>credentials</c>.</summary>
    public IReadOnlyList<string> SecretFields { get; set; } = Array.Empty<string>();

    /// <summary>The fields two documents are not compared on: <see cref="ServerFields"/> and <see cref="SecretFields"/>.</summary>
    /// <remarks>Made once, when first asked (the kinds are set up before any comparison).</remarks>
    internal HashSet<string> NotCompared => _notCompared ??= new HashSet<string>(ServerFields.Concat(SecretFields), StringComparer.Ordinal);

    private HashSet<string>? _notCompared;

    /// <summary>The fields a document may have at its top: <see cref="TopFields"/>, <c>name</c>, <c>spec</c> and <see cref="ServerFields"/>.</summary>
    internal string[] DocumentFields => _documentFields ??= TopFields.Concat(new[] { "name", "spec" }).Concat(ServerFields).ToArray();

    private string[]? _documentFields;

    /// <summary>
    /// Moves a spec's fields from the other shapes in circulation to where the API's contract has them, in place (a
    /// tool's flat <c>base_url</c> to <c>connection.baseUrl</c>), so that documents and the platform's objects compare
    /// in one shape and the contract's is what is sent; null when the kind has one shape only.
    /// </summary>
    public Action<System.Text.Json.Nodes.JsonObject>? ToContract { get; set; }

    /// <summary>The parameter that completes this kind's names, by the noun of the cmdlet (<c>Tool</c> for <c>Get-RATool</c>).</summary>
    internal static ResourceKind? ByCommandNoun(string noun) =>
        Array.Find(All, k => string.Equals("RA" + k.Id, noun, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every kind of named resource the module knows, so that completion finds a cmdlet's by its noun.</summary>
    internal static ResourceKind[] All => s_all ??= new[] { ToolKind.Kind, ModelProviderKind.Kind, PolicyKind.Kind, IdentityProviderKind.Kind };

    private static ResourceKind[]? s_all;

    /// <summary>The noun with its article: <c>a tool</c>, <c>an identity provider</c>.</summary>
    public string ANoun => (Noun.Length > 0 && "aeiou".IndexOf(char.ToLowerInvariant(Noun[0])) >= 0 ? "an " : "a ") + Noun;

    /// <summary>The error id of a name that does not exist: <c>ToolNotFound</c>.</summary>
    public string NotFoundId => Id + "NotFound";

    /// <summary>The error id of a name that is taken when it should not be: <c>ToolExists</c>.</summary>
    public string ExistsId => Id + "Exists";

    /// <summary>The error id of an object that changed on the platform since it was read: <c>ToolChanged</c>.</summary>
    public string ChangedId => Id + "Changed";

    /// <summary>The API's own words for a name that does not exist, as its 404s say them: <c>tool "x" not found</c>.</summary>
    public string[] NotFoundMessages(string name) =>
        new[] { $"{Noun} \"{name}\" not found", $"{Noun} {name} not found", $"{Noun} '{name}' not found", $"{Noun} not found" };
}
