using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// Lists, gets, creates, replaces and deletes the objects of one kind of named resource, over the shared
/// transport: the one client area every such resource uses, told apart only by its <see cref="ResourceKind"/>.
/// </summary>
/// <typeparam name="T">The object the module writes for the resource.</typeparam>
internal sealed class ResourceApi<T>
    where T : NamedResource, new()
{
    private readonly ApiTransport _transport;

    public ResourceApi(ApiTransport transport, ResourceKind kind)
    {
        _transport = transport;
        Kind = kind;
    }

    /// <summary>The resource this area serves.</summary>
    public ResourceKind Kind { get; }

    /// <summary>Every object of the kind, in the platform's order; items that are not objects are left out.</summary>
    public async Task<List<T>> ListAsync(RequestOptions? options, CancellationToken cancellationToken) =>
        (await ListItemsAsync(options, cancellationToken).ConfigureAwait(false)).OfType<JsonObject>().Select(item => Read(item, null)).ToList();

    /// <summary>
    /// Every object of the kind as its document in the API's shape (as <see cref="ResourceDocument.FromServer"/> reads
    /// it), in the platform's order: what a configuration reads, which needs neither the module's objects nor their
    /// text. The documents are this call's own, taken out of the list rather than copied.
    /// </summary>
    public async Task<List<JsonObject>> ListDocumentsAsync(RequestOptions? options, CancellationToken cancellationToken)
    {
        var items = await ListItemsAsync(options, cancellationToken).ConfigureAwait(false);
        var documents = items.OfType<JsonObject>().ToList();
        items.Clear();
        return documents.Select(item => ResourceDocument.FromServer(item, Kind, owned: true)).ToList();
    }

    /// <summary>The list's items as the platform answers them.</summary>
    private async Task<JsonArray> ListItemsAsync(RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Request(Kind.List, null, $"the list of {Kind.Noun}s");
        request.Retry = RetryClass.Freely;
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        await answer.RequireJsonAsync(cancellationToken).ConfigureAwait(false);
        var bytes = await answer.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(bytes.AsSpan());
        }
        catch (JsonException e)
        {
            throw answer.InvalidBody(bytes, $"the list of {Kind.Noun}s is not JSON ({e.Message})", e);
        }

        // Some servers wrap a list in an object ({"items": [...]}).
        return root as JsonArray ?? (root as JsonObject)?["items"] as JsonArray
            ?? throw answer.InvalidBody(bytes, $"expected the list of {Kind.Noun}s as a JSON array, but the body is not one");
    }

    /// <summary>One object by name; a 404 in the API's words is <see cref="ApiFailure.NotFound"/>.</summary>
    public async Task<T> GetAsync(string name, RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Request(Kind.Get, name, $"the {Kind.Noun} '{name}'");
        request.Retry = RetryClass.Freely;
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        return await ReadOneAsync(answer, name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a body to create the object (POST), or, where the API upserts, to replace it.</summary>
    /// <param name="body">The API body, <c>{"name", "spec", ...}</c>.</param>
    /// <param name="masked">Secret values in the body, which traces show masked.</param>
    /// <param name="retry">When the request may be sent again.</param>
    /// <param name="options">Per-call settings.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public Task<WriteOutcome<T>> CreateAsync(JsonObject body, string[] masked, RetryClass retry, RequestOptions? options, CancellationToken cancellationToken) =>
        WriteAsync(Kind.Create, null, body, masked, retry, "created", options, cancellationToken);

    /// <summary>Replaces an existing object (PUT), where the API has a replace; a 404 is <see cref="ApiFailure.NotFound"/>.</summary>
    public Task<WriteOutcome<T>> ReplaceAsync(JsonObject body, string[] masked, RequestOptions? options, CancellationToken cancellationToken) =>
        WriteAsync(Kind.Replace ?? throw new InvalidOperationException($"The {Kind.Noun} API has no replace."), Name(body), body, masked, RetryClass.Freely, "replaced", options, cancellationToken);

    /// <summary>Deletes one object by name.</summary>
    /// <returns>
    /// Null when the platform confirmed it; otherwise why it is taken to be deleted: a retry found it gone after an
    /// earlier attempt failed, or the platform acknowledged it with an answer that is not what the API gives.
    /// </returns>
    public async Task<string?> DeleteAsync(string name, RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Request(Kind.Delete, name, $"the answer to deleting the {Kind.Noun} '{name}'");
        request.Retry = RetryClass.Freely;
        try
        {
            using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
            try
            {
                await answer.RequireJsonAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RunAgentsApiException e) when (e.Failure == ApiFailure.InvalidResponse && !answer.Redirected)
            {
                return $"The {Kind.Noun} '{name}' was deleted (HTTP {(int)answer.Response.StatusCode}), but the platform's answer is not what the API gives: {e.Description}.";
            }

            await answer.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (RunAgentsApiException e) when (e.Failure == ApiFailure.NotFound && e.Attempts > 1)
        {
            return $"The {Kind.Noun} '{name}' was not found on attempt {e.Attempts}; attempt {e.Attempts - 1} failed with {e.EarlierFailure ?? "an error"} and most likely deleted it.";
        }
    }

    /// <summary>The object a server's JSON object stands for, checked to be the one asked for when a name is given.</summary>
    internal T Read(JsonObject item, string? asked)
    {
        var document = ResourceDocument.FromServer(item, Kind);
        var resource = new T { Document = document, Json = ServerText.Clean(item.ToJsonString()) };
        if (asked is not null && resource.Name.Length == 0)
        {
            document["name"] = asked;
        }

        return resource;
    }

    private async Task<T> ReadOneAsync(ApiResponse answer, string name, CancellationToken cancellationToken)
    {
        await answer.RequireJsonAsync(cancellationToken).ConfigureAwait(false);
        var bytes = await answer.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        JsonObject item;
        try
        {
            item = JsonNode.Parse(bytes.AsSpan()) as JsonObject ?? throw answer.InvalidBody(bytes, $"expected the {Kind.Noun} '{name}' as a JSON object, but the body is not one");
        }
        catch (JsonException e)
        {
            throw answer.InvalidBody(bytes, $"the {Kind.Noun} '{name}' is not JSON ({e.Message})", e);
        }

        var resource = Read(item, name);
        if (!string.Equals(resource.Name, name, StringComparison.Ordinal))
        {
            throw answer.AnswerForAnother($"the {Kind.Noun} '{name}'", $"the {Kind.Noun} '{resource.Name}'");
        }

        // One small document, kept whole for -Raw as the server wrote it (cleaned as every server text is).
        resource.Json = ServerText.Clean(Encoding.UTF8.GetString(bytes.Array!, bytes.Offset, bytes.Count));
        return resource;
    }

    private async Task<WriteOutcome<T>> WriteAsync(ApiOperation operation, string? name, JsonObject body, string[] masked, RetryClass retry, string verb, RequestOptions? options, CancellationToken cancellationToken)
    {
        var bodyName = Name(body);
        var request = Request(operation, name, $"the {Kind.Noun} '{bodyName}'");
        request.Body = body.ToJsonString();
        request.Retry = retry;
        request.MaskedValues = masked;
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        var outcome = await answer.ReadWriteAnswerAsync(RunAgentsJsonContext.Default.JsonObject, $"{verb} the {Kind.Noun} '{bodyName}'", cancellationToken).ConfigureAwait(false);
        if (outcome.Value is not JsonObject item)
        {
            return new WriteOutcome<T>(null, outcome.Warning);
        }

        var resource = Read(item, bodyName);
        if (!string.Equals(resource.Name, bodyName, StringComparison.Ordinal))
        {
            throw answer.AnswerForAnother($"the {Kind.Noun} '{bodyName}'", $"the {Kind.Noun} '{resource.Name}'");
        }

        return new WriteOutcome<T>(resource, null);
    }

    private static string Name(JsonObject body) => body["name"]?.GetValue<string>() ?? string.Empty;

    private ApiRequest Request(ApiOperation operation, string? name, string what)
    {
        var (method, path) = ApiRoutes.Resolve(_transport.Connection.Api, operation, name: name);
        return new ApiRequest(method, path, what) { NotFoundMessages = name is null ? Array.Empty<string>() : Kind.NotFoundMessages(name) };
    }
}
