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
    /// <param name="jsonBody">The body.</param>
    /// <param name="secrets">Values in the body that traces must not show, such as an environment variable given as a SecureString.</param>
    /// <param name="options">This call's settings.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <remarks>
    /// Sent again only when the platform cannot have acted on it: a deploy that reached the platform may have
    /// started a build and created tools, which a second copy would do again. A gateway's 502 or 504 or a
    /// connection dropped after the body was sent says nothing about that, so it is reported, not retried.
    /// </remarks>
    public async Task<WriteOutcome<DeployResult>> DeployAsync(string jsonBody, string[] secrets, RequestOptions? options, CancellationToken cancellationToken)
    {
        var generation = _transport.Connection.Api;
        var (method, path) = ApiRoutes.Resolve(generation, ApiOperation.Deploy);
        var request = new ApiRequest(method, path, "the answer to the deploy")
        {
            Body = generation == ApiGeneration.V1 ? WithoutNamespace(jsonBody) : jsonBody,
            Retry = RetryClass.UnlessReceived,
            MaskedValues = secrets,
        };
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        return await answer.ReadWriteAnswerAsync(RunAgentsJsonContext.Default.DeployResult, "took the deploy", cancellationToken).ConfigureAwait(false);
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
