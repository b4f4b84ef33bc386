using System;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Client;

/// <summary>An agent's config (<c>GET</c> and <c>PUT .../agents/{name}/config</c>; <c>/api/agents/{namespace}/{name}/config</c> on the root API).</summary>
/// <remarks>
/// The root generation's route is known only from the server's handler of <c>/api/agents/</c>, not from a contract, so
/// a 404 or 405 there that is not the API's own "agent not found" means the platform does not have it
/// (<see cref="NotSupported"/>), not a missing agent.
/// </remarks>
internal sealed class AgentConfigApi
{
    private readonly ApiTransport _transport;
    private readonly RunAgentsClient _agents;

    public AgentConfigApi(ApiTransport transport, RunAgentsClient agents)
    {
        _transport = transport;
        _agents = agents;
    }

    /// <summary>True when a failure says the platform of this generation has no agent config route.</summary>
    public bool NotSupported(RunAgentsApiException e) =>
        _transport.Connection.Api == ApiGeneration.Namespaced && e.Failure == ApiFailure.HttpStatus && e.StatusCode is 404 or 405;

    /// <summary>The agent's config; a read, so retried freely. On v1 a namespace given is checked against the agent's.</summary>
    public async Task<AgentConfig> GetAsync(string? ns, string name, RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Request(ApiOperation.GetAgentConfig, ns, name, $"the config of agent '{AgentPath.Identity(ns, name)}'");
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        var config = await ReadAsync(answer, ns, name, cancellationToken).ConfigureAwait(false);
        if (_transport.Connection.Api == ApiGeneration.V1 && ns is not null)
        {
            if (config.Namespace is null)
            {
                // The config does not say: the agent does (and a mismatch is its "not found").
                await _agents.GetAgentAsync(ns, name, options, cancellationToken).ConfigureAwait(false);
            }
            else if (!string.Equals(config.Namespace, ns, StringComparison.OrdinalIgnoreCase))
            {
                throw answer.NotFound($"agent {AgentPath.Identity(ns, name)} not found: this platform finds agents by name alone, and the agent its name leads to is in namespace '{config.Namespace}'");
            }
        }

        return config;
    }

    /// <summary>Writes the fields of <paramref name="body"/> (PUT): the same body twice leaves the same config, so it may be retried.</summary>
    public async Task<AgentConfig> UpdateAsync(string? ns, string name, JsonObject body, RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Request(ApiOperation.UpdateAgentConfig, ns, name, $"the updated config of agent '{AgentPath.Identity(ns, name)}'");
        request.Body = body.ToJsonString();
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(answer, ns, name, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AgentConfig> ReadAsync(ApiResponse answer, string? ns, string name, CancellationToken cancellationToken)
    {
        await answer.RequireJsonAsync(cancellationToken).ConfigureAwait(false);
        var bytes = await answer.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        JsonObject item;
        try
        {
            item = JsonNode.Parse(bytes.AsSpan()) as JsonObject
                ?? throw answer.InvalidBody(bytes, $"expected the config of agent '{AgentPath.Identity(ns, name)}' as a JSON object, but the body is not one");
        }
        catch (JsonException e)
        {
            throw answer.InvalidBody(bytes, $"the config of agent '{AgentPath.Identity(ns, name)}' is not JSON ({e.Message})", e);
        }

        var config = new AgentConfig { Document = item };
        if (config.Agent.Length == 0)
        {
            item["agent_name"] = name;
        }
        else if (!string.Equals(config.Agent, name, StringComparison.OrdinalIgnoreCase))
        {
            throw answer.AnswerForAnother($"the config of agent '{AgentPath.Identity(ns, name)}'", $"the config of agent '{config}'");
        }

        if (config.Namespace is null && ns is not null && _transport.Connection.Api == ApiGeneration.Namespaced)
        {
            item["namespace"] = ns;
        }

        config.Json = ServerText.Clean(Encoding.UTF8.GetString(bytes.Array!, bytes.Offset, bytes.Count));
        return config;
    }

    private ApiRequest Request(ApiOperation operation, string? ns, string name, string what)
    {
        var (method, path) = ApiRoutes.Resolve(_transport.Connection.Api, operation, ns, name);
        return new ApiRequest(method, path, what)
        {
            // A PUT of the same fields leaves the same config: retried as freely as a read.
            Retry = RetryClass.Freely,

            // Only the API's own words mean the agent does not exist; any other 404 is a wrong URL, or a platform without the route.
            NotFoundMessages = new[] { $"agent {AgentPath.Identity(ns, name)} not found", $"agent {name} not found", $"agent \"{name}\" not found", "agent not found" },
        };
    }
}
