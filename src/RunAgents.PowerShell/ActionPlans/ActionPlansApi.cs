using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// Action plans: validate (no change) and apply. Both are sent again on a transient failure: a validation changes
/// nothing, and an apply's idempotency keys make the platform apply each action once however often it is sent. An
/// apply that fails validation answers 400 with the apply answer, per-action results that are read as results.
/// </summary>
internal sealed class ActionPlansApi
{
    private readonly ApiTransport _transport;

    public ActionPlansApi(ApiTransport transport) => _transport = transport;

    /// <summary>True when a 404 or 405 says the platform has no action plans at the route asked, rather than some error of the plan.</summary>
    public static bool NotSupported(RunAgentsApiException e) => e.StatusCode is 404 or 405 && e.Failure != ApiFailure.NotFound;

    /// <summary>The platform's verdict on each action of <paramref name="body"/>.</summary>
    public Task<(bool Done, List<ActionPlanResult> Results)> ValidateAsync(JsonObject body, RequestOptions? options, CancellationToken cancellationToken) =>
        SendAsync(ApiOperation.ValidateActionPlan, "the validation of the action plan", "valid", body, options, cancellationToken);

    /// <summary>Applies <paramref name="body"/> and reads what became of each action, from a 200 or from a 400 that holds results.</summary>
    public Task<(bool Done, List<ActionPlanResult> Results)> ApplyAsync(JsonObject body, RequestOptions? options, CancellationToken cancellationToken) =>
        SendAsync(ApiOperation.ApplyActionPlan, "the application of the action plan", "applied", body, options, cancellationToken);

    private async Task<(bool Done, List<ActionPlanResult> Results)> SendAsync(ApiOperation operation, string what, string doneField, JsonObject body, RequestOptions? options, CancellationToken cancellationToken)
    {
        var (method, path) = ApiRoutes.Resolve(_transport.Connection.Api, operation);
        var request = new ApiRequest(method, path, what)
        {
            Body = body.ToJsonString(),
            Retry = RetryClass.Freely,
            AnswerStatuses = operation == ApiOperation.ApplyActionPlan ? new[] { 400 } : System.Array.Empty<int>(),
        };
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        var bytes = await answer.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        var status = (int)answer.Response.StatusCode;
        JsonDocument? document = null;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            if (status >= 400)
            {
                throw answer.StatusFailure(bytes);
            }

            throw answer.InvalidBody(bytes, $"{what} is not JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
            {
                // A 400 without results is the platform refusing the request as a whole: a malformed body, an empty plan.
                throw status >= 400 ? answer.StatusFailure(bytes) : answer.InvalidBody(bytes, $"expected {what} with its results, but the body has none");
            }

            var planId = ActionPlanResult.Text(root, "plan_id");
            var ns = ActionPlanResult.Text(root, "namespace");
            var list = new List<ActionPlanResult>();
            foreach (var item in results.EnumerateArray())
            {
                list.Add(ActionPlanResult.From(item, planId, ns));
            }

            var done = root.TryGetProperty(doneField, out var flag) && flag.ValueKind == JsonValueKind.True;
            return (done, list);
        }
    }
}
