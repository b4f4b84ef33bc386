using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Client;

/// <summary>Access requests: the approvals an agent's tool calls wait for (<c>/governance/requests</c>, <c>/approvals/requests</c> on v1).</summary>
internal sealed class AccessRequestsApi
{
    private readonly ApiTransport _transport;

    public AccessRequestsApi(ApiTransport transport)
    {
        _transport = transport;
    }

    /// <summary>The requests in <paramref name="statuses"/>; none asks the server for its default, the pending ones.</summary>
    public async Task<List<AccessRequest>> ListAsync(IReadOnlyCollection<string> statuses, RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Request(ApiOperation.ListAccessRequests, null, "the list of access requests");
        var path = statuses.Count == 0 ? request.Path : request.Path + "?" + string.Join("&", statuses.Select(s => "status=" + System.Uri.EscapeDataString(s)));
        request = new ApiRequest(request.Method, path, request.What) { Retry = RetryClass.Freely };
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        return await answer.ReadJsonAsync(RunAgentsJsonContext.Default.ListAccessRequest, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One request by id; a 404 in the API's words is <see cref="ApiFailure.NotFound"/>.</summary>
    public async Task<AccessRequest> GetAsync(string id, RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Request(ApiOperation.GetAccessRequest, id, $"the access request '{id}'");
        request.Retry = RetryClass.Freely;
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        return Checked(answer, id, await answer.ReadJsonAsync(RunAgentsJsonContext.Default.AccessRequest, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Approves a pending request; <paramref name="jsonBody"/> is null to send no body, as the CLI does without a scope.</summary>
    public Task<WriteOutcome<AccessRequest>> ApproveAsync(string id, string? jsonBody, RequestOptions? options, CancellationToken cancellationToken) =>
        DecideAsync(ApiOperation.ApproveAccessRequest, "approved", id, jsonBody, options, cancellationToken);

    /// <summary>Denies a pending request.</summary>
    public Task<WriteOutcome<AccessRequest>> RejectAsync(string id, string? jsonBody, RequestOptions? options, CancellationToken cancellationToken) =>
        DecideAsync(ApiOperation.RejectAccessRequest, "denied", id, jsonBody, options, cancellationToken);

    private async Task<WriteOutcome<AccessRequest>> DecideAsync(ApiOperation operation, string verb, string id, string? jsonBody, RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Request(operation, id, $"the access request '{id}'");
        request.Body = jsonBody;

        // A copy that reaches the platform after the first was decided is refused as not pending, which would report a
        // decision that was made as a failure: sent again only when the platform cannot have seen the first.
        request.Retry = RetryClass.UnlessReceived;
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        var outcome = await answer.ReadWriteAnswerAsync(RunAgentsJsonContext.Default.AccessRequest, $"{verb} the access request '{id}'", cancellationToken).ConfigureAwait(false);
        return outcome.Value is { } decided ? new WriteOutcome<AccessRequest>(Checked(answer, id, decided), null) : outcome;
    }

    /// <summary>The request the service answered with, when it is the one asked for; one without an id is taken to be it.</summary>
    /// <exception cref="RunAgentsApiException">The answer is about another request: deciding or showing it would act on the wrong one.</exception>
    private static AccessRequest Checked(ApiResponse answer, string id, AccessRequest request)
    {
        if (request.Id.Length == 0)
        {
            request.Id = id;
        }
        else if (!string.Equals(request.Id, id, System.StringComparison.Ordinal))
        {
            throw answer.AnswerForAnother($"the access request '{id}'", $"the access request '{ServerText.Clean(request.Id)}'");
        }

        return request;
    }

    private ApiRequest Request(ApiOperation operation, string? id, string what)
    {
        var (method, path) = ApiRoutes.Resolve(_transport.Connection.Api, operation, id: id);
        return new ApiRequest(method, path, what) { NotFoundMessages = new[] { "request not found", $"request {id} not found" } };
    }
}
