using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;

namespace RunAgents.PowerShell.Client;

/// <summary>The two generations of the RunAgents API.</summary>
public enum ApiGeneration
{
    /// <summary>Agents addressed by namespace and name under <c>/api/agents</c>; the base URI has no path.</summary>
    Namespaced,

    /// <summary>The v1 workspace API: the base URI ends in <c>/api/v1</c> or <c>/api/v1/workspaces/{workspace}</c>, and agents are addressed by name.</summary>
    V1,
}

/// <summary>Every call the module makes, by what it does rather than where it goes.</summary>
internal enum ApiOperation
{
    ListAgents,
    GetAgent,
    DeleteAgent,
    InvokeAgent,
    Deploy,
    ListAccessRequests,
    GetAccessRequest,
    ApproveAccessRequest,
    RejectAccessRequest,
    ListRuns,
    GetRun,
    ListRunEvents,
    ListTools,
    GetTool,
    UpsertTool,
    DeleteTool,
    ProbeToolUrl,
    TestTool,
    ListModelProviders,
    GetModelProvider,
    UpsertModelProvider,
    DeleteModelProvider,
    GetModelSpend,
    ListPolicies,
    GetPolicy,
    CreatePolicy,
    ReplacePolicy,
    DeletePolicy,
    TranslatePolicy,
    ListApprovalConnectors,
    GetApprovalConnector,
    CreateApprovalConnector,
    UpdateApprovalConnector,
    DeleteApprovalConnector,
    TestApprovalConnector,
    GetApprovalConnectorDefaults,
    SetApprovalConnectorDefaults,
    ListApprovalConnectorActivity,
    ListIdentityProviders,
    GetIdentityProvider,
    UpsertIdentityProvider,
    DeleteIdentityProvider,
    GetAgentConfig,
    UpdateAgentConfig,
    GetAuthSettings,
    SetAuthSettings,
    ListApiKeys,
    CreateApiKey,
    RevokeApiKey,
    RotateApiKey,
    ListCatalog,
    GetCatalogManifest,
    ListCatalogVersions,
    UpdateRunStatus,
    GetBlockedAction,
    ValidateActionPlan,
    ApplyActionPlan,
    InvokeAgentStream,
}

/// <summary>
/// The one table of the API's methods and paths per generation, so that no cmdlet or area class builds
/// a path. A new operation is a new row here.
/// </summary>
internal static class ApiRoutes
{

    private static readonly Dictionary<ApiOperation, Route> s_routes = new()
    {
        [ApiOperation.ListAgents] = new(HttpMethod.Get, "api/agents", "agents"),
        [ApiOperation.GetAgent] = new(HttpMethod.Get, "api/agents/{namespace}/{name}", "agents/{name}"),
        [ApiOperation.DeleteAgent] = new(HttpMethod.Delete, "api/agents/{namespace}/{name}", "agents/{name}"),
        [ApiOperation.InvokeAgent] = new(HttpMethod.Post, "api/agents/{namespace}/{name}/invoke", "agents/{name}/invoke"),
        [ApiOperation.Deploy] = new(HttpMethod.Post, "api/deploy", "deploy"),
        [ApiOperation.ListAccessRequests] = new(HttpMethod.Get, "governance/requests", "approvals/requests"),
        [ApiOperation.GetAccessRequest] = new(HttpMethod.Get, "governance/requests/{id}", "approvals/requests/{id}"),
        [ApiOperation.ApproveAccessRequest] = new(HttpMethod.Post, "governance/requests/{id}/approve", "approvals/requests/{id}/approve"),
        [ApiOperation.RejectAccessRequest] = new(HttpMethod.Post, "governance/requests/{id}/reject", "approvals/requests/{id}/reject"),
        [ApiOperation.ListRuns] = new(HttpMethod.Get, "runs", "runs"),
        [ApiOperation.GetRun] = new(HttpMethod.Get, "runs/{id}", "runs/{id}"),
        [ApiOperation.ListRunEvents] = new(HttpMethod.Get, "runs/{id}/events", "runs/{id}/events"),
        [ApiOperation.ListTools] = new(HttpMethod.Get, "api/tools", "tools"),
        [ApiOperation.GetTool] = new(HttpMethod.Get, "api/tools/{name}", "tools/{name}"),
        [ApiOperation.UpsertTool] = new(HttpMethod.Post, "api/tools", "tools"),
        [ApiOperation.DeleteTool] = new(HttpMethod.Delete, "api/tools/{name}", "tools/{name}"),
        [ApiOperation.ProbeToolUrl] = new(HttpMethod.Post, "api/tools/probe", "tools/probe"),
        [ApiOperation.TestTool] = new(HttpMethod.Post, "api/tools/{name}/test", "tools/{name}/test"),
        [ApiOperation.ListModelProviders] = new(HttpMethod.Get, "api/model-providers", "model-providers"),
        [ApiOperation.GetModelProvider] = new(HttpMethod.Get, "api/model-providers/{name}", "model-providers/{name}"),
        [ApiOperation.UpsertModelProvider] = new(HttpMethod.Post, "api/model-providers", "model-providers"),
        [ApiOperation.DeleteModelProvider] = new(HttpMethod.Delete, "api/model-providers/{name}", "model-providers/{name}"),

        // The namespaced route is known only from the server's own route list, and is not the mechanical api/model-spend.
        [ApiOperation.GetModelSpend] = new(HttpMethod.Get, "api/dashboard/model-spend", "model-spend"),
        [ApiOperation.ListPolicies] = new(HttpMethod.Get, "api/policies", "policies"),
        [ApiOperation.GetPolicy] = new(HttpMethod.Get, "api/policies/{name}", "policies/{name}"),
        [ApiOperation.CreatePolicy] = new(HttpMethod.Post, "api/policies", "policies"),
        [ApiOperation.ReplacePolicy] = new(HttpMethod.Put, "api/policies/{name}", "policies/{name}"),
        [ApiOperation.DeletePolicy] = new(HttpMethod.Delete, "api/policies/{name}", "policies/{name}"),
        [ApiOperation.TranslatePolicy] = new(HttpMethod.Post, "api/policies/translate", "policies/translate"),
        [ApiOperation.ListApprovalConnectors] = new(HttpMethod.Get, "api/settings/approval-connectors", "approval-connectors"),
        [ApiOperation.GetApprovalConnector] = new(HttpMethod.Get, "api/settings/approval-connectors/{id}", "approval-connectors/{id}"),
        [ApiOperation.CreateApprovalConnector] = new(HttpMethod.Post, "api/settings/approval-connectors", "approval-connectors"),
        [ApiOperation.UpdateApprovalConnector] = new(new HttpMethod("PATCH"), "api/settings/approval-connectors/{id}", "approval-connectors/{id}"),
        [ApiOperation.DeleteApprovalConnector] = new(HttpMethod.Delete, "api/settings/approval-connectors/{id}", "approval-connectors/{id}"),
        [ApiOperation.TestApprovalConnector] = new(HttpMethod.Post, "api/settings/approval-connectors/test", "approval-connectors/test"),
        [ApiOperation.GetApprovalConnectorDefaults] = new(HttpMethod.Get, "api/settings/approval-connectors/defaults", "approval-connectors/defaults"),
        [ApiOperation.SetApprovalConnectorDefaults] = new(HttpMethod.Put, "api/settings/approval-connectors/defaults", "approval-connectors/defaults"),
        [ApiOperation.ListApprovalConnectorActivity] = new(HttpMethod.Get, "api/settings/approval-connectors/activity", "approval-connectors/activity"),
        [ApiOperation.ListIdentityProviders] = new(HttpMethod.Get, "api/identity-providers", "identity-providers"),
        [ApiOperation.GetIdentityProvider] = new(HttpMethod.Get, "api/identity-providers/{name}", "identity-providers/{name}"),
        [ApiOperation.UpsertIdentityProvider] = new(HttpMethod.Post, "api/identity-providers", "identity-providers"),
        [ApiOperation.DeleteIdentityProvider] = new(HttpMethod.Delete, "api/identity-providers/{name}", "identity-providers/{name}"),

        // The namespaced route of an agent's config is known only from the server's handler of /api/agents/ (no contract has it).
        [ApiOperation.GetAgentConfig] = new(HttpMethod.Get, "api/agents/{namespace}/{name}/config", "agents/{name}/config"),
        [ApiOperation.UpdateAgentConfig] = new(HttpMethod.Put, "api/agents/{namespace}/{name}/config", "agents/{name}/config"),

        // Workspace auth: the namespaced routes are known only from the server's own route list (no contract has them).
        [ApiOperation.GetAuthSettings] = new(HttpMethod.Get, "api/settings/auth", "settings/auth"),
        [ApiOperation.SetAuthSettings] = new(HttpMethod.Put, "api/settings/auth", "settings/auth"),
        [ApiOperation.ListApiKeys] = new(HttpMethod.Get, "api/auth/api-keys", "auth/api-keys"),
        [ApiOperation.CreateApiKey] = new(HttpMethod.Post, "api/auth/api-keys", "auth/api-keys"),
        [ApiOperation.RevokeApiKey] = new(HttpMethod.Delete, "api/auth/api-keys/{id}", "auth/api-keys/{id}"),
        [ApiOperation.RotateApiKey] = new(HttpMethod.Post, "api/auth/api-keys/{id}/rotate", "auth/api-keys/{id}/rotate"),

        // The agent catalog (blueprints): the same three reads on both generations.
        [ApiOperation.ListCatalog] = new(HttpMethod.Get, "api/catalog", "catalog"),
        [ApiOperation.GetCatalogManifest] = new(HttpMethod.Get, "api/catalog/{id}", "catalog/{id}"),
        [ApiOperation.ListCatalogVersions] = new(HttpMethod.Get, "api/catalog/{id}/versions", "catalog/{id}/versions"),
        // Runs keep the same relative paths on both generations; a blocked action's id takes the {name} slot.
        [ApiOperation.UpdateRunStatus] = new(new HttpMethod("PATCH"), "runs/{id}", "runs/{id}"),
        [ApiOperation.GetBlockedAction] = new(HttpMethod.Get, "runs/{id}/actions/{name}", "runs/{id}/actions/{name}"),

        // Action plans: the namespaced routes are known from the server's route list and seed-era clients, in no contract.
        [ApiOperation.ValidateActionPlan] = new(HttpMethod.Post, "api/actions/validate", "actions/validate"),
        [ApiOperation.ApplyActionPlan] = new(HttpMethod.Post, "api/actions/apply", "actions/apply"),
        // The streamed invoke (server-sent events) is in neither contract: the root path is the one HEAD's example uses.
        [ApiOperation.InvokeAgentStream] = new(HttpMethod.Post, "api/agents/{namespace}/{name}/invoke/stream", "agents/{name}/invoke/stream"),
    };

    /// <summary>The generation a base URI speaks: v1 when its path is <c>/api/v1</c> or <c>/api/v1/workspaces/{ws}</c>.</summary>
    /// <returns>The generation, and the workspace named in the path, if any.</returns>
    /// <exception cref="ArgumentException">The path is under <c>/api/v1</c> but is not one of the two v1 bases, such as the URL of one call.</exception>
    public static (ApiGeneration Generation, string? Workspace) Detect(Uri baseUri)
    {
        CheckSegments(baseUri);
        var segments = baseUri.AbsolutePath.Trim('/').Split('/');
        if (segments.Length < 2 || segments[0] != "api" || segments[1] != "v1")
        {
            return (ApiGeneration.Namespaced, null);
        }

        if (segments.Length == 2)
        {
            return (ApiGeneration.V1, null);
        }

        // Paths would be added below anything more (say .../api/v1/agents, copied from one call), and every call would miss.
        if (segments.Length == 4 && segments[2] == "workspaces" && segments[3].Length > 0)
        {
            var workspace = Uri.UnescapeDataString(segments[3]);
            if (AgentPath.Problem(workspace) is string problem)
            {
                throw new ArgumentException($"The workspace in '{ServerText.Clean(baseUri.GetLeftPart(UriPartial.Authority))}/api/v1/workspaces/...' cannot be one: {problem}.");
            }

            return (ApiGeneration.V1, workspace);
        }

        var root = baseUri.GetLeftPart(UriPartial.Authority);
        throw new ArgumentException($"'{baseUri.GetLeftPart(UriPartial.Path)}' is not the base URI of the v1 API: give {root}/api/v1, or {root}/api/v1/workspaces/ and the workspace's name.");
    }

    /// <summary>
    /// Refuses a base URI whose path, as it was written, has a <c>.</c> or <c>..</c> segment (escaped or not) or a control
    /// character: <see cref="Uri"/> removes dot segments, so <c>/api/v1/workspaces/%2E%2E</c> would silently become the
    /// base of no workspace, and every call would go to the token's default workspace instead of the one meant.
    /// </summary>
    private static void CheckSegments(Uri baseUri)
    {
        var written = baseUri.OriginalString;
        var start = written.IndexOf("://", StringComparison.Ordinal);
        start = start < 0 ? 0 : written.IndexOf('/', start + 3);
        if (start < 0)
        {
            return;
        }

        var end = written.IndexOfAny(new[] { '?', '#' }, start);
        var path = end < 0 ? written.Substring(start) : written.Substring(start, end - start);
        foreach (var segment in path.Split('/'))
        {
            var value = Uri.UnescapeDataString(segment);
            if (value is "." or ".." || value.Any(char.IsControl))
            {
                throw new ArgumentException($"The path of the URI of '{ServerText.Clean(baseUri.Host)}' has a segment that cannot be part of a base URI ('{ServerText.Clean(value)}'): give the base URI as it is, such as {baseUri.GetLeftPart(UriPartial.Authority)}/api/v1/workspaces/ and the workspace's name.");
            }
        }
    }

    /// <summary>The method and path (relative to the base URI, escaped) of <paramref name="operation"/>.</summary>
    /// <exception cref="ArgumentException">A value the path needs is missing, or cannot be a path segment.</exception>
    public static (HttpMethod Method, string Path) Resolve(ApiGeneration generation, ApiOperation operation, string? ns = null, string? name = null, string? id = null)
    {
        var route = s_routes[operation];
        var template = generation == ApiGeneration.V1 ? route.V1 : route.Namespaced;
        var path = new StringBuilder(template.Length + 32);
        var start = 0;
        while (true)
        {
            var open = template.IndexOf('{', start);
            if (open < 0)
            {
                path.Append(template, start, template.Length - start);
                return (route.Method, path.ToString());
            }

            var close = template.IndexOf('}', open);
            path.Append(template, start, open - start);
            var placeholder = template.Substring(open + 1, close - open - 1);
            path.Append(Uri.EscapeDataString(Segment(placeholder, placeholder switch
            {
                "namespace" => ns,
                "name" => name,
                _ => id,
            })));
            start = close + 1;
        }
    }

    private static string Segment(string placeholder, string? value)
    {
        if (value is null)
        {
            throw new ArgumentException(placeholder == "namespace"
                ? "A namespace is needed: this platform addresses agents by namespace and name."
                : $"A {placeholder} is needed.");
        }

        var problem = AgentPath.Problem(value);
        if (problem is not null)
        {
            throw new ArgumentException($"'{value}' cannot be a {placeholder}: {problem}.");
        }

        return value;
    }

    private sealed class Route
    {
        public Route(HttpMethod method, string namespaced, string v1)
        {
            Method = method;
            Namespaced = namespaced;
            V1 = v1;
        }

        public HttpMethod Method { get; }

        public string Namespaced { get; }

        public string V1 { get; }
    }
}
