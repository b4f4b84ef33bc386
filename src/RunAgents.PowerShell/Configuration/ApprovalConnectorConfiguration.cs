using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Configuration;

/// <summary>
/// Approval connectors in a configuration folder: <c>approval-connectors/&lt;name&gt;.json</c>, one a connector, kept by
/// name (the platform's ids differ from one workspace to the next), in the API's body shape.
/// </summary>
/// <remarks>
/// Applied as Set-RAApprovalConnector applies a document: found by name (a name two connectors share is an error naming
/// both ids, before any write), only the fields that differ are patched, a field the folder leaves out or gives as null
/// where the platform has none is no change, a header value given as the placeholder or a mask keeps the connector's
/// value; a name no connector has is created, with one POST that is never sent twice. The workspace's delivery defaults
/// (Get-/Set-RAApprovalConnectorDefault) are not part of the folder.
/// </remarks>
internal sealed class ApprovalConnectorConfiguration : ConfigurationKind
{
    /// <summary>The one instance.</summary>
    public static readonly ApprovalConnectorConfiguration Instance = new();

    /// <summary>The fields the platform writes itself, which a folder leaves out (and a file's copy of which is not compared or sent).</summary>
    private static readonly string[] s_platformWritten = { "id", "created_at", "updated_at", "status" };

    /// <summary>The headers of the platform's connectors in clear, beside the documents that hold them as the placeholder.</summary>
    private static readonly ConditionalWeakTable<ConfigurationObject, JsonObject> s_clearHeaders = new();

    private ApprovalConnectorConfiguration()
    {
    }

    /// <inheritdoc/>
    public override string Name => "ApprovalConnector";

    /// <inheritdoc/>
    public override string Noun => "approval connector";

    /// <inheritdoc/>
    public override string Folder => "approval-connectors";

    /// <inheritdoc/>
    public override int Order => 20;

    /// <inheritdoc/>
    public override IEnumerable<(string Kind, string Name)> DependsOn(JsonObject document) => Array.Empty<(string, string)>();

    /// <inheritdoc/>
    /// <exception cref="ConfigurationRefusedException">Two connectors share a name, which a folder cannot tell apart.</exception>
    public override async Task<IReadOnlyList<ConfigurationObject>> ReadAsync(ConfigurationContext context, bool includeSecret, CancellationToken cancellationToken)
    {
        var all = await Api(context).ListAsync(context.Requests, cancellationToken).ConfigureAwait(false);
        var result = new List<ConfigurationObject>();
        foreach (var group in all.GroupBy(c => Text(c, "name") ?? string.Empty, StringComparer.Ordinal))
        {
            if (group.Count() > 1)
            {
                throw Ambiguous(group.Key, group, context);
            }

            var item = group.First();
            var document = new JsonObject();
            foreach (var pair in item.Where(p => !PlatformWritten(p.Key)))
            {
                document[pair.Key] = pair.Value?.DeepClone();
            }

            var headers = item["headers"] as JsonObject;
            if (!includeSecret && document["headers"] is JsonObject written)
            {
                foreach (var header in written.Select(h => h.Key).ToList())
                {
                    written[header] = ConfigurationFile.SecretPlaceholder;
                }
            }

            var found = new ConfigurationObject(this, group.Key, document) { PlatformId = Text(item, "id") };
            s_clearHeaders.Add(found, (JsonObject?)headers?.DeepClone() ?? new JsonObject());
            result.Add(found);
        }

        return result;
    }

    /// <inheritdoc/>
    public override ConfigurationObject FromFile(JsonObject document, string fileName)
    {
        var copy = new JsonObject();
        foreach (var pair in document.Where(p => !PlatformWritten(p.Key)))
        {
            copy[pair.Key] = pair.Value?.DeepClone();
        }

        // A field the platform does not know but one it does misspelled (enabeld, timeout_second) would be sent and
        // stored, and the field meant left as it is: refused, naming the one meant. Other fields pass, as the platform's own.
        foreach (var pair in copy)
        {
            if (Array.IndexOf(s_fields, pair.Key) < 0 && NearestName.Of(pair.Key, s_fields) is string meant)
            {
                throw new ArgumentException($"The connector has the field '{ServerText.Clean(pair.Key)}', which the platform does not know. Did you mean '{meant}'?");
            }
        }

        var name = copy["name"] switch
        {
            null => fileName,
            JsonValue v when v.TryGetValue<string>(out var text) && text.Length > 0 => text,
            _ => throw new ArgumentException("The connector's name must be text."),
        };
        foreach (var field in new[] { "type", "slack_security_mode", "endpoint" })
        {
            if (copy[field] is not (null or JsonValue) || (copy[field] is JsonValue value && !value.TryGetValue<string>(out _)))
            {
                throw new ArgumentException($"The connector's {field} must be text.");
            }
        }

        // The platform's words are lowercase; a file may say Slack as the parameters do.
        foreach (var field in new[] { "type", "slack_security_mode" })
        {
            if (Text(copy, field) is string word)
            {
                copy[field] = word.ToLowerInvariant();
            }
        }

        if (copy["enabled"] is JsonNode enabled && !(enabled is JsonValue e && e.TryGetValue<bool>(out _)))
        {
            throw new ArgumentException("The connector's enabled must be true or false.");
        }

        if (copy["timeout_seconds"] is JsonNode timeout && !(timeout is JsonValue t && t.TryGetValue<double>(out var seconds) && seconds == Math.Floor(seconds)))
        {
            throw new ArgumentException("The connector's timeout_seconds must be a whole number of seconds.");
        }

        if (copy["headers"] is JsonNode headers && !(headers is JsonObject names && names.All(h => h.Value is JsonValue hv && hv.TryGetValue<string>(out _))))
        {
            throw new ArgumentException("The connector's headers must be an object of header names and text values.");
        }

        return new ConfigurationObject(this, name, copy);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<ConfigurationDifference> Compare(ConfigurationObject folder, ConfigurationObject platform)
    {
        var wanted = (JsonObject)folder.Document.DeepClone();
        wanted.Remove("headers");
        wanted.Remove("name");
        var differences = JsonDiff.Compare(wanted, platform.Document)
            .Select(d => new ConfigurationDifference { Path = d.Path, Folder = d.Desired, Platform = d.Current })
            .ToList();
        if (folder.Document["headers"] is JsonObject given)
        {
            var stored = ClearHeaders(platform);
            var names = given.Select(h => h.Key).Concat(stored.Select(h => h.Key).Where(k => ConnectorHeaderValues.Stored(given, k) is null && !given.ContainsKey(k)));
            foreach (var header in names.ToList())
            {
                var mine = ConnectorHeaderValues.Stored(given, header);
                var theirs = ConnectorHeaderValues.Stored(stored, header);
                if (mine is not null && ConnectorHeaderValues.Names(mine, theirs))
                {
                    continue;
                }

                // Secrets are never shown: each side as its mask.
                differences.Add(new ConfigurationDifference
                {
                    Path = "headers." + header,
                    Folder = mine is null ? null : JsonDiff.Text(ConnectorHeaderValues.StandsIn(mine) ? mine : ConnectorSecrets.Mask(mine)),
                    Platform = theirs is null ? null : JsonDiff.Text(ConnectorSecrets.Mask(theirs)),
                });
            }
        }

        return differences;
    }

    /// <inheritdoc/>
    /// <exception cref="ConfigurationRefusedException">Two connectors have the name: nothing is written.</exception>
    /// <exception cref="ArgumentException">A header holds a placeholder or mask of no value the connector has.</exception>
    public override async Task<ConfigurationState> ApplyAsync(ConfigurationContext context, ConfigurationObject desired, ConfigurationObject? current, CancellationToken cancellationToken)
    {
        var api = Api(context);
        var named = (await api.ListAsync(context.Requests, cancellationToken).ConfigureAwait(false))
            .Where(c => Text(c, "name") == desired.Name)
            .ToList();
        if (named.Count > 1)
        {
            throw Ambiguous(desired.Name, named, context);
        }

        var shown = $"approval connector '{ServerText.Clean(desired.Name)}'";
        if (named.Count == 0)
        {
            var body = (JsonObject)desired.Document.DeepClone();
            body["name"] = desired.Name;
            if (body["type"] is null)
            {
                body["type"] = "webhook";
            }

            if (body["headers"] is JsonObject headers)
            {
                body["headers"] = ConnectorHeaderValues.Resolve(headers, null, shown);
            }

            // Never sent twice (the API does not retry it): a second copy would be a second connector of the name.
            if (await api.CreateAsync(body, context.Requests, cancellationToken).ConfigureAwait(false) is null)
            {
                context.Warnings.Add($"The platform created the {shown}, but its answer is not what the API gives. Read it with Get-RAApprovalConnector -Name '{ServerText.Clean(desired.Name)}'.");
            }

            return ConfigurationState.Created;
        }

        var have = named[0];
        var patch = new JsonObject();
        foreach (var pair in desired.Document.Where(p => p.Key != "name"))
        {
            if (pair.Key == "headers" && pair.Value is JsonObject given)
            {
                var stored = have["headers"] as JsonObject;
                var sent = ConnectorHeaderValues.Resolve(given, stored, shown);
                if (!ConnectorHeaderValues.Same(sent, stored))
                {
                    patch["headers"] = sent;
                }
            }
            else if (!JsonDiff.Same(pair.Value, have[pair.Key]))
            {
                // enabled:false is a change like any other; a null where the platform has nothing is none.
                patch[pair.Key] = pair.Value?.DeepClone();
            }
        }

        if (patch.Count == 0)
        {
            return ConfigurationState.Unchanged;
        }

        if (await api.UpdateAsync(Text(have, "id")!, patch, context.Requests, cancellationToken).ConfigureAwait(false) is null)
        {
            context.Warnings.Add($"The platform updated the {shown}, but its answer is not what the API gives. Read it again to see it.");
        }

        return ConfigurationState.Updated;
    }

    /// <inheritdoc/>
    public override async Task RemoveAsync(ConfigurationContext context, ConfigurationObject current, CancellationToken cancellationToken)
    {
        var id = current.PlatformId ?? throw new ArgumentException($"The approval connector '{ServerText.Clean(current.Name)}' was not read from the platform, so its id is not known.");
        if (await Api(context).DeleteAsync(id, context.Requests, cancellationToken).ConfigureAwait(false) is string inferred)
        {
            context.Warnings.Add(inferred);
        }
    }

    private static ApprovalConnectorsApi Api(ConfigurationContext context) => new(context.Connection.Transport);

    // The fields of a connector's document a folder keeps: the module's, but what the platform writes.
    private static readonly string[] s_fields = ApprovalConnector.Modelled.Where(f => !PlatformWritten(f)).ToArray();

    private static bool PlatformWritten(string field) => Array.IndexOf(s_platformWritten, field) >= 0;

    private static JsonObject ClearHeaders(ConfigurationObject platform) =>
        s_clearHeaders.TryGetValue(platform, out var clear) ? clear : platform.Document["headers"] as JsonObject ?? new JsonObject();

    private static ConfigurationRefusedException Ambiguous(string name, IEnumerable<JsonObject> connectors, ConfigurationContext context) =>
        new($"{connectors.Count()} approval connectors on {context.Connection.Uri} are named '{ServerText.Clean(name)}' ({string.Join(", ", connectors.Select(c => ServerText.Clean(Text(c, "id"))))}): a configuration folder keeps connectors by name, so give each its own name first (Set-RAApprovalConnector -Id <id> -Name <new name>).", "AmbiguousConnectorName", ErrorCategory.InvalidArgument);

    private static string? Text(JsonObject item, string field) =>
        item[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
