using System;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Client;

/// <summary>The Deploy API: create or update an agent (<c>POST /api/deploy</c>, <c>POST /deploy</c> on v1).</summary>
internal sealed class DeployApi
{
    private readonly ApiTransport _transport;

    public DeployApi(ApiTransport transport)
    {
        _transport = transport;
    }

    /// <summary>Sends a deploy body in the API's own shape (<c>agent_name</c>, <c>image</c>, ...) and returns the answer.</summary>
    /// <remarks>Retried like a GET: deploying the same agent again updates it, so a second attempt does no harm.</remarks>
    public async Task<DeployResult> DeployAsync(string jsonBody, RequestOptions? options, CancellationToken cancellationToken)
    {
        var generation = _transport.Connection.Generation;
        var (method, path) = ApiRoutes.Resolve(generation, ApiOperation.Deploy);
        var request = new ApiRequest(method, path, "the answer to the deploy")
        {
            Body = generation == ApiGeneration.V1 ? WithoutNamespace(jsonBody) : jsonBody,
            Idempotent = true,
        };
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        return await answer.ReadJsonAsync(RunAgentsJsonContext.Default.DeployResult, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The v1 deploy has no namespace: the workspace in the URI says where the agent goes.</summary>
    private static string WithoutNamespace(string jsonBody)
    {
        if (JsonNode.Parse(jsonBody) is JsonObject body && body.Remove("namespace"))
        {
            return body.ToJsonString();
        }

        return jsonBody;
    }
}
