using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// What the module knows of one kind of item the platform names by an id it gives (runs, access requests): its
/// name in messages, its routes, the API's own "not found" words, and how its typed objects are read.
/// </summary>
/// <typeparam name="T">The object the module writes for an item.</typeparam>
internal sealed class ItemKind<T>
    where T : class
{
    /// <summary>The item in words, singular: <c>run</c>, <c>access request</c>.</summary>
    public string Noun { get; set; } = string.Empty;

    /// <summary>Lists items, with a query of filters.</summary>
    public ApiOperation List { get; set; }

    /// <summary>Gets one item by id.</summary>
    public ApiOperation Get { get; set; }

    /// <summary>How a list of items is read (source-generated).</summary>
    public JsonTypeInfo<List<T>> ListType { get; set; } = null!;

    /// <summary>How one item is read (source-generated).</summary>
    public JsonTypeInfo<T> ItemType { get; set; } = null!;

    /// <summary>The id of an item as the server wrote it; empty when it wrote none.</summary>
    public Func<T, string> IdOf { get; set; } = null!;

    /// <summary>Gives an item that came without an id the one it was asked for.</summary>
    public Action<T, string> SetId { get; set; } = null!;

    /// <summary>The API's own words for an id that does not exist, as its 404s say them.</summary>
    public Func<string?, string[]> NotFoundMessages { get; set; } = _ => Array.Empty<string>();
}

/// <summary>
/// Lists, gets and acts on the items of one kind that the platform names by id, over the shared transport: the
/// client area runs and access requests are instances of, told apart only by their <see cref="ItemKind{T}"/>.
/// </summary>
/// <remarks>
/// The named resources (tools, policies, model providers) are documents kept whole and compared, and have
/// <see cref="ResourceApi{T}"/>; these are typed objects the platform writes, read with source-generated JSON.
/// Both check that an answer is about what was asked for, so that a cmdlet never reports or acts on another.
/// </remarks>
/// <typeparam name="T">The object the module writes for an item.</typeparam>
internal sealed class ItemApi<T>
    where T : class
{
    private readonly ApiTransport _transport;

    public ItemApi(ApiTransport transport, ItemKind<T> kind)
    {
        _transport = transport;
        Kind = kind;
    }

    /// <summary>The kind of item this area serves.</summary>
    public ItemKind<T> Kind { get; }

    /// <summary>The items the list route gives for <paramref name="query"/> (<c>name=value</c> pairs, escaped), in the platform's order.</summary>
    public async Task<List<T>> ListAsync(IEnumerable<string>? query, RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Request(Kind.List, null, $"the list of {Kind.Noun}s", query);
        request.Retry = RetryClass.Freely;
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        return await answer.ReadJsonAsync(Kind.ListType, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One item by id; a 404 in the API's words is <see cref="ApiFailure.NotFound"/>.</summary>
    public async Task<T> GetAsync(string id, RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Request(Kind.Get, id, $"the {Kind.Noun} '{id}'", null);
        request.Retry = RetryClass.Freely;
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        return Checked(answer, id, await answer.ReadJsonAsync(Kind.ItemType, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Acts on one item (<paramref name="operation"/>, such as an approval) and reads the item the platform answers with.</summary>
    /// <param name="operation">The route.</param>
    /// <param name="id">The item acted on.</param>
    /// <param name="jsonBody">The body; null to send none.</param>
    /// <param name="retry">When the request may be sent again.</param>
    /// <param name="done">What was done, in words, for an answer that is not the item: <c>approved</c>.</param>
    /// <param name="options">Per-call settings.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public async Task<WriteOutcome<T>> ActAsync(ApiOperation operation, string id, string? jsonBody, RetryClass retry, string done, RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Request(operation, id, $"the {Kind.Noun} '{id}'", null);
        request.Body = jsonBody;
        request.Retry = retry;
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        var outcome = await answer.ReadWriteAnswerAsync(Kind.ItemType, $"{done} the {Kind.Noun} '{id}'", cancellationToken).ConfigureAwait(false);
        return outcome.Value is { } item ? new WriteOutcome<T>(Checked(answer, id, item), null) : outcome;
    }

    /// <summary>A request to <paramref name="operation"/> for <paramref name="id"/> (null for none), with the query appended.</summary>
    internal ApiRequest Request(ApiOperation operation, string? id, string what, IEnumerable<string>? query)
    {
        var (method, path) = ApiRoutes.Resolve(_transport.Connection.Api, operation, id: id);
        var parts = query?.ToList();
        if (parts is { Count: > 0 })
        {
            path += "?" + string.Join("&", parts);
        }

        return new ApiRequest(method, path, what) { NotFoundMessages = Kind.NotFoundMessages(id) };
    }

    /// <summary>The item the service answered with, when it is the one asked for; one without an id is taken to be it.</summary>
    /// <exception cref="RunAgentsApiException">The answer is about another item: showing or acting on it would be about the wrong one.</exception>
    private T Checked(ApiResponse answer, string id, T item)
    {
        var answered = Kind.IdOf(item);
        if (answered.Length == 0)
        {
            Kind.SetId(item, id);
        }
        else if (!string.Equals(answered, id, StringComparison.Ordinal))
        {
            throw answer.AnswerForAnother($"the {Kind.Noun} '{id}'", $"the {Kind.Noun} '{ServerText.Clean(answered)}'");
        }

        return item;
    }
}
