using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Client;

/// <summary>What a create or a rotation answered: the key's metadata and its token, shown this once.</summary>
internal sealed class IssuedToken
{
    public IssuedToken(WorkspaceApiKey key, string token, string header)
    {
        Key = key;
        Token = token;
        Header = header;
    }

    public WorkspaceApiKey Key { get; }

    public string Token { get; }

    public string Header { get; }
}

/// <summary>
/// The workspace's API keys and auth settings (<c>/auth/api-keys</c>, <c>/settings/auth</c> on v1; <c>/api/auth/api-keys</c>,
/// <c>/api/settings/auth</c> on the root generation, known there only from the server's own route list, so a 404 or a
/// 405 there means the platform does not have them: <see cref="NotSupported"/>). The schemas are camelCase.
/// </summary>
/// <remarks>
/// A create and a rotation are never retried: the token is shown once, so a second copy of the call makes a second
/// live key nobody has, or rotates again a key whose first new token was lost. Their <c>token</c> is masked in traces
/// and in quoted excerpts of the answer.
/// </remarks>
internal sealed class WorkspaceAuthApi
{
    /// <summary>Hides a new key's token in the debug stream's copy of the answer and in the excerpts errors quote.</summary>
    private static readonly Func<string, string> s_maskToken = TraceMask.Fields("token");
    private static readonly string[] s_notFound = { "api key not found", "key not found", "workspace api key not found", "API key not found" };

    private readonly ApiTransport _transport;

    public WorkspaceAuthApi(ApiTransport transport)
    {
        _transport = transport;
    }

    /// <summary>True when a failure says the platform of this generation has no such route.</summary>
    public bool NotSupported(RunAgentsApiException e) =>
        _transport.Connection.Api == ApiGeneration.Namespaced && e.StatusCode is 404 or 405 && e.Failure != ApiFailure.NotFound;

    /// <summary>Every key of the workspace; a read, so retried freely.</summary>
    public async Task<List<WorkspaceApiKey>> ListKeysAsync(RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Request(ApiOperation.ListApiKeys, null, "the list of API keys");
        request.Retry = RetryClass.Freely;
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        await answer.RequireJsonAsync(cancellationToken).ConfigureAwait(false);
        var bytes = await answer.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        using var document = Parse(answer, bytes, "the list of API keys");
        var root = document.RootElement;

        // Some servers wrap lists: {"keys": [...]} or {"items": [...]}.
        if (root.ValueKind == JsonValueKind.Object)
        {
            foreach (var name in new[] { "keys", "apiKeys", "items", "data" })
            {
                if (root.TryGetProperty(name, out var inner) && inner.ValueKind == JsonValueKind.Array)
                {
                    root = inner;
                    break;
                }
            }
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            throw answer.InvalidBody(bytes, "expected the list of API keys as a JSON array, but the body is not one");
        }

        var keys = new List<WorkspaceApiKey>();
        foreach (var item in root.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                var key = WorkspaceApiKey.From(item);
                key.Json = ServerText.Clean(item.GetRawText());
                keys.Add(key);
            }
        }

        return keys;
    }

    /// <summary>Creates a key (<c>POST /auth/api-keys</c>); never retried.</summary>
    public Task<IssuedToken> CreateAsync(string name, int? expiresInDays, RequestOptions? options, CancellationToken cancellationToken)
    {
        var body = new StringBuilder("{\"name\":").Append(JsonString(name));
        if (expiresInDays is int days)
        {
            body.Append(",\"expiresInDays\":").Append(days.ToString(CultureInfo.InvariantCulture));
        }

        var request = Request(ApiOperation.CreateApiKey, null, $"the new API key '{name}'");
        request.Body = body.Append('}').ToString();
        return IssueAsync(request, options, cancellationToken);
    }

    /// <summary>Rotates a key (<c>POST /auth/api-keys/{id}/rotate</c>); never retried.</summary>
    public Task<IssuedToken> RotateAsync(string id, int? expiresInDays, RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Request(ApiOperation.RotateApiKey, id, $"the new token of API key '{id}'");
        request.Body = expiresInDays is int days ? "{\"expiresInDays\":" + days.ToString(CultureInfo.InvariantCulture) + "}" : "{}";
        request.NotFoundMessages = s_notFound;
        return IssueAsync(request, options, cancellationToken);
    }

    /// <summary>Revokes a key (<c>DELETE /auth/api-keys/{id}</c>), retried freely.</summary>
    /// <returns>Null when the platform confirmed it; otherwise why the key is taken to be revoked (a retry found it gone).</returns>
    public async Task<string?> RevokeAsync(string id, RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Request(ApiOperation.RevokeApiKey, id, $"the answer to revoking API key '{id}'");
        request.Retry = RetryClass.Freely;
        request.NotFoundMessages = s_notFound;
        try
        {
            using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
            await answer.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (RunAgentsApiException e) when (e.StatusCode == 404 && e.Attempts > 1 && !NotSupported(e))
        {
            return $"API key '{id}' was not found on attempt {e.Attempts}; attempt {e.Attempts - 1} failed with {e.EarlierFailure ?? "an error"} and most likely revoked it.";
        }
    }

    /// <summary>The auth settings (<c>GET /settings/auth</c>); retried freely.</summary>
    public Task<AuthSetting> GetSettingsAsync(RequestOptions? options, CancellationToken cancellationToken) =>
        SettingsAsync(Request(ApiOperation.GetAuthSettings, null, "the auth settings"), options, cancellationToken);

    /// <summary>Sets the session idle timeout (<c>PUT /settings/auth</c>); the same body twice is the same state, so retried freely.</summary>
    public Task<AuthSetting> SetSettingsAsync(int sessionIdleTimeoutMinutes, RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Request(ApiOperation.SetAuthSettings, null, "the auth settings");
        request.Body = "{\"sessionIdleTimeoutMinutes\":" + sessionIdleTimeoutMinutes.ToString(CultureInfo.InvariantCulture) + "}";
        return SettingsAsync(request, options, cancellationToken);
    }

    private async Task<AuthSetting> SettingsAsync(ApiRequest request, RequestOptions? options, CancellationToken cancellationToken)
    {
        request.Retry = RetryClass.Freely;
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        await answer.RequireJsonAsync(cancellationToken).ConfigureAwait(false);
        var bytes = await answer.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        using var document = Parse(answer, bytes, "the auth settings");
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw answer.InvalidBody(bytes, "expected the auth settings as a JSON object, but the body is not one");
        }

        var settings = AuthSetting.From(document.RootElement);
        settings.Json = ServerText.Clean(Encoding.UTF8.GetString(bytes.Array!, bytes.Offset, bytes.Count));
        return settings;
    }

    /// <summary>Sends a create or a rotation once and reads its token; a 429 is reported with the wait the platform asked for.</summary>
    private async Task<IssuedToken> IssueAsync(ApiRequest request, RequestOptions? options, CancellationToken cancellationToken)
    {
        request.Retry = RetryClass.Never;
        request.ResponseMask = s_maskToken;
        request.AnswerStatuses = new[] { 429 };
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        if ((int)answer.Response.StatusCode == 429)
        {
            var failure = await answer.StatusFailureAsync(cancellationToken).ConfigureAwait(false);
            var wait = RetryPolicy.Default.RetryAfter(answer.Response.Headers.RetryAfter, DateTimeOffset.UtcNow);
            var asked = wait is TimeSpan span ? $"; it asks to wait {Math.Ceiling(span.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s before trying again (Retry-After)" : string.Empty;
            throw new RunAgentsApiException(ApiFailure.HttpStatus, failure.Method, failure.RequestUri, failure.Description + asked, 429, failure.ReasonPhrase, failure.ServerMessage, failure.ResponseExcerpt, failure.Attempts);
        }

        await answer.RequireJsonAsync(cancellationToken).ConfigureAwait(false);
        var bytes = await answer.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        using var document = Parse(answer, bytes, request.What);
        var root = document.RootElement;
        var token = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var key = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.Object ? k : default;
        if (token is null || token.Length == 0 || key.ValueKind != JsonValueKind.Object)
        {
            throw answer.InvalidBody(bytes, $"expected {request.What} as an object with 'key' and 'token', but the body is not one");
        }

        var header = root.TryGetProperty("header", out var h) && h.ValueKind == JsonValueKind.String ? ServerText.Clean(h.GetString()) : null;
        return new IssuedToken(WorkspaceApiKey.From(key), token, string.IsNullOrEmpty(header) ? ApiKey.WorkspaceHeader : header!);
    }

    private static JsonDocument Parse(ApiResponse answer, ArraySegment<byte> bytes, string what)
    {
        try
        {
            return JsonDocument.Parse(bytes.AsMemory());
        }
        catch (JsonException e)
        {
            throw answer.InvalidBody(bytes, $"{what} is not JSON ({e.Message})", e);
        }
    }

    private ApiRequest Request(ApiOperation operation, string? id, string what)
    {
        var (method, path) = ApiRoutes.Resolve(_transport.Connection.Api, operation, id: id);
        return new ApiRequest(method, path, what);
    }

    private static string JsonString(string value)
    {
        using var stream = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStringValue(value);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
