using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Client;

/// <summary>Access requests: the approvals an agent's tool calls wait for (<c>/governance/requests</c>, <c>/approvals/requests</c> on v1).</summary>
internal sealed class AccessRequestsApi
{
    /// <summary>The descriptor of access requests.</summary>
    internal static readonly ItemKind<AccessRequest> Kind = new()
    {
        Noun = "access request",
        List = ApiOperation.ListAccessRequests,
        Get = ApiOperation.GetAccessRequest,
        ListType = RunAgentsJsonContext.Default.ListAccessRequest,
        ItemType = RunAgentsJsonContext.Default.AccessRequest,
        IdOf = r => r.Id,
        SetId = (r, id) => r.Id = id,
        NotFoundMessages = id => new[] { "request not found", $"request {id} not found" },
    };

    private readonly ItemApi<AccessRequest> _items;

    public AccessRequestsApi(ApiTransport transport)
    {
        _items = new ItemApi<AccessRequest>(transport, Kind);
    }

    /// <summary>The requests in <paramref name="statuses"/>; none asks the server for its default, the pending ones.</summary>
    public Task<List<AccessRequest>> ListAsync(IReadOnlyCollection<string> statuses, RequestOptions? options, CancellationToken cancellationToken) =>
        _items.ListAsync(statuses.Select(s => "status=" + System.Uri.EscapeDataString(s)), options, cancellationToken);

    /// <summary>One request by id; a 404 in the API's words is <see cref="ApiFailure.NotFound"/>.</summary>
    public Task<AccessRequest> GetAsync(string id, RequestOptions? options, CancellationToken cancellationToken) =>
        _items.GetAsync(id, options, cancellationToken);

    /// <summary>Approves a pending request; <paramref name="jsonBody"/> is null to send no body, as the CLI does without a scope.</summary>
    public Task<WriteOutcome<AccessRequest>> ApproveAsync(string id, string? jsonBody, RequestOptions? options, CancellationToken cancellationToken) =>
        _items.ActAsync(ApiOperation.ApproveAccessRequest, id, jsonBody, DecisionRetry, "approved", options, cancellationToken);

    /// <summary>Denies a pending request.</summary>
    public Task<WriteOutcome<AccessRequest>> RejectAsync(string id, string? jsonBody, RequestOptions? options, CancellationToken cancellationToken) =>
        _items.ActAsync(ApiOperation.RejectAccessRequest, id, jsonBody, DecisionRetry, "denied", options, cancellationToken);

    /// <summary>
    /// When a decision may be sent again: a copy that reaches the platform after the first was decided is refused as not
    /// pending, which would report a decision that was made as a failure, so only when the platform cannot have seen the first.
    /// </summary>
    private const RetryClass DecisionRetry = RetryClass.UnlessReceived;
}
