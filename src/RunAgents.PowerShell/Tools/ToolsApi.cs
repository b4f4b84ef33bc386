using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Client;

/// <summary>What tools have beside the named-resource calls: probing a URL, and testing a registered tool.</summary>
internal sealed class ToolsApi
{
    private readonly ApiTransport _transport;

    public ToolsApi(ApiTransport transport)
    {
        _transport = transport;
    }

    /// <summary>Asks the platform to call a URL and say whether it answers (<c>POST .../tools/probe</c>); changes nothing, so it may be retried.</summary>
    public Task<ToolProbe> ProbeAsync(string url, RequestOptions? options, CancellationToken cancellationToken)
    {
        var (method, path) = ApiRoutes.Resolve(_transport.Connection.Api, ApiOperation.ProbeToolUrl);
        var request = new ApiRequest(method, path, $"the probe of '{url}'")
        {
            Body = new JsonObject { ["url"] = url }.ToJsonString(),
            Retry = RetryClass.Freely,
        };
        return SendAsync(request, null, url, options, cancellationToken);
    }

    /// <summary>Asks the platform to test a registered tool (<c>POST .../tools/{name}/test</c>), which also refreshes its status.</summary>
    public Task<ToolProbe> TestAsync(string name, RequestOptions? options, CancellationToken cancellationToken)
    {
        var (method, path) = ApiRoutes.Resolve(_transport.Connection.Api, ApiOperation.TestTool, name: name);
        var request = new ApiRequest(method, path, $"the test of tool '{name}'")
        {
            Retry = RetryClass.Freely,
            NotFoundMessages = ToolKind.Kind.NotFoundMessages(name),
        };
        return SendAsync(request, name, null, options, cancellationToken);
    }

    private async Task<ToolProbe> SendAsync(ApiRequest request, string? name, string? url, RequestOptions? options, CancellationToken cancellationToken)
    {
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        var result = await answer.ReadJsonAsync(RunAgentsJsonContext.Default.JsonObject, cancellationToken).ConfigureAwait(false);
        return new ToolProbe
        {
            Name = name,
            Uri = url ?? Text(result["url"]),
            Reachable = result["reachable"] is JsonValue reachable && reachable.TryGetValue<bool>(out var yes) && yes,
            StatusCode = result["status_code"] is JsonValue code && code.TryGetValue<int>(out var status) ? status : null,
            LatencyMs = result["latency_ms"] is JsonValue latency && latency.TryGetValue<long>(out var ms) ? ms : null,
        };
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? ServerText.Clean(text) : null;
}
