using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Configuration;

/// <summary>
/// A kind of the resource kernel (tools, model providers, policies, identity providers) in a configuration folder: read
/// with the resource's list, applied with exactly the Set-* semantics of <see cref="Cmdlets.WriteResourceCommand{T}"/>
/// (<see cref="ResourceApply"/>: what the platform writes left out, whole lists emptied, a create or a replace).
/// </summary>
/// <typeparam name="T">The object the module writes for the resource.</typeparam>
/// <remarks>
/// Secrets: the platform never gives back a tool's <c>credentials</c>. An export writes the placeholder in their place
/// when the tool says it authenticates (its <c>hasSecret</c> test), and nothing otherwise; -IncludeSecret cannot do more,
/// since there is nothing to read. On import, the placeholder keeps what the platform has: the field is not sent, and a
/// tool that is otherwise unchanged is not written at all. Real credentials in a file are sent on every import (they
/// cannot be compared), as Set-RATool sends them whenever given.
/// </remarks>
internal sealed class ResourceConfigurationKind<T> : ConfigurationKind
    where T : NamedResource, new()
{
    private readonly Func<JsonObject, IEnumerable<(string Kind, string Name)>>? _dependsOn;
    private readonly Func<JsonObject, bool>? _hasSecret;

    /// <param name="resource">The resource's descriptor.</param>
    /// <param name="name">The -Resource value.</param>
    /// <param name="folder">The folder of its files.</param>
    /// <param name="order">Where it comes in the apply order.</param>
    /// <param name="dependsOn">The objects of other kinds a document names; none when null.</param>
    /// <param name="hasSecret">True when the platform's object (as a document) shows it holds secrets the platform does not give back; never when null.</param>
    public ResourceConfigurationKind(ResourceKind resource, string name, string folder, int order, Func<JsonObject, IEnumerable<(string Kind, string Name)>>? dependsOn = null, Func<JsonObject, bool>? hasSecret = null)
    {
        Resource = resource;
        Name = name;
        Folder = folder;
        Order = order;
        _dependsOn = dependsOn;
        _hasSecret = hasSecret;
    }

    /// <summary>The resource's descriptor.</summary>
    public ResourceKind Resource { get; }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override string Noun => Resource.Noun;

    /// <inheritdoc/>
    public override string Folder { get; }

    /// <inheritdoc/>
    public override int Order { get; }

    /// <inheritdoc/>
    public override IEnumerable<(string Kind, string Name)> DependsOn(JsonObject document) =>
        _dependsOn?.Invoke(document) ?? Enumerable.Empty<(string, string)>();

    /// <inheritdoc/>
    public override async Task<IReadOnlyList<ConfigurationObject>> ReadAsync(ConfigurationContext context, bool includeSecret, CancellationToken cancellationToken)
    {
        var documents = await Api(context).ListDocumentsAsync(context.Requests, cancellationToken).ConfigureAwait(false);
        var objects = new List<ConfigurationObject>();
        foreach (var document in documents)
        {
            // The name as the module reads it (its text cleaned of control characters); an object without one is left out.
            var name = new T { Document = document }.Name;
            if (name.Length == 0)
            {
                continue;
            }

            // The list's documents are this call's own: the fields the platform writes are taken out in place.
            foreach (var field in Resource.ServerFields.Concat(Resource.SecretFields))
            {
                document.Remove(field);
            }

            if (_hasSecret?.Invoke(document) == true)
            {
                foreach (var field in Resource.SecretFields)
                {
                    document[field] = ConfigurationFile.SecretPlaceholder;
                }
            }

            objects.Add(new ConfigurationObject(this, name, document));
        }

        return objects;
    }

    /// <inheritdoc/>
    public override ConfigurationObject FromFile(JsonObject document, string fileName)
    {
        var body = ResourceDocument.ToBody(document, fileName, Resource, owned: true);
        foreach (var field in Resource.ServerFields)
        {
            body.Remove(field);
        }

        return new ConfigurationObject(this, fileName, body);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<ConfigurationDifference> Compare(ConfigurationObject folder, ConfigurationObject platform)
    {
        var body = Fresh(Desired(folder.Document, out _), folder.Document, platform.Document);
        var differences = ResourceApply.Differences(Resource, body, platform.Document)
            .Select(d => new ConfigurationDifference { Path = d.Path, Folder = d.Desired, Platform = d.Current })
            .ToList();
        differences.AddRange(ResourceApply.SecretFieldsGiven(Resource, body).Select(SecretDifference));
        return differences;
    }

    /// <inheritdoc/>
    public override async Task<ConfigurationState> ApplyAsync(ConfigurationContext context, ConfigurationObject desired, ConfigurationObject? current, CancellationToken cancellationToken)
    {
        var body = Desired(desired.Document, out var kept);
        var api = Api(context);
        if (current is null)
        {
            Warn(context, await ResourceApply.SendAsync(api, body, exists: false, context.Requests, cancellationToken).ConfigureAwait(false));
            if (kept.Count > 0)
            {
                context.Warnings.Add($"The {Noun} '{desired.Name}' was created without its {string.Join(", ", kept)}: the file has the placeholder {ConfigurationFile.SecretPlaceholder}, and the platform had nothing to keep. Give them with Set-RA{Resource.Id}.");
            }

            return ConfigurationState.Created;
        }

        body = Fresh(body, desired.Document, current.Document);
        if (ResourceApply.Differences(Resource, body, current.Document).Count == 0 && !ResourceApply.SecretFieldsGiven(Resource, body).Any())
        {
            return ConfigurationState.Unchanged;
        }

        Warn(context, await ResourceApply.SendAsync(api, body, exists: true, context.Requests, cancellationToken).ConfigureAwait(false));
        return ConfigurationState.Updated;
    }

    /// <inheritdoc/>
    public override async Task RemoveAsync(ConfigurationContext context, ConfigurationObject current, CancellationToken cancellationToken)
    {
        if (await Api(context).DeleteAsync(current.Name, context.Requests, cancellationToken).ConfigureAwait(false) is string warning)
        {
            context.Warnings.Add(warning);
        }
    }

    /// <summary>The difference a secret given in a file makes: always sent; its value is never shown.</summary>
    internal static ConfigurationDifference SecretDifference(string field) =>
        new() { Path = field, Folder = "(a secret, sent on every import)", Platform = "(not shown by the platform)" };

    private static void Warn(ConfigurationContext context, WriteOutcome<T> outcome)
    {
        if (outcome.Warning is string warning)
        {
            context.Warnings.Add(warning);
        }
    }

    /// <summary>A folder's document as it is sent: a secret field holding the placeholder left out (the platform keeps what it has).</summary>
    private JsonObject Desired(JsonObject document, out List<string> kept) => ResourceApply.WithoutPlaceholders(Resource, document, out kept);

    /// <summary>A copy of <paramref name="body"/> when it is the folder's own document and the comparison would add lists to it; else it.</summary>
    private JsonObject Fresh(JsonObject body, JsonObject own, JsonObject current) =>
        ReferenceEquals(body, own) && ResourceApply.LeftOutLists(Resource, body, current).Any() ? (JsonObject)body.DeepClone() : body;

    private ResourceApi<T> Api(ConfigurationContext context) => new(context.Connection.Transport, Resource);
}
