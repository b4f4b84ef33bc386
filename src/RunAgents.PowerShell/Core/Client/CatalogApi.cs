using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace RunAgents.PowerShell.Client;

/// <summary>The read-only lists a deploy draws on: registered tools, model providers, policies and identity providers.</summary>
/// <remarks>Their shapes differ between servers, so only names are read, from wherever a server puts them.</remarks>
internal sealed class CatalogApi
{
    private readonly ApiTransport _transport;

    public CatalogApi(ApiTransport transport)
    {
        _transport = transport;
    }

    /// <summary>The names of the registered tools.</summary>
    public Task<List<string>> ToolNamesAsync(RequestOptions? options, CancellationToken cancellationToken) =>
        NamesAsync(ApiOperation.ListTools, "the list of tools", static (item, names) => Add(names, Text(item, "name")), options, cancellationToken);

    /// <summary>The names of the policies.</summary>
    public Task<List<string>> PolicyNamesAsync(RequestOptions? options, CancellationToken cancellationToken) =>
        NamesAsync(ApiOperation.ListPolicies, "the list of policies", static (item, names) => Add(names, Text(item, "name")), options, cancellationToken);

    /// <summary>The names of the approval connectors, which policies' approval bindings name in <c>delivery.connectors</c>.</summary>
    public Task<List<string>> ApprovalConnectorNamesAsync(RequestOptions? options, CancellationToken cancellationToken) =>
        NamesAsync(ApiOperation.ListApprovalConnectors, "the list of approval connectors", static (item, names) => Add(names, Text(item, "name")), options, cancellationToken);

    /// <summary>The names of the identity providers agents' users sign in with.</summary>
    public Task<List<string>> IdentityProviderNamesAsync(RequestOptions? options, CancellationToken cancellationToken) =>
        NamesAsync(ApiOperation.ListIdentityProviders, "the list of identity providers", static (item, names) => Add(names, Text(item, "name")), options, cancellationToken);

    /// <summary>Every <c>provider/model</c> the model providers offer (the provider alone when it lists no models).</summary>
    public Task<List<string>> ModelsAsync(RequestOptions? options, CancellationToken cancellationToken) =>
        NamesAsync(ApiOperation.ListModelProviders, "the list of model providers", AddModels, options, cancellationToken);

    private static void AddModels(JsonElement item, List<string> names)
    {
        var spec = item.TryGetProperty("spec", out var s) && s.ValueKind == JsonValueKind.Object ? s : item;
        var provider = Text(spec, "provider") ?? Text(item, "provider") ?? Text(item, "name");
        if (provider is null)
        {
            return;
        }

        var models = spec.TryGetProperty("models", out var m) && m.ValueKind == JsonValueKind.Array ? m
            : item.TryGetProperty("models", out m) && m.ValueKind == JsonValueKind.Array ? m : default;
        var any = false;
        if (models.ValueKind == JsonValueKind.Array)
        {
            foreach (var model in models.EnumerateArray())
            {
                var name = model.ValueKind == JsonValueKind.String ? ServerText.Clean(model.GetString()) : Text(model, "name") ?? Text(model, "id");
                if (!string.IsNullOrEmpty(name))
                {
                    names.Add(provider + "/" + name);
                    any = true;
                }
            }
        }

        if (!any)
        {
            names.Add(provider);
        }
    }

    private static void Add(List<string> names, string? name)
    {
        if (!string.IsNullOrEmpty(name))
        {
            names.Add(name!);
        }
    }

    /// <summary>A string field of an item, made safe to print: completion shows these names as they are.</summary>
    private static string? Text(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? ServerText.Clean(value.GetString()) : null;

    private async Task<List<string>> NamesAsync(ApiOperation operation, string what, System.Action<JsonElement, List<string>> read, RequestOptions? options, CancellationToken cancellationToken)
    {
        var (method, path) = ApiRoutes.Resolve(_transport.Connection.Api, operation);
        using var answer = await _transport.SendAsync(new ApiRequest(method, path, what) { Retry = RetryClass.Freely }, options, cancellationToken).ConfigureAwait(false);
        await answer.RequireJsonAsync(cancellationToken).ConfigureAwait(false);
        var bytes = await answer.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        var names = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(bytes.AsMemory());
            var root = document.RootElement;
            // Some servers wrap the list: {"items": [...]} or {"tools": [...]}.
            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in root.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.Array)
                    {
                        root = property.Value;
                        break;
                    }
                }
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                throw answer.InvalidBody(bytes, $"expected {what} as a JSON array");
            }

            foreach (var item in root.EnumerateArray())
            {
                read(item, names);
            }
        }
        catch (JsonException e)
        {
            throw answer.InvalidBody(bytes, $"{what} is not valid JSON ({e.Message})", e);
        }

        return names;
    }
}
