using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// The approval connectors' API (C1-C9): connectors by id, the test of a configuration, the workspace's defaults and
/// the delivery activity. Every answer about a connector holds its header values in clear: they are hidden in traces
/// and errors here, and in objects by <see cref="ApprovalConnector.From"/>.
/// </summary>
internal sealed class ApprovalConnectorsApi
{
    /// <summary>Words the connector routes keep for themselves below the prefix, which cannot be ids.</summary>
    internal static readonly string[] ReservedIds = { "defaults", "test", "activity" };

    private readonly ApiTransport _transport;

    public ApprovalConnectorsApi(ApiTransport transport)
    {
        _transport = transport;
    }

    /// <summary>Every connector, in clear, in the platform's order (C1).</summary>
    public async Task<List<JsonObject>> ListAsync(RequestOptions? options, CancellationToken cancellationToken)
    {
        var root = await SendAsync(Request(ApiOperation.ListApprovalConnectors, null, "the list of approval connectors", RetryClass.Freely), options, cancellationToken).ConfigureAwait(false);
        var items = root.Node as JsonArray ?? (root.Node as JsonObject)?["items"] as JsonArray
            ?? throw root.Answer.InvalidBody(root.Bytes, "expected the list of approval connectors as a JSON array, but the body is not one");
        return items.OfType<JsonObject>().Select(i => (JsonObject)i.DeepClone()).ToList();
    }

    /// <summary>One connector by id, in clear (C3); a 404 is <see cref="ApiFailure.NotFound"/>.</summary>
    public async Task<JsonObject> GetAsync(string id, RequestOptions? options, CancellationToken cancellationToken)
    {
        var root = await SendAsync(Request(ApiOperation.GetApprovalConnector, id, $"the approval connector '{id}'", RetryClass.Freely), options, cancellationToken).ConfigureAwait(false);
        return Checked(root, id);
    }

    /// <summary>Creates a connector (C2). Never sent twice: a second copy would make a second connector of the same name.</summary>
    public async Task<JsonObject?> CreateAsync(JsonObject body, RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Request(ApiOperation.CreateApprovalConnector, null, $"the approval connector '{Name(body)}'", RetryClass.Never);
        request.Body = body.ToJsonString();
        request.MaskedValues = Secrets(body);
        var root = await SendAsync(request, options, cancellationToken, write: true).ConfigureAwait(false);
        return root.Node as JsonObject;
    }

    /// <summary>Changes the fields of <paramref name="patch"/> of a connector (C4); the others stay as they are.</summary>
    public async Task<JsonObject?> UpdateAsync(string id, JsonObject patch, RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Request(ApiOperation.UpdateApprovalConnector, id, $"the approval connector '{id}'", RetryClass.Freely);
        request.Body = patch.ToJsonString();
        request.MaskedValues = Secrets(patch);
        var root = await SendAsync(request, options, cancellationToken, write: true).ConfigureAwait(false);
        return root.Node is JsonObject ? Checked(root, id) : null;
    }

    /// <summary>Deletes a connector (C5); see <see cref="ResourceApi{T}.DeleteAsync"/> for what the answer means.</summary>
    public async Task<string?> DeleteAsync(string id, RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Request(ApiOperation.DeleteApprovalConnector, id, $"the answer to deleting the approval connector '{id}'", RetryClass.Freely);
        try
        {
            using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
            try
            {
                await answer.RequireJsonAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RunAgentsApiException e) when (e.Failure == ApiFailure.InvalidResponse && !answer.Redirected)
            {
                return $"The approval connector '{id}' was deleted (HTTP {(int)answer.Response.StatusCode}), but the platform's answer is not what the API gives: {e.Description}.";
            }

            await answer.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (RunAgentsApiException e) when (e.Failure == ApiFailure.NotFound && e.Attempts > 1)
        {
            return $"The approval connector '{id}' was not found on attempt {e.Attempts}; attempt {e.Attempts - 1} failed with {e.EarlierFailure ?? "an error"} and most likely deleted it.";
        }
    }

    /// <summary>Has the platform test a configuration (C6), which sends a real message: never sent twice.</summary>
    public async Task<ApprovalConnectorTestResult> TestAsync(JsonObject config, RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Request(ApiOperation.TestApprovalConnector, null, "the result of the connector test", RetryClass.Never);
        request.Body = config.ToJsonString();
        var secrets = Secrets(config);
        request.MaskedValues = secrets;
        var root = await SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        var item = root.Node as JsonObject ?? throw root.Answer.InvalidBody(root.Bytes, "expected the result of the connector test as a JSON object");
        string? Clean(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? ServerText.Clean(TraceMask.Apply(s, secrets)) : null;
        var status = Clean(item["status"]);
        return new ApprovalConnectorTestResult
        {
            Status = status,
            Healthy = string.Equals(status, "healthy", StringComparison.OrdinalIgnoreCase),
            ConnectorType = Clean(item["connector_type"]),
            Endpoint = Clean(item["endpoint"]),
            Checks = (item["checks"] as JsonArray)?.OfType<JsonObject>().Select(c => new ApprovalConnectorCheck
            {
                Id = Clean(c["id"]),
                Label = Clean(c["label"]),
                Status = Clean(c["status"]),
                Message = Clean(c["message"]),
                DurationMs = Number(c["duration_ms"]),
            }).ToArray() ?? Array.Empty<ApprovalConnectorCheck>(),
        };
    }

    /// <summary>The workspace's delivery defaults (C7).</summary>
    public async Task<ApprovalConnectorDefaults> GetDefaultsAsync(RequestOptions? options, CancellationToken cancellationToken)
    {
        var root = await SendAsync(Request(ApiOperation.GetApprovalConnectorDefaults, null, "the approval connector defaults", RetryClass.Freely), options, cancellationToken).ConfigureAwait(false);
        return Defaults(root);
    }

    /// <summary>Sets the defaults <paramref name="body"/> names (C8); the others stay as they are.</summary>
    public async Task<ApprovalConnectorDefaults?> SetDefaultsAsync(JsonObject body, RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Request(ApiOperation.SetApprovalConnectorDefaults, null, "the approval connector defaults", RetryClass.Freely);
        request.Body = body.ToJsonString();
        var root = await SendAsync(request, options, cancellationToken, write: true).ConfigureAwait(false);
        return root.Node is JsonObject ? Defaults(root) : null;
    }

    /// <summary>The newest <paramref name="limit"/> delivery events (C9), newest first as the platform gives them.</summary>
    public async Task<List<ApprovalConnectorActivity>> ActivityAsync(int limit, RequestOptions? options, CancellationToken cancellationToken)
    {
        var (method, path) = ApiRoutes.Resolve(_transport.Connection.Api, ApiOperation.ListApprovalConnectorActivity);
        var request = new ApiRequest(method, path + "?limit=" + limit.ToString(CultureInfo.InvariantCulture), "the approval connector activity") { Retry = RetryClass.Freely, ResponseMask = ConnectorSecrets.MaskText };
        var root = await SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        var items = root.Node as JsonArray ?? (root.Node as JsonObject)?["items"] as JsonArray
            ?? throw root.Answer.InvalidBody(root.Bytes, "expected the approval connector activity as a JSON array");
        return items.OfType<JsonObject>().Select(row => new ApprovalConnectorActivity
        {
            Id = Text(row, "id"),
            Time = Text(row, "timestamp") is { } t && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time.ToUniversalTime() : null,
            Event = Text(row, "event"),
            ConnectorId = Text(row, "connector_id"),
            ConnectorName = Text(row, "connector_name"),
            RequestId = Text(row, "request_id"),
            RunId = Text(row, "run_id"),
            ActionId = Text(row, "action_id"),
            ApproverId = Text(row, "approver_id"),
            Decision = Text(row, "decision"),
            StatusCode = (int?)Number(row["status_code"]),
            DurationMs = Number(row["duration_ms"]),
            Message = Text(row, "message"),
            AdditionalFields = Others(row, "id", "timestamp", "event", "connector_id", "connector_name", "request_id", "run_id", "action_id", "approver_id", "decision", "status_code", "duration_ms", "message"),
        }).ToList();
    }

    /// <summary>The header values of a body, which traces and errors show masked.</summary>
    internal static string[] Secrets(JsonObject body) =>
        (body["headers"] as JsonObject)?.Select(h => h.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().Where(s => s.Length > 0).ToArray() ?? Array.Empty<string>();

    private static ApprovalConnectorDefaults Defaults(Parsed root)
    {
        var item = root.Node as JsonObject ?? throw root.Answer.InvalidBody(root.Bytes, "expected the approval connector defaults as a JSON object");
        return new ApprovalConnectorDefaults
        {
            DeliveryMode = Text(item, "default_delivery_mode"),
            FallbackToUI = item["default_fallback_to_ui"] is JsonValue f && f.TryGetValue<bool>(out var fallback) ? fallback : null,
            DeliveryTimeoutSec = (int?)Number(item["default_timeout_seconds"]),
            MinTimeoutSec = (int?)Number(item["min_timeout_seconds"]),
            MaxTimeoutSec = (int?)Number(item["max_timeout_seconds"]),
            AdditionalFields = Others(item, "default_delivery_mode", "default_fallback_to_ui", "default_timeout_seconds", "min_timeout_seconds", "max_timeout_seconds"),
        };
    }

    private static string? Text(JsonObject obj, string field) =>
        obj[field] is JsonValue value && value.TryGetValue<string>(out var text) ? ServerText.Clean(text) : null;

    private static long? Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var number) && number == Math.Floor(number) && Math.Abs(number) < int.MaxValue ? (long)number : null;

    private static JsonFields Others(JsonObject obj, params string[] known)
    {
        var fields = new Dictionary<string, JsonElement>();
        foreach (var pair in obj.Where(p => Array.IndexOf(known, p.Key) < 0))
        {
            fields[pair.Key] = JsonDocument.Parse(pair.Value?.ToJsonString() ?? "null").RootElement.Clone();
        }

        return JsonFields.From(fields);
    }

    private static string Name(JsonObject body) => body["name"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty;

    private static JsonObject Checked(Parsed root, string id)
    {
        var item = root.Node as JsonObject ?? throw root.Answer.InvalidBody(root.Bytes, $"expected the approval connector '{id}' as a JSON object");
        var answered = item["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (answered is null)
        {
            item["id"] = id;
        }
        else if (!string.Equals(answered, id, StringComparison.Ordinal))
        {
            throw root.Answer.AnswerForAnother($"the approval connector '{id}'", $"the approval connector '{ServerText.Clean(answered)}'");
        }

        return item;
    }

    private ApiRequest Request(ApiOperation operation, string? id, string what, RetryClass retry)
    {
        var (method, path) = ApiRoutes.Resolve(_transport.Connection.Api, operation, id: id);
        return new ApiRequest(method, path, what)
        {
            Retry = retry,
            ResponseMask = ConnectorSecrets.MaskText,
            NotFoundMessages = id is null ? Array.Empty<string>() : new[] { "approval connector not found", "connector not found", $"approval connector \"{id}\" not found", $"approval connector {id} not found", $"approval connector '{id}' not found" },
        };
    }

    /// <summary>Sends a request and reads its JSON answer; a write's answer that is not JSON is null, not a failure (the write happened).</summary>
    private async Task<Parsed> SendAsync(ApiRequest request, RequestOptions? options, CancellationToken cancellationToken, bool write = false)
    {
        var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        try
        {
            await answer.RequireJsonAsync(cancellationToken).ConfigureAwait(false);
            var bytes = await answer.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return new Parsed(answer, bytes, bytes.Count == 0 && write ? null : JsonNode.Parse(bytes.AsSpan()));
            }
            catch (JsonException e)
            {
                if (write)
                {
                    return new Parsed(answer, bytes, null);
                }

                throw answer.InvalidBody(bytes, $"{request.What} is not JSON ({e.Message})", e);
            }
        }
        catch (RunAgentsApiException e) when (write && e.Failure == ApiFailure.InvalidResponse && !answer.Redirected)
        {
            return new Parsed(answer, default, null);
        }
        finally
        {
            answer.Dispose();
        }
    }

    private sealed class Parsed
    {
        public Parsed(ApiResponse answer, ArraySegment<byte> bytes, JsonNode? node)
        {
            Answer = answer;
            Bytes = bytes;
            Node = node;
        }

        public ApiResponse Answer { get; }

        public ArraySegment<byte> Bytes { get; }

        public JsonNode? Node { get; }
    }
}
