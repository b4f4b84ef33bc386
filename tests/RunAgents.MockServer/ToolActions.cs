using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>What tools add to the named-resource routes: POST /tools/probe and POST /tools/{name}/test.</summary>
/// <remarks>
/// A URL answers unless its host ends in <c>.invalid</c> or holds <c>unreachable</c>; one whose path holds
/// <c>secure</c> answers 401, which still counts as reachable. A test sets the tool's status from the result.
/// </remarks>
internal static class ToolActions
{
    /// <summary>Answers a probe or a test; null for any other request.</summary>
    public static Task? Handle(ApiExchange exchange, ApiCall call, NamedList tools, NamedResourceEndpoint endpoint)
    {
        bool post = HttpMethods.IsPost(exchange.Context.Request.Method);
        if (call.Rest.Count == 1 && call.Rest[0] == "probe" && post)
        {
            string? url = JsonRead.OptionalObject(exchange.Body) is JsonObject body ? JsonRead.String(body, "url") : null;
            return url is null || !Uri.TryCreate(url, UriKind.Absolute, out Uri? uri)
                ? exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, "url is required")
                : exchange.RespondJsonAsync(StatusCodes.Status200OK, Probe(uri));
        }

        if (call.Rest.Count == 2 && call.Rest[1] == "test")
        {
            if (!post)
            {
                return exchange.RespondMethodNotAllowedAsync("POST");
            }

            JsonObject? tool = tools.Find(call.Rest[0]);
            if (tool is null)
            {
                return endpoint.NotFoundAsync(exchange, call.Rest[0]);
            }

            string? baseUrl = (tool["spec"]?["connection"]?["baseUrl"] ?? tool["spec"]?["base_url"] ?? tool["base_url"])?.GetValue<string>();
            JsonObject result = baseUrl is not null && Uri.TryCreate(baseUrl, UriKind.Absolute, out Uri? at)
                ? Probe(at)
                : new JsonObject { ["reachable"] = false, ["status_code"] = 0, ["latency_ms"] = 0 };
            bool reachable = result["reachable"]!.GetValue<bool>();
            tools.Update(call.Rest[0], t => t["status"] = new JsonObject
            {
                ["phase"] = reachable ? "Available" : "Unreachable",
                ["message"] = reachable ? null : "no answer from " + baseUrl,
                ["last_probe_time"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
                ["probe_latency_ms"] = result["latency_ms"]!.GetValue<int>(),
            });
            return exchange.RespondJsonAsync(StatusCodes.Status200OK, result);
        }

        return null;
    }

    private static JsonObject Probe(Uri uri)
    {
        bool reachable = !uri.Host.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase) && !uri.Host.Contains("unreachable", StringComparison.OrdinalIgnoreCase);
        return new JsonObject
        {
            ["reachable"] = reachable,
            ["status_code"] = !reachable ? 0 : uri.AbsolutePath.Contains("secure", StringComparison.OrdinalIgnoreCase) ? 401 : 200,
            ["latency_ms"] = reachable ? 12 : 0,
        };
    }
}
