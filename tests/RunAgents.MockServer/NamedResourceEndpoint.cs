using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>What sets one named resource's endpoint apart from another's, in the contract's own quirks.</summary>
/// <param name="Noun">The resource in its 404s: <c>tool "x" not found</c>.</param>
/// <param name="CreateReplaces">True when a POST of a name that exists replaces it (answering 201 either way); false answers 409.</param>
/// <param name="HasReplace">True when PUT /{name} replaces an object (and answers 404 for a missing one), as for policies.</param>
/// <param name="WriteOnly">Fields a create takes but never gives back, such as a tool's credentials.</param>
/// <param name="NewStatus">The status a created or replaced object gets; an empty one is none (identity providers).</param>
internal sealed record NamedResourceRules(string Noun, bool CreateReplaces, bool HasReplace, string[] WriteOnly, Func<JsonObject> NewStatus);

/// <summary>
/// The generic endpoint of a named resource (tools, model providers, policies): list, get, create, replace and delete
/// over a <see cref="NamedList"/>, with the contract's quirks; <paramref name="actions"/> answers what a resource adds
/// (a tool's probe and test, a policy's translate) and <paramref name="shown"/> adds what the platform computes on read.
/// </summary>
internal sealed class NamedResourceEndpoint(NamedList list, NamedResourceRules rules, Func<ApiExchange, ApiCall, Task?>? actions = null, Func<JsonObject, JsonObject>? shown = null) : IApiEndpoint
{
    private static readonly JsonObject s_deleted = new() { ["status"] = "deleted" };

    /// <inheritdoc/>
    public Task HandleAsync(ApiExchange exchange, ApiCall call)
    {
        if (actions?.Invoke(exchange, call) is Task handled)
        {
            return handled;
        }

        string method = exchange.Context.Request.Method;
        return call.Rest.Count switch
        {
            0 when HttpMethods.IsGet(method) => exchange.RespondJsonAsync(StatusCodes.Status200OK, new JsonArray(list.ToJson().OfType<JsonObject>().Select(i => (JsonNode)Shown((JsonObject)i.DeepClone())).ToArray())),
            0 when HttpMethods.IsPost(method) => CreateAsync(exchange),
            0 => exchange.RespondMethodNotAllowedAsync("GET, POST"),
            1 when HttpMethods.IsGet(method) => list.Find(call.Rest[0]) is { } item
                ? exchange.RespondJsonAsync(StatusCodes.Status200OK, Shown(item))
                : NotFoundAsync(exchange, call.Rest[0]),
            1 when HttpMethods.IsPut(method) && rules.HasReplace => ReplaceAsync(exchange, call.Rest[0]),
            1 when HttpMethods.IsDelete(method) => list.Remove(call.Rest[0])
                ? exchange.RespondJsonAsync(StatusCodes.Status200OK, s_deleted.DeepClone())
                : NotFoundAsync(exchange, call.Rest[0]),
            1 => exchange.RespondMethodNotAllowedAsync(rules.HasReplace ? "GET, PUT, DELETE" : "GET, DELETE"),
            _ => exchange.RespondNotFoundAsync(),
        };
    }

    /// <summary>The 404 of a name the list does not have, in the API's words.</summary>
    public Task NotFoundAsync(ApiExchange exchange, string name) =>
        exchange.RespondErrorAsync(StatusCodes.Status404NotFound, $"{rules.Noun} \"{name}\" not found");

    private JsonObject Shown(JsonObject item) => shown?.Invoke(item) ?? item;

    private async Task CreateAsync(ApiExchange exchange)
    {
        if (Read(exchange) is not JsonObject body)
        {
            await exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, "invalid JSON body");
            return;
        }

        string? name = JsonRead.String(body, "name");
        if (string.IsNullOrEmpty(name) || body["spec"] is not JsonObject)
        {
            await exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, "name and spec are required");
            return;
        }

        if (!rules.CreateReplaces && list.Find(name) is not null)
        {
            await exchange.RespondErrorAsync(StatusCodes.Status409Conflict, $"{rules.Noun} \"{name}\" already exists");
            return;
        }

        JsonObject stored = Stored(body);
        list.Put([stored]);

        // 201 whether it created or replaced: the status cannot tell them apart, as on the real platform.
        await exchange.RespondJsonAsync(StatusCodes.Status201Created, Shown((JsonObject)stored.DeepClone()));
    }

    private async Task ReplaceAsync(ApiExchange exchange, string name)
    {
        if (Read(exchange) is not JsonObject body || body["spec"] is not JsonObject)
        {
            await exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, "spec is required");
            return;
        }

        if (list.Find(name) is null)
        {
            await NotFoundAsync(exchange, name);
            return;
        }

        if (JsonRead.String(body, "name") is string other && other != name)
        {
            await exchange.RespondErrorAsync(StatusCodes.Status400BadRequest, "name in body does not match path");
            return;
        }

        body["name"] = name;
        JsonObject stored = Stored(body);
        list.Put([stored]);
        await exchange.RespondJsonAsync(StatusCodes.Status200OK, Shown((JsonObject)stored.DeepClone()));
    }

    /// <summary>Creates or replaces an object from a {name, spec} body, as an action plan's upsert does; returns it as stored.</summary>
    public JsonObject Upsert(JsonObject body)
    {
        JsonObject stored = Stored(body);
        list.Put([stored]);
        return stored;
    }

    /// <summary>What is kept of a body: without its write-only fields, with the platform's status.</summary>
    private JsonObject Stored(JsonObject body)
    {
        var stored = (JsonObject)body.DeepClone();
        foreach (string field in rules.WriteOnly)
        {
            stored.Remove(field);
        }

        // An empty status is none: the contract's identity providers have no status at all.
        JsonObject status = rules.NewStatus();
        if (status.Count == 0)
        {
            stored.Remove("status");
        }
        else
        {
            stored["status"] = status;
        }

        return stored;
    }

    private static JsonObject? Read(ApiExchange exchange)
    {
        try
        {
            return JsonNode.Parse(exchange.Body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
