using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Client;

/// <summary>What policies have beside the named-resource calls: turning text into rules.</summary>
internal sealed class PoliciesApi
{
    private readonly ApiTransport _transport;

    public PoliciesApi(ApiTransport transport)
    {
        _transport = transport;
    }

    /// <summary>
    /// Asks the platform to turn a sentence into rules (<c>POST .../policies/translate</c>). Each call is a model call
    /// the workspace pays for, so it is never sent twice by itself: a 429 is reported with the wait the platform asks for.
    /// </summary>
    public async Task<List<PolicyRule>> TranslateAsync(string text, RequestOptions? options, CancellationToken cancellationToken)
    {
        var (method, path) = ApiRoutes.Resolve(_transport.Connection.Api, ApiOperation.TranslatePolicy);
        var request = new ApiRequest(method, path, "the rules translated from the text")
        {
            Body = new JsonObject { ["text"] = text }.ToJsonString(),
            Retry = RetryClass.Never,
            AnswerStatuses = new[] { 429 },
        };
        using var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        if ((int)answer.Response.StatusCode == 429)
        {
            var failure = await answer.StatusFailureAsync(cancellationToken).ConfigureAwait(false);
            var after = answer.Response.Headers.RetryAfter;
            var wait = after?.Delta is TimeSpan delta ? $"{Math.Ceiling(delta.TotalSeconds)} s"
                : after?.Date is DateTimeOffset date ? $"until {date.UtcDateTime:u}"
                : null;
            var said = wait is null ? "the platform is turning requests away" : $"the platform asks to wait {wait}";
            throw new RunAgentsApiException(
                failure.Failure,
                failure.Method,
                failure.RequestUri,
                $"{failure.Description}; {said}. A translation is a model call the workspace pays for, so it is not retried by itself: run it again then",
                failure.StatusCode,
                failure.ReasonPhrase,
                failure.ServerMessage,
                failure.ResponseExcerpt,
                failure.Attempts);
        }

        var result = await answer.ReadJsonAsync(RunAgentsJsonContext.Default.JsonObject, cancellationToken).ConfigureAwait(false);
        if (result["rules"] is not JsonArray rules)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(result.ToJsonString());
            throw answer.InvalidBody(new ArraySegment<byte>(bytes), "expected the translated rules under \"rules\", but the answer has none");
        }

        return rules.OfType<JsonObject>().Select(PolicyRule.FromJson).ToList();
    }
}
