using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Client;

/// <summary>Model spend against budgets (<c>GET /api/dashboard/model-spend</c>, <c>GET /model-spend</c> on v1).</summary>
/// <remarks>
/// The root generation's route is known only from the server's own route list, not from a contract, so a 404 or a
/// 405 there means the platform does not have it: <see cref="NotSupported"/>, not a missing object.
/// </remarks>
internal sealed class ModelSpendApi
{
    private readonly ApiTransport _transport;

    public ModelSpendApi(ApiTransport transport)
    {
        _transport = transport;
    }

    /// <summary>True when a failure says the platform of this generation has no model spend.</summary>
    public bool NotSupported(RunAgentsApiException e) =>
        _transport.Connection.Api == ApiGeneration.Namespaced && e.StatusCode is 404 or 405;

    /// <summary>The summary, with the warnings and the top models in it; a read, so retried freely.</summary>
    public async Task<ModelSpend> GetAsync(RequestOptions? options, CancellationToken cancellationToken)
    {
        var (method, path) = ApiRoutes.Resolve(_transport.Connection.Api, ApiOperation.GetModelSpend);
        var request = new ApiRequest(method, path, "the model spend") { Retry = RetryClass.Freely };
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        await answer.RequireJsonAsync(cancellationToken).ConfigureAwait(false);
        var bytes = await answer.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.AsMemory());
        }
        catch (JsonException e)
        {
            throw answer.InvalidBody(bytes, $"the model spend is not JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw answer.InvalidBody(bytes, "expected the model spend as a JSON object, but the body is not one");
            }

            var summary = root.TryGetProperty("summary", out var s) ? s : default;
            var spend = ModelSpend.From(summary, Rows(root, "warnings"), Rows(root, "top_models"));
            spend.Json = ServerText.Clean(Encoding.UTF8.GetString(bytes.Array!, bytes.Offset, bytes.Count));
            return spend;
        }
    }

    private static ModelSpendItem[] Rows(JsonElement root, string field) =>
        root.TryGetProperty(field, out var rows) && rows.ValueKind == JsonValueKind.Array
            ? rows.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object).Select(ModelSpendItem.From).ToArray()
            : Array.Empty<ModelSpendItem>();
}
