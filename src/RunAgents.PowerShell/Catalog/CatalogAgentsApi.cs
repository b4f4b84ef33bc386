using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Client;

/// <summary>What Find-RACatalogAgent asks the list for: filters sent as repeated keys, as the CLI sends them.</summary>
internal sealed class CatalogQuery
{
    public string? Search { get; set; }

    public string[] Category { get; set; } = Array.Empty<string>();

    public string[] Tag { get; set; } = Array.Empty<string>();

    public string[] Integration { get; set; } = Array.Empty<string>();

    public string[] Governance { get; set; } = Array.Empty<string>();

    /// <summary>The query string's parts for <paramref name="page"/> of <paramref name="pageSize"/> items, each value escaped.</summary>
    public IEnumerable<string> Parts(long page, int pageSize)
    {
        if (!string.IsNullOrEmpty(Search))
        {
            yield return "search=" + Uri.EscapeDataString(Search);
        }

        foreach (var (key, values) in new[] { ("category", Category), ("tag", Tag), ("integration", Integration), ("governance", Governance) })
        {
            foreach (var value in values)
            {
                yield return key + "=" + Uri.EscapeDataString(value);
            }
        }

        yield return "page=" + CatalogPage.Number(page);
        yield return "page_size=" + CatalogPage.Number(pageSize);
    }
}

/// <summary>
/// The platform's agent catalog (<c>/catalog</c> on v1, <c>/api/catalog</c> on the root generation): the paged list,
/// a manifest by id and version, and an agent's versions. Reads only, so retried freely.
/// </summary>
/// <remarks>
/// Named for the agents of the catalog: <see cref="CatalogApi"/> is the module's older reader of tool, model and
/// policy names for completion.
/// </remarks>
internal sealed class CatalogAgentsApi
{
    /// <summary>The most items the list answers in one page.</summary>
    public const int MaxPageSize = 100;

    private static readonly string[] s_notFound = { "catalog entry not found", "catalog agent not found" };

    private readonly ApiTransport _transport;

    public CatalogAgentsApi(ApiTransport transport)
    {
        _transport = transport;
    }

    /// <summary>One page of the list (<c>GET /catalog?…&amp;page=&amp;page_size=</c>).</summary>
    public async Task<CatalogPage> ListAsync(CatalogQuery query, long page, int pageSize, RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Request(ApiOperation.ListCatalog, null, "the catalog", query.Parts(page, pageSize));
        var (answer, bytes, document) = await ReadAsync(request, options, cancellationToken).ConfigureAwait(false);
        using (answer)
        using (document)
        {
            var root = document.RootElement;
            var items = root;
            long? total = null;
            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in new[] { "items", "agents", "data" })
                {
                    if (root.TryGetProperty(name, out var inner) && inner.ValueKind == JsonValueKind.Array)
                    {
                        items = inner;
                        break;
                    }
                }

                total = ModelSpendItem.Count(root, "total");
            }

            if (items.ValueKind != JsonValueKind.Array)
            {
                throw answer.InvalidBody(bytes, "expected the catalog as an object with 'items', but the body is not one");
            }

            var list = new List<CatalogAgent>();
            foreach (var item in items.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
            {
                var agent = CatalogAgent.From(item);
                agent.Json = ServerText.Clean(item.GetRawText());
                list.Add(agent);
            }

            return new CatalogPage(list, total);
        }
    }

    /// <summary>The manifest of <paramref name="id"/> (<c>GET /catalog/{id}[?version=]</c>), the latest version unless one is given.</summary>
    public async Task<CatalogAgentManifest> GetManifestAsync(string id, string? version, RequestOptions? options, CancellationToken cancellationToken)
    {
        var what = version is null ? $"the catalog agent '{id}'" : $"version '{version}' of catalog agent '{id}'";
        var request = Request(ApiOperation.GetCatalogManifest, id, what, version is null ? null : new[] { "version=" + Uri.EscapeDataString(version) });
        var (answer, bytes, document) = await ReadAsync(request, options, cancellationToken).ConfigureAwait(false);
        using (answer)
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw answer.InvalidBody(bytes, $"expected {what} as a JSON object, but the body is not one");
            }

            var manifest = CatalogAgentManifest.From(document.RootElement);
            if (manifest.Id.Length > 0 && !string.Equals(manifest.Id, id, StringComparison.OrdinalIgnoreCase))
            {
                throw answer.InvalidBody(bytes, $"expected {what}, but the answer is about catalog agent '{manifest.Id}'");
            }

            manifest.Json = Compact(document.RootElement);
            return manifest;
        }
    }

    /// <summary>The versions of <paramref name="id"/>, newest first as the platform lists them (<c>GET /catalog/{id}/versions</c>).</summary>
    public async Task<List<CatalogAgentVersion>> VersionsAsync(string id, RequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Request(ApiOperation.ListCatalogVersions, id, $"the versions of catalog agent '{id}'", null);
        var (answer, bytes, document) = await ReadAsync(request, options, cancellationToken).ConfigureAwait(false);
        using (answer)
        using (document)
        {
            var root = document.RootElement;
            var items = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("versions", out var inner) ? inner : root;
            if (items.ValueKind != JsonValueKind.Array)
            {
                throw answer.InvalidBody(bytes, $"expected the versions of catalog agent '{id}' as an object with 'versions', but the body is not one");
            }

            var answered = root.ValueKind == JsonValueKind.Object ? ModelSpendItem.Text(root, "agent_id") : null;
            var list = new List<CatalogAgentVersion>();
            foreach (var item in items.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
            {
                var version = CatalogAgentVersion.From(answered is { Length: > 0 } ? answered : id, item);
                version.Json = ServerText.Clean(item.GetRawText());
                list.Add(version);
            }

            return list;
        }
    }

    private async Task<(ApiResponse Answer, ArraySegment<byte> Bytes, JsonDocument Document)> ReadAsync(ApiRequest request, RequestOptions? options, CancellationToken cancellationToken)
    {
        request.Retry = RetryClass.Freely;
        var answer = await _transport.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        try
        {
            await answer.RequireJsonAsync(cancellationToken).ConfigureAwait(false);
            var bytes = await answer.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return (answer, bytes, JsonDocument.Parse(bytes.AsMemory()));
            }
            catch (JsonException e)
            {
                throw answer.InvalidBody(bytes, $"{request.What} is not JSON ({e.Message})", e);
            }
        }
        catch
        {
            answer.Dispose();
            throw;
        }
    }

    /// <summary>JSON text on one line, control characters inside strings escaped: safe to print and to parse.</summary>
    private static string Compact(JsonElement element)
    {
        using var stream = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private ApiRequest Request(ApiOperation operation, string? id, string what, IEnumerable<string>? query)
    {
        var (method, path) = ApiRoutes.Resolve(_transport.Connection.Api, operation, id: id);
        var parts = query?.ToList();
        if (parts is { Count: > 0 })
        {
            path += "?" + string.Join("&", parts);
        }

        return new ApiRequest(method, path, what) { NotFoundMessages = s_notFound };
    }
}
