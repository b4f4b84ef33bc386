using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// The Agents API: list, get, delete and invoke, over the shared <see cref="ApiTransport"/>. It knows
/// nothing of PowerShell; failures surface as <see cref="RunAgentsApiException"/>.
/// </summary>
internal sealed class RunAgentsClient : IDisposable
{
    private readonly ApiTransport _transport;

    public RunAgentsClient(RAConnection connection, HttpMessageHandler? handler = null, RetryPolicy? retry = null)
        : this(new ApiTransport(connection, handler, retry))
    {
    }

    /// <summary>The agents area over a transport another area may share.</summary>
    public RunAgentsClient(ApiTransport transport)
    {
        _transport = transport;
    }

    /// <summary>Streams every agent of every namespace as the list is parsed (<c>GET /api/agents</c>).</summary>
    /// <remarks>The size cap applies to each agent, not the whole list, which is never held in memory.</remarks>
    public IAsyncEnumerable<Agent> ListAgentsAsync(RequestOptions? options, CancellationToken cancellationToken) =>
        ListAsync(RunAgentsJsonContext.Default.Agent, static agent => agent, options, cancellationToken);

    /// <summary>Streams every agent as <see cref="ListAgentsAsync"/> does, each with its JSON text as the server sent it in <see cref="Agent.Json"/>.</summary>
    /// <remarks>Each agent is parsed twice, once into a document for its text and once from it: only for Get-RAAgent -Raw.</remarks>
    public IAsyncEnumerable<Agent> ListAgentsWithJsonAsync(RequestOptions? options, CancellationToken cancellationToken) =>
        ListAsync(RunAgentsJsonContext.Default.JsonElement, WithJson, options, cancellationToken);

    /// <summary>Fetches one agent (<c>GET /api/agents/{namespace}/{name}</c>; the namespace is null on v1, which addresses agents by name).</summary>
    public async Task<Agent> GetAgentAsync(string? ns, string name, RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = AgentRequest(ApiOperation.GetAgent, ns, name, $"the agent '{Identity(ns, name)}'");
        request.Retry = RetryClass.Freely;
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        await answer.RequireJsonAsync(cancellationToken).ConfigureAwait(false);
        var bytes = await answer.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        Agent? agent;
        try
        {
            agent = JsonSerializer.Deserialize(bytes, RunAgentsJsonContext.Default.Agent);
        }
        catch (JsonException e)
        {
            throw answer.InvalidBody(bytes, $"the agent '{Identity(ns, name)}' is not valid JSON of the expected shape ({e.Message})", e);
        }

        // An answer about another agent (or none) is not this agent: a script would act on the wrong one.
        var inPath = IsV1 ? null : ns;
        if (agent is null || !string.Equals(agent.Name, name, StringComparison.OrdinalIgnoreCase)
            || (inPath is not null && agent.Namespace.Length > 0 && !string.Equals(agent.Namespace, inPath, StringComparison.OrdinalIgnoreCase)))
        {
            var got = agent is null ? "null" : $"the agent '{agent}'";
            throw answer.InvalidBody(bytes, $"asked for the agent '{Identity(ns, name)}' but the service answered with {got}");
        }

        // v1 finds an agent by name alone: a namespace the user gave is checked here, as no path carries it.
        if (IsV1 && ns is not null && !string.Equals(agent.Namespace, ns, StringComparison.OrdinalIgnoreCase))
        {
            var where = agent.Namespace.Length > 0 ? $"is in namespace '{agent.Namespace}'" : "has no namespace";
            throw answer.NotFound($"agent {Identity(ns, name)} not found: this platform finds agents by name alone, and the agent its name leads to {where}");
        }

        // One small document: kept for Get-RAAgent -Raw at the cost of one decode, cleaned as the list's elements are.
        agent.Json = ServerText.Clean(Encoding.UTF8.GetString(bytes.Array!, bytes.Offset, bytes.Count));
        return agent;
    }

    /// <summary>Deletes one agent (<c>DELETE /api/agents/{namespace}/{name}</c>).</summary>
    /// <returns>
    /// Null when the service confirmed the deletion; otherwise a sentence saying why the agent is taken to be
    /// deleted: a retry found it gone after an earlier attempt failed, which most likely deleted it.
    /// </returns>
    public async Task<string?> DeleteAgentAsync(string? ns, string name, RequestOptions? options, CancellationToken cancellationToken)
    {
        await RequireNamespaceAsync(ns, name, options, cancellationToken).ConfigureAwait(false);
        var request = AgentRequest(ApiOperation.DeleteAgent, ns, name, $"the answer to deleting '{Identity(ns, name)}'");
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
                // The platform acknowledged the delete: calling it a failure would invite a retry that gets 404.
                return $"Agent '{Identity(ns, name)}' was deleted (HTTP {(int)answer.Response.StatusCode}), but the platform's answer is not what the API gives: {e.Description}.";
            }

            await answer.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (RunAgentsApiException e) when (e.Failure == ApiFailure.NotFound && e.Attempts > 1)
        {
            return $"Agent '{Identity(ns, name)}' was not found on attempt {e.Attempts}; attempt {e.Attempts - 1} failed with {e.EarlierFailure ?? "an error"} and most likely deleted it.";
        }
    }

    /// <summary>Sends <paramref name="jsonBody"/> to an agent (<c>POST .../invoke</c>) and returns what it answered.</summary>
    /// <remarks>Not retried unless the options say so: the first attempt may have reached the agent.</remarks>
    public async Task<InvokeResult> InvokeAgentAsync(string? ns, string name, string jsonBody, RequestOptions? options, CancellationToken cancellationToken)
    {
        await RequireNamespaceAsync(ns, name, options, cancellationToken).ConfigureAwait(false);
        var request = AgentRequest(ApiOperation.InvokeAgent, ns, name, $"the answer of '{Identity(ns, name)}'");
        request.Body = jsonBody;
        // Some proxies tell an approval pause with a 403 whose body has the pause's code: an answer, not a refusal.
        request.AnswerStatuses = new[] { 403 };
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        if (answer.Redirected)
        {
            // Where a redirect led, a page that is not JSON is a sign-in page or a proxy, not the agent.
            await answer.RequireJsonAsync(cancellationToken).ConfigureAwait(false);
        }

        var bytes = await answer.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        var response = answer.Response;
        if (response.StatusCode == System.Net.HttpStatusCode.Forbidden && !IsPause(bytes))
        {
            throw answer.StatusFailure(bytes);
        }

        var mediaType = ServerText.Clean(response.Content.Headers.ContentType?.MediaType, _transport.Connection.Key);
        return new InvokeResult((int)response.StatusCode, answer.Reason, mediaType, Encoding.UTF8.GetString(bytes.Array!, bytes.Offset, bytes.Count));
    }

    /// <summary>
    /// Invokes an agent over its streamed route (server-sent events) and yields each event as it arrives; never retried
    /// once the answer has begun. A 404 or 405 of the route (a platform without it) is thrown for the caller to fall back.
    /// </summary>
    public async IAsyncEnumerable<AgentStreamEvent> InvokeAgentStreamAsync(string? ns, string name, string jsonBody, TimeSpan idle, RequestOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await RequireNamespaceAsync(ns, name, options, cancellationToken).ConfigureAwait(false);
        var request = AgentRequest(ApiOperation.InvokeAgentStream, ns, name, $"the streamed answer of '{Identity(ns, name)}'");
        request.Body = jsonBody;
        request.AnswerStatuses = new[] { 403 };
        await foreach (var item in AgentStream.ReadAsync(_transport, request, idle, options, cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    /// <summary>Streams the list of agents, reading each element as <typeparamref name="T"/> and making it an agent.</summary>
    private async IAsyncEnumerable<Agent> ListAsync<T>(JsonTypeInfo<T> element, Func<T?, Agent?> toAgent, RequestOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = Request(ApiOperation.ListAgents, null, null, "the list of agents");
        request.Retry = RetryClass.Freely;
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        await answer.RequireJsonAsync(cancellationToken).ConfigureAwait(false);
        var body = await answer.OpenBodyAsync().ConfigureAwait(false);
        var items = JsonSerializer.DeserializeAsyncEnumerable(body, element, answer.Token).GetAsyncEnumerator(answer.Token);
        var count = 0;
        try
        {
            while (true)
            {
                Agent? agent = null;
                Exception? failure = null;
                try
                {
                    answer.MarkItem();
                    if (!await items.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    agent = toAgent(items.Current);
                }
                catch (Exception e) when (answer.IsBodyFailure(e, cancellationToken))
                {
                    failure = e;
                }

                if (failure is not null)
                {
                    throw await answer.BodyFailureAsync(failure).ConfigureAwait(false);
                }

                if (agent is not null)
                {
                    count++;
                    yield return agent;
                }
            }
        }
        finally
        {
            await items.DisposeAsync().ConfigureAwait(false);
        }

        // A root that is not an array (null, {}, a string) parses as no agents at all: that is no list.
        if (count == 0 && FirstByte(answer.Head) != '[')
        {
            throw answer.InvalidBody(answer.Head, "expected the list of agents as a JSON array, but the body is not one");
        }

        answer.TraceBody(answer.Head, answer.BytesRead);
    }

    /// <summary>The agent an element of the list describes, keeping the element's text; null for a JSON null.</summary>
    private static Agent? WithJson(JsonElement element)
    {
        var agent = element.Deserialize(RunAgentsJsonContext.Default.Agent);
        if (agent is not null)
        {
            // Valid JSON escapes control characters below U+0020 in strings, but not DEL or the C1 controls,
            // and a lone carriage return may stand between tokens: so the text is cleaned like any other.
            agent.Json = ServerText.Clean(element.GetRawText());
        }

        return agent;
    }

    /// <summary>Disposes the transport; only for a client that made its own.</summary>
    public void Dispose() => _transport.Dispose();

    /// <summary>True for a body whose <c>code</c> says a tool call waits for an approval or a consent.</summary>
    internal static bool IsPause(ArraySegment<byte> bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes.AsMemory());
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("code", out var code)
                && code.ValueKind == JsonValueKind.String
                && code.GetString() is "APPROVAL_REQUIRED" or "CONSENT_REQUIRED";
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary><c>namespace/name</c>, or the name alone where the API addresses agents by name.</summary>
    private static string Identity(string? ns, string name) => AgentPath.Identity(ns, name);

    private bool IsV1 => _transport.Connection.Api == ApiGeneration.V1;

    /// <summary>
    /// On v1, where no path carries the namespace, reads the agent before acting on it when a namespace was given
    /// (typed, or on a piped agent), so that deleting or invoking 'finance/x' never reaches an 'x' in another namespace.
    /// </summary>
    private async Task RequireNamespaceAsync(string? ns, string name, RequestOptions? options, CancellationToken cancellationToken)
    {
        if (IsV1 && ns is not null)
        {
            await GetAgentAsync(ns, name, options, cancellationToken).ConfigureAwait(false);
        }
    }

    private ApiRequest Request(ApiOperation operation, string? ns, string? name, string what)
    {
        var (method, path) = ApiRoutes.Resolve(_transport.Connection.Api, operation, ns, name);
        return new ApiRequest(method, path, what);
    }

    private ApiRequest AgentRequest(ApiOperation operation, string? ns, string name, string what)
    {
        var request = Request(operation, ns, name, what);
        // Only the API's own words mean the agent does not exist; any other 404 is a wrong URL or a proxy.
        request.NotFoundMessages = new[] { $"agent {Identity(ns, name)} not found", $"agent {name} not found" };
        return request;
    }

    private static int FirstByte(ArraySegment<byte> head)
    {
        for (var i = 0; i < head.Count; i++)
        {
            var b = head.Array![head.Offset + i];
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return b;
            }
        }

        return -1;
    }
}
