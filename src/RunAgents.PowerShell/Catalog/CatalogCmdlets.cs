using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>What the catalog cmdlets share: the area, the reading of a manifest, and their errors.</summary>
public abstract class CatalogCmdlet : RequestCmdlet
{
    /// <summary>
    /// The connection to act on for <paramref name="piped"/>: the platform a catalog object piped in came from (its
    /// <c>Id</c> and <c>Version</c> bind by name), or the current one for anything else; null with the error written
    /// when the object's platform is not the current connection's.
    /// </summary>
    private protected RAConnection? ConnectionOf(PSObject? piped)
    {
        if (piped is null || piped.BaseObject is string)
        {
            return ActiveConnection;
        }

        var item = PipedObject.From(piped);
        if (!item.FromModule)
        {
            return ActiveConnection;
        }

        if (item.ModelType is not (nameof(CatalogAgent) or nameof(CatalogAgentManifest) or nameof(CatalogAgentVersion)))
        {
            // Another of the module's objects has an Id too (a connector's, a key's): it never names a catalog agent.
            WriteInvalidInput(item, $"{item.Subject()} is not a catalog agent: pipe what Find-RACatalogAgent or Get-RACatalogAgent writes, or give -Id.");
            return null;
        }

        return ConnectionFor(item);
    }

    /// <summary>The catalog area of <paramref name="connection"/>.</summary>
    private protected static CatalogAgentsApi Api(RAConnection connection) => new(connection.Transport);

    /// <summary>True when <paramref name="id"/> can be a catalog id (one path segment); otherwise false, with the error written and no request sent.</summary>
    private protected bool ValidId(string id)
    {
        if (CatalogIdProblem(id) is not string problem)
        {
            return true;
        }

        WriteError(new ErrorRecord(new PSArgumentException(problem), "InvalidCatalogId", ErrorCategory.InvalidArgument, id));
        return false;
    }

    /// <summary>Why <paramref name="id"/> cannot be a catalog id; null when it can.</summary>
    internal static string? CatalogIdProblem(string id) =>
        AgentPath.Problem(id) is string problem ? $"'{ServerText.Clean(id)}' cannot be a catalog id: {problem}. Find the ids with Find-RACatalogAgent." : null;

    /// <summary>The manifest of <paramref name="id"/>; null with the error written when it cannot be read.</summary>
    private protected CatalogAgentManifest? Manifest(RAConnection connection, string id, string? version)
    {
        if (!ValidId(id))
        {
            return null;
        }

        try
        {
            var manifest = Await(Api(connection).GetManifestAsync(id, version, Requests, StopToken));
            ((IFromPlatform)manifest).Connection = connection;
            return manifest;
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, version is null ? "Cannot get catalog agent" : $"Cannot get version '{version}' of catalog agent", id, notFoundId: "CatalogAgentNotFound");
            return null;
        }
    }

    /// <summary>JSON text indented for reading, its text unescaped where that is safe.</summary>
    internal static string Indented(string json)
    {
        using var document = JsonDocument.Parse(json);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

/// <summary>Finds agents in the platform's catalog (blueprints to start from), by name, text, category, tag, integration or governance trait; pages with -First and -Skip.</summary>
[Cmdlet(VerbsCommon.Find, "RACatalogAgent", DefaultParameterSetName = ByNameSet, SupportsPaging = true, HelpUri = HelpUris.Docs + "Find-RACatalogAgent.md")]
[OutputType(typeof(CatalogAgent), typeof(string))]
public sealed class FindRACatalogAgentCommand : CatalogCmdlet
{
    private const string ByNameSet = "ByName";
    private const string BySearchSet = "BySearch";

    /// <summary>Only the agents whose id or name matches; wildcards allowed. An exact name that matches none is an error.</summary>
    [Parameter(Position = 0, ParameterSetName = ByNameSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CatalogAgentIdCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Text the platform searches for (its <c>search</c> filter), in names, summaries and tags.</summary>
    [Parameter(Mandatory = true, ParameterSetName = BySearchSet)]
    [ValidateNotNullOrEmpty]
    public string? Search { get; set; }

    /// <summary>Only the agents of these categories.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Category { get; set; }

    /// <summary>Only the agents with these tags.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Tag { get; set; }

    /// <summary>Only the agents that need these integrations, such as <c>slack</c>.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Integration { get; set; }

    /// <summary>Only the agents with these governance traits, such as <c>approval-required</c>.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Governance { get; set; }

    /// <summary>Writes each entry as the platform's JSON text instead of an object.</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var connection = ActiveConnection;
        var query = new CatalogQuery
        {
            Search = Search ?? SearchFor(Name),
            Category = Category ?? Array.Empty<string>(),
            Tag = Tag ?? Array.Empty<string>(),
            Integration = Integration ?? Array.Empty<string>(),
            Governance = Governance ?? Array.Empty<string>(),
        };

        var first = PagingParameters.First;
        var skip = PagingParameters.Skip;
        if (first == 0 && !PagingParameters.IncludeTotalCount)
        {
            return;
        }

        if (Name is null)
        {
            PagedByServer(connection, query, first, skip);
        }
        else
        {
            FilteredHere(connection, query, first, skip);
        }
    }

    /// <summary>
    /// The search text for names: the longest part of a name without wildcards, so that the platform narrows the list
    /// and the module matches the wildcard; none for several names.
    /// </summary>
    private static string? SearchFor(string[]? names)
    {
        if (names is not { Length: 1 })
        {
            return null;
        }

        var parts = names[0].Split(new[] { '*', '?', '[', ']' }, StringSplitOptions.RemoveEmptyEntries);
        var longest = parts.OrderByDescending(p => p.Length).FirstOrDefault();
        return string.IsNullOrWhiteSpace(longest) ? null : longest;
    }

    /// <summary>No client-side filter: -Skip and -First become page and page_size, and pages are read until -First is met.</summary>
    private void PagedByServer(RAConnection connection, CatalogQuery query, ulong first, ulong skip)
    {
        int size;
        ulong page;
        ulong offset;
        if (first is > 0 and <= CatalogAgentsApi.MaxPageSize && skip % first == 0)
        {
            size = (int)first;
            page = (skip / first) + 1;
            offset = 0;
        }
        else
        {
            size = first == 0 ? 1 : CatalogAgentsApi.MaxPageSize;
            page = (skip / (ulong)size) + 1;
            offset = skip % (ulong)size;
        }

        var left = first;
        var counted = false;
        while (true)
        {
            var result = Read(connection, query, page, size);
            if (result is null)
            {
                return;
            }

            if (!counted && PagingParameters.IncludeTotalCount)
            {
                counted = true;
                WriteObject(PagingParameters.NewTotalCount(result.Total is long t && t >= 0 ? (ulong)t : (ulong)result.Items.Count + skip, result.Total is null ? 0.5 : 1.0));
            }

            foreach (var item in result.Items.Skip((int)Math.Min(offset, int.MaxValue)))
            {
                if (left == 0)
                {
                    return;
                }

                Write(item, connection);
                left--;
            }

            // The last page, or a platform that ignored the paging and answered everything at once.
            if (left == 0 || result.IsLast((long)page, size))
            {
                return;
            }

            page++;
            offset = 0;
        }
    }

    /// <summary>Names given: every page read (page_size=100), the names matched here, and -Skip and -First counted over the matches.</summary>
    private void FilteredHere(RAConnection connection, CatalogQuery query, ulong first, ulong skip)
    {
        var patterns = Name!.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToArray();
        var matches = new List<CatalogAgent>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (ulong page = 1; ; page++)
        {
            var result = Read(connection, query, page, CatalogAgentsApi.MaxPageSize);
            if (result is null)
            {
                return;
            }

            matches.AddRange(result.Items.Where(i => seen.Add(i.Id) && patterns.Any(p => p.IsMatch(i.Id) || p.IsMatch(i.Name))));
            if (result.IsLast((long)page, CatalogAgentsApi.MaxPageSize)
                || (!PagingParameters.IncludeTotalCount && (ulong)matches.Count >= skip + first && Name.All(WildcardPattern.ContainsWildcardCharacters)))
            {
                break;
            }
        }

        foreach (var name in Name.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)))
        {
            if (!matches.Any(m => string.Equals(m.Id, name, StringComparison.OrdinalIgnoreCase) || string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                WriteError(NotFoundException.Record($"No catalog agent has the id or name '{name}' at {connection.Uri}.", null, "CatalogAgentNotFound", name));
            }
        }

        if (PagingParameters.IncludeTotalCount)
        {
            WriteObject(PagingParameters.NewTotalCount((ulong)matches.Count, 1.0));
        }

        foreach (var item in matches.Skip((int)Math.Min(skip, int.MaxValue)).Take((int)Math.Min(first, int.MaxValue)))
        {
            Write(item, connection);
        }
    }

    private CatalogPage? Read(RAConnection connection, CatalogQuery query, ulong page, int size)
    {
        try
        {
            return Await(Api(connection).ListAsync(query, (long)page, size, Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot list the catalog of", connection.Uri, notFoundId: "EndpointNotFound");
            return null;
        }
    }

    private void Write(CatalogAgent item, RAConnection connection)
    {
        if (Raw)
        {
            WriteObject(item.Json);
        }
        else
        {
            WriteFromPlatform(item, connection);
        }
    }
}

/// <summary>Gets the manifest of a catalog agent: its latest version, or the one -Version names.</summary>
[Cmdlet(VerbsCommon.Get, "RACatalogAgent", HelpUri = HelpUris.Docs + "Get-RACatalogAgent.md")]
[OutputType(typeof(CatalogAgentManifest), typeof(string))]
public sealed class GetRACatalogAgentCommand : CatalogCmdlet
{
    /// <summary>A catalog object piped in: the cmdlet acts on the platform it came from.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>The catalog ids.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CatalogAgentIdCompleter))]
    public string[]? Id { get; set; }

    /// <summary>The version, such as <c>1.2.0</c>; the latest when not given.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CatalogVersionCompleter))]
    public string? Version { get; set; }

    /// <summary>Writes the manifest as the platform's JSON text instead of an object.</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ConnectionOf(InputObject) is not RAConnection connection)
        {
            return;
        }

        foreach (var id in Id!)
        {
            if (Manifest(connection, id, Version) is not { } manifest)
            {
                continue;
            }

            if (Raw)
            {
                WriteObject(ServerText.Clean(manifest.Json));
            }
            else
            {
                WriteObject(manifest);
            }
        }
    }
}

/// <summary>Gets the published versions of a catalog agent, newest first.</summary>
[Cmdlet(VerbsCommon.Get, "RACatalogAgentVersion", HelpUri = HelpUris.Docs + "Get-RACatalogAgentVersion.md")]
[OutputType(typeof(CatalogAgentVersion), typeof(string))]
public sealed class GetRACatalogAgentVersionCommand : CatalogCmdlet
{
    /// <summary>A catalog object piped in: the cmdlet acts on the platform it came from.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>The catalog ids.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CatalogAgentIdCompleter))]
    public string[]? Id { get; set; }

    /// <summary>Writes each version as the platform's JSON text instead of an object.</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ConnectionOf(InputObject) is not RAConnection connection)
        {
            return;
        }

        foreach (var id in Id!.Where(ValidId))
        {
            List<CatalogAgentVersion> versions;
            try
            {
                versions = Await(Api(connection).VersionsAsync(id, Requests, StopToken));
            }
            catch (RunAgentsApiException e)
            {
                WriteApiError(e, "Cannot get the versions of catalog agent", id, notFoundId: "CatalogAgentNotFound");
                continue;
            }

            foreach (var version in versions)
            {
                if (Raw)
                {
                    WriteObject(version.Json);
                }
                else
                {
                    WriteFromPlatform(version, connection);
                }
            }
        }
    }
}
