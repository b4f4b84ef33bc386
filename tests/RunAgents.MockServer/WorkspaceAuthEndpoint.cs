using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>
/// <c>/auth/api-keys[/{id}[/rotate]]</c> and <c>/settings/auth</c> (v1), and the same under <c>/api</c> on the root
/// generation (known there only from the server's own route list): the contract's camelCase shapes.
/// </summary>
internal sealed class WorkspaceAuthEndpoint(WorkspaceKeys keys, bool settings) : IApiEndpoint
{
    /// <inheritdoc/>
    public Task HandleAsync(ApiExchange exchange, ApiCall call) => settings ? SettingsAsync(exchange, call) : KeysAsync(exchange, call);

    private Task KeysAsync(ApiExchange exchange, ApiCall call)
    {
        string method = exchange.Context.Request.Method;
        switch (call.Rest.Count)
        {
            case 0 when HttpMethods.IsGet(method):
                return exchange.RespondJsonAsync(StatusCodes.Status200OK, keys.List());
            case 0 when HttpMethods.IsPost(method):
                return CreateAsync(exchange);
            case 0:
                return exchange.RespondMethodNotAllowedAsync("GET, POST");
            case 1 when HttpMethods.IsDelete(method):
                return keys.Revoke(call.Rest[0])
                    ? exchange.RespondJsonAsync(StatusCodes.Status200OK, new JsonObject { ["status"] = "deleted" })
                    : exchange.RespondErrorAsync(StatusCodes.Status404NotFound, "api key not found");
            case 1:
                return exchange.RespondMethodNotAllowedAsync("DELETE");
            case 2 when call.Rest[1] == "rotate" && HttpMethods.IsPost(method):
                return RotateAsync(exchange, call.Rest[0]);
            case 2 when call.Rest[1] == "rotate":
                return exchange.RespondMethodNotAllowedAsync("POST");
            default:
                return exchange.RespondNotFoundAsync();
        }
    }

    private Task CreateAsync(ApiExchange exchange)
    {
        if (JsonRead.OptionalObject(exchange.Body) is not JsonObject body)
        {
            return exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, "invalid JSON body");
        }

        string? name = JsonRead.String(body, "name");
        if (string.IsNullOrWhiteSpace(name))
        {
            return exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, "name is required");
        }

        if (Days(body, out int? days) is string problem)
        {
            return exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, problem);
        }

        return exchange.RespondJsonAsync(StatusCodes.Status201Created, keys.Create(name, days));
    }

    private Task RotateAsync(ApiExchange exchange, string id)
    {
        if (JsonRead.OptionalObject(exchange.Body) is not JsonObject body)
        {
            return exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, "invalid JSON body");
        }

        if (Days(body, out int? days) is string problem)
        {
            return exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, problem);
        }

        return keys.Rotate(id, days) is JsonObject rotated
            ? exchange.RespondJsonAsync(StatusCodes.Status200OK, rotated)
            : exchange.RespondErrorAsync(StatusCodes.Status404NotFound, "api key not found");
    }

    private static string? Days(JsonObject body, out int? days)
    {
        days = null;
        if (body["expiresInDays"] is null)
        {
            return null;
        }

        if (body["expiresInDays"] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue(out int number))
        {
            return "expiresInDays must be an integer";
        }

        if (number < 1)
        {
            return "expiresInDays must be at least 1";
        }

        days = number;
        return null;
    }

    private Task SettingsAsync(ApiExchange exchange, ApiCall call)
    {
        if (call.Rest.Count != 0)
        {
            return exchange.RespondNotFoundAsync();
        }

        string method = exchange.Context.Request.Method;
        if (HttpMethods.IsGet(method))
        {
            return exchange.RespondJsonAsync(StatusCodes.Status200OK, Settings());
        }

        if (!HttpMethods.IsPut(method))
        {
            return exchange.RespondMethodNotAllowedAsync("GET, PUT");
        }

        if (JsonRead.OptionalObject(exchange.Body) is not JsonObject body)
        {
            return exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, "invalid JSON body");
        }

        if (body["sessionIdleTimeoutMinutes"] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue(out int minutes))
        {
            return exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, "sessionIdleTimeoutMinutes is required and must be an integer");
        }

        if (minutes < WorkspaceKeys.MinIdleMinutes || minutes > WorkspaceKeys.MaxIdleMinutes)
        {
            return exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, $"sessionIdleTimeoutMinutes must be between {WorkspaceKeys.MinIdleMinutes} and {WorkspaceKeys.MaxIdleMinutes}");
        }

        keys.IdleMinutes = minutes;
        return exchange.RespondJsonAsync(StatusCodes.Status200OK, Settings());
    }

    private JsonObject Settings() => new()
    {
        ["sessionIdleTimeoutMinutes"] = keys.IdleMinutes,
        ["minSessionIdleTimeoutMinutes"] = WorkspaceKeys.MinIdleMinutes,
        ["maxSessionIdleTimeoutMinutes"] = WorkspaceKeys.MaxIdleMinutes,
        ["programmaticHeader"] = ApiAuth.ApiKeyHeader,
        ["apiKeyPrefix"] = ApiAuth.WorkspaceKeyPrefix,
        ["apiKeyCount"] = keys.Count,
        ["oauthCallbackUrl"] = "https://console.runagents.example/oauth/callback",
    };
}
