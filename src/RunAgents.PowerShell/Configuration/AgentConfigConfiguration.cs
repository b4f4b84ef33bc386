using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Configuration;

/// <summary>
/// The config of the platform's agents in a configuration folder: <c>agents/&lt;name&gt;.json</c>, one an agent, holding
/// the agent's config as its update body (<c>AgentConfigUpdateRequest</c>: <c>system_prompt</c>, <c>identity_provider</c>,
/// <c>llm_configs</c>, <c>required_tools</c>, <c>policies</c>).
/// </summary>
/// <remarks>
/// On the namespaced API an agent is known by its namespace and name, and its object's name is
/// <c>&lt;namespace&gt;.&lt;name&gt;</c> (an agent's name and namespace are DNS labels, which hold no dot): its file is
/// <c>agents/&lt;namespace&gt;.&lt;name&gt;.json</c>. v1 finds agents by name, so there the file is <c>agents/&lt;name&gt;.json</c>. Applied as Set-RAAgentConfig applies a document: one read, then one
/// PUT of the fields that differ, each whole (tools and policies compared as sets of names; a null, a missing field and
/// an empty text or list are the same); nothing when none does. Config is not deployment: an agent the platform does not
/// run is an error, and the platform cannot delete an agent's config, so -Prune leaves it.
/// </remarks>
internal sealed class AgentConfigConfiguration : ConfigurationKind
{
    /// <summary>The one instance.</summary>
    public static readonly AgentConfigConfiguration Instance = new();

    /// <summary>How many configs are read at once.</summary>
    private const int Parallel = 8;

    private AgentConfigConfiguration()
    {
    }

    /// <inheritdoc/>
    public override string Name => "AgentConfig";

    /// <inheritdoc/>
    public override string Noun => "agent config";

    /// <inheritdoc/>
    public override string Folder => "agents";

    /// <inheritdoc/>
    public override int Order => 60;

    /// <inheritdoc/>
    public override bool CanRemove => false;

    /// <inheritdoc/>
    public override string? CannotCreate => "no such agent (deploy it first)";

    /// <inheritdoc/>
    public override IEnumerable<(string Kind, string Name)> DependsOn(JsonObject document)
    {
        if (document["identity_provider"] is JsonValue provider && provider.TryGetValue<string>(out var identity) && identity.Length > 0)
        {
            yield return ("IdentityProvider", identity);
        }

        var models = (document["llm_configs"] as JsonArray)?.OfType<JsonObject>()
            .Select(c => c["model_provider"] is JsonValue v && v.TryGetValue<string>(out var name) ? name : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal) ?? Enumerable.Empty<string>();
        foreach (var model in models)
        {
            yield return ("ModelProvider", model);
        }

        foreach (var tool in AgentConfigChanges.Names(document["required_tools"]))
        {
            yield return ("Tool", tool);
        }

        foreach (var policy in AgentConfigChanges.Names(document["policies"]))
        {
            yield return ("Policy", policy);
        }
    }

    /// <inheritdoc/>
    /// <remarks>On a root API without the agent config route, no object, with a warning.</remarks>
    public override async Task<IReadOnlyList<ConfigurationObject>> ReadAsync(ConfigurationContext context, bool includeSecret, CancellationToken cancellationToken)
    {
        var connection = context.Connection;
        var agents = new List<Agent>();
        var listed = connection.Client.ListAgentsAsync(context.Requests, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (await listed.MoveNextAsync().ConfigureAwait(false))
            {
                agents.Add(listed.Current);
            }
        }
        finally
        {
            await listed.DisposeAsync().ConfigureAwait(false);
        }

        var api = new AgentConfigApi(connection.Transport, connection.Client);
        var result = new List<ConfigurationObject>();
        for (var start = 0; start < agents.Count; start += Parallel)
        {
            var batch = agents.Skip(start).Take(Parallel).ToList();
            var reads = batch.Select(a => api.GetAsync(connection.FindsAgentsByName ? null : a.Namespace, a.Name, context.Requests, cancellationToken)).ToList();
            try
            {
                await Task.WhenAll(reads).ConfigureAwait(false);
            }
            catch (RunAgentsApiException)
            {
                // Each read is judged below.
            }

            for (var i = 0; i < batch.Count; i++)
            {
                if (reads[i].Status == TaskStatus.RanToCompletion)
                {
                    result.Add(Platform(connection, batch[i], reads[i].Result));
                }
                else if (reads[i].Exception?.InnerException is RunAgentsApiException e)
                {
                    if (api.NotSupported(e))
                    {
                        // Nothing to export or compare; an import says so for each agent it is asked to configure.
                        context.Warnings.Add(Unsupported(connection, e).Message);
                        return Array.Empty<ConfigurationObject>();
                    }

                    // An agent deleted since the list has no config to keep.
                    if (e.Failure != ApiFailure.NotFound)
                    {
                        throw e;
                    }
                }
                else
                {
                    await reads[i].ConfigureAwait(false);
                }
            }
        }

        return result;
    }

    /// <inheritdoc/>
    public override ConfigurationObject FromFile(JsonObject document, string fileName)
    {
        var unknown = document.Select(p => p.Key).Where(k => Array.IndexOf(AgentConfig.UpdateFields, k) < 0).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"'{ServerText.Clean(unknown[0])}' is not a field of an agent's config: a file of the agents folder holds {string.Join(", ", AgentConfig.UpdateFields)}, and is named after its agent.");
        }

        var copy = (JsonObject)document.DeepClone();
        AgentConfigChanges.Check(copy);
        var parts = fileName.Split('.');
        if (parts.Length > 2 || parts.Any(part => AgentPath.Problem(part) is not null))
        {
            throw new ArgumentException($"'{ServerText.Clean(fileName)}' cannot name an agent: a file of the agents folder is <name>.json, or <namespace>.<name>.json on the namespaced API");
        }

        return new ConfigurationObject(this, fileName, copy);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<ConfigurationDifference> Compare(ConfigurationObject folder, ConfigurationObject platform) =>
        AgentConfigChanges.Differences(Desired(platform.Document, folder.Document), platform.Document)
            .Select(c => new ConfigurationDifference
            {
                Path = c.Field,
                Folder = folder.Document.TryGetPropertyValue(c.Field, out var mine) ? JsonDiff.Text(mine) : null,
                Platform = platform.Document.TryGetPropertyValue(c.Field, out var theirs) ? JsonDiff.Text(theirs) : null,
            })
            .ToList();

    /// <inheritdoc/>
    /// <exception cref="ConfigurationRefusedException">No agent of the name runs on the platform, or its root API has no agent config.</exception>
    public override async Task<ConfigurationState> ApplyAsync(ConfigurationContext context, ConfigurationObject desired, ConfigurationObject? current, CancellationToken cancellationToken)
    {
        var connection = context.Connection;
        var (ns, name) = Agent(current?.PlatformId ?? desired.Name);
        if (ns is null && !connection.FindsAgentsByName)
        {
            throw new ArgumentException($"The namespaced API knows an agent by its namespace and name: keep the config of '{ServerText.Clean(name)}' as agents/<namespace>.{ServerText.Clean(name)}.json.");
        }

        var api = new AgentConfigApi(connection.Transport, connection.Client);
        AgentConfig config;
        try
        {
            config = await api.GetAsync(ns, name, context.Requests, cancellationToken).ConfigureAwait(false);
        }
        catch (RunAgentsApiException e) when (api.NotSupported(e))
        {
            throw Unsupported(connection, e);
        }
        catch (RunAgentsApiException e) when (e.Failure == ApiFailure.NotFound)
        {
            throw new ConfigurationRefusedException($"No agent '{ServerText.Clean(AgentPath.Identity(ns, name))}' runs on {connection.Uri}, so its config cannot be applied: a configuration folder configures the agents a workspace runs, it does not deploy them. Deploy the agent first (Deploy-RAAgent), or take its file out of the folder.", "AgentNotFound", ErrorCategory.ObjectNotFound, e);
        }

        var have = AgentConfigChanges.Update(config.Document);
        var want = Desired(have, desired.Document);
        var changed = AgentConfigChanges.Differences(want, have);
        if (changed.Count == 0)
        {
            return ConfigurationState.Unchanged;
        }

        var body = new JsonObject();
        foreach (var (field, _) in changed)
        {
            body[field] = want[field]?.DeepClone();
        }

        try
        {
            await api.UpdateAsync(ns, name, body, context.Requests, cancellationToken).ConfigureAwait(false);
        }
        catch (RunAgentsApiException e) when (api.NotSupported(e))
        {
            throw Unsupported(connection, e);
        }

        return ConfigurationState.Updated;
    }

    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">Always: an agent's config cannot be deleted.</exception>
    public override Task RemoveAsync(ConfigurationContext context, ConfigurationObject current, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The platform cannot delete an agent's config: -Prune leaves agent config as it is.");

    /// <summary>The update fields as the folder wants them: the platform's, with the document's on top.</summary>
    private static JsonObject Desired(JsonObject have, JsonObject document)
    {
        var want = (JsonObject)have.DeepClone();
        foreach (var pair in document)
        {
            want[pair.Key] = pair.Value?.DeepClone();
        }

        return want;
    }

    private static ConfigurationObject Platform(RAConnection connection, Agent agent, AgentConfig config)
    {
        var ns = connection.FindsAgentsByName ? null : config.Namespace ?? agent.Namespace;
        var name = string.IsNullOrEmpty(ns) ? agent.Name : ns + "." + agent.Name;
        return new ConfigurationObject(Instance, name, AgentConfigChanges.Update(config.Document)) { PlatformId = name };
    }

    /// <summary>
    /// The agent an object's name names: <c>name</c>, or <c>namespace.name</c>; v1 finds agents by name, and checks a
    /// namespace given against the agent's.
    /// </summary>
    private static (string? Namespace, string Name) Agent(string objectName)
    {
        var dot = objectName.IndexOf('.');
        return dot < 0 ? (null, objectName) : (objectName.Substring(0, dot), objectName.Substring(dot + 1));
    }

    private static ConfigurationRefusedException Unsupported(RAConnection connection, RunAgentsApiException e) =>
        new($"The platform at {connection.Uri} answered {e.StatusCode} to the agent config route of its root API, which no contract documents: it has no agent config to read or write there. Connect to its v1 API (a URI ending in /api/v1) for agent config.", "NotSupportedOnGeneration", ErrorCategory.InvalidOperation, e);
}
