using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Cmdlets;

namespace RunAgents.PowerShell.Configuration;

/// <summary>
/// What Export-, Compare- and Import-RAConfiguration share: the folder, the kinds asked for, reading the platform's
/// objects of each kind, and the plan (where each object stands between the folder and the platform).
/// </summary>
public abstract class ConfigurationCmdlet : RequestCmdlet
{
    private ConfigurationContext? _context;
    private string? _root;
    private string? _rootOf;

    /// <summary>
    /// The configuration folder: it holds a folder per kind (<c>tools</c>, <c>policies</c>...) with a file per object. A
    /// folder piped in from Get-Item binds by its PSPath, a path piped in as text by value.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The kinds to work on; all of them when not given.</summary>
    [Parameter]
    [ValidateSet("IdentityProvider", "ApprovalConnector", "Tool", "ModelProvider", "Policy", "AgentConfig", IgnoreCase = true)]
    public string[]? Resource { get; set; }

    /// <summary>The folder as a file system path.</summary>
    /// <remarks>Each folder piped in is its own: the path is resolved again when it changes.</remarks>
    private protected string Root
    {
        get
        {
            if (_root is null || !string.Equals(_rootOf, Path, System.StringComparison.Ordinal))
            {
                _rootOf = Path;
                _root = ResolveRoot();
            }

            return _root;
        }
    }

    /// <summary>What the kinds work with: the connection and this call's request settings.</summary>
    private protected ConfigurationContext Context => _context ??= new ConfigurationContext(ActiveConnection, Requests);

    /// <summary>The kinds -Resource names, or all of them, in apply order; a kind this build lacks is a terminating error.</summary>
    private protected IReadOnlyList<ConfigurationKind> SelectedKinds()
    {
        if (Resource is null)
        {
            return ConfigurationKinds.All;
        }

        foreach (var name in Resource.Where(n => ConfigurationKinds.ByName(n) is null))
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException($"-Resource {name} is not available in this version of the module. Kinds available: {string.Join(", ", ConfigurationKinds.All.Select(k => k.Name))}."),
                "ConfigurationKindUnavailable",
                ErrorCategory.InvalidArgument,
                name));
        }

        return ConfigurationKinds.All.Where(k => Resource.Any(n => string.Equals(n, k.Name, StringComparison.OrdinalIgnoreCase))).ToList();
    }

    /// <summary>
    /// The kinds a folder's configuration is about: those -Resource names; without -Resource, those whose folder the
    /// configuration folder has. A kind whose folder is missing is not part of the configuration, so its objects on the
    /// platform are not "extra" and -Prune leaves them.
    /// </summary>
    private protected IReadOnlyList<ConfigurationKind> KindsOfFolder() =>
        Resource is null
            ? SelectedKinds().Where(k => System.IO.Directory.Exists(System.IO.Path.Combine(Root, k.Folder))).ToList()
            : SelectedKinds();

    /// <summary>Reads the folder; writes an error for each file that cannot be read, and a verbose line for what is left alone.</summary>
    /// <returns>The folder's objects; null when a file cannot be read (then nothing is to be compared or sent).</returns>
    private protected ConfigurationFolder? ReadFolder(IReadOnlyList<ConfigurationKind> kinds)
    {
        var folder = ConfigurationFile.ReadFolder(this, Root, kinds);
        foreach (var note in folder.Notes)
        {
            WriteVerbose(note);
        }

        foreach (var problem in folder.Problems)
        {
            WriteError(problem.Record());
        }

        return folder.Problems.Count == 0 ? folder : null;
    }

    /// <summary>Every object of each kind on the platform; a kind that cannot be read is an error, and missing from the answer.</summary>
    /// <remarks>
    /// The kinds are read side by side, each with a context of its own (its warnings are written after, in kind order);
    /// the errors are written in kind order too.
    /// </remarks>
    private protected Dictionary<ConfigurationKind, IReadOnlyList<ConfigurationObject>> ReadPlatform(IReadOnlyList<ConfigurationKind> kinds, bool includeSecret)
    {
        var contexts = kinds.Select(_ => new ConfigurationContext(Context.Connection, Context.Requests)).ToList();
        var reads = kinds.Select((kind, i) => kind.ReadAsync(contexts[i], includeSecret, StopToken)).ToList();
        try
        {
            Await(Task.WhenAll(reads));
        }
        catch (Exception e) when (e is RunAgentsApiException or ConfigurationRefusedException)
        {
            // Each failed read is written below, in kind order.
        }

        var read = new Dictionary<ConfigurationKind, IReadOnlyList<ConfigurationObject>>();
        for (var i = 0; i < kinds.Count; i++)
        {
            foreach (var warning in contexts[i].Warnings)
            {
                WriteWarning(warning);
            }

            if (reads[i].Status == TaskStatus.RanToCompletion)
            {
                read[kinds[i]] = reads[i].Result;
            }
            else if (reads[i].Exception?.InnerException is RunAgentsApiException e)
            {
                WriteApiError(e, $"Cannot read the {kinds[i].Plural}", Context.Connection.Uri.ToString(), notFoundId: "ConfigurationReadFailed");
            }
            else if (reads[i].Exception?.InnerException is ConfigurationRefusedException refused)
            {
                // A kind's refusal (a name two approval connectors share): its own error.
                WriteError(refused.Record(Context.Connection.Uri.ToString()));
            }
            else
            {
                // Not the platform's failure (a bug, Ctrl+C): as it is.
                reads[i].GetAwaiter().GetResult();
            }
        }

        return read;
    }

    /// <summary>Runs one call of a kind on the pipeline thread's terms, then writes the warnings it left.</summary>
    private protected TResult Call<TResult>(Func<Task<TResult>> call)
    {
        try
        {
            return Await(call());
        }
        finally
        {
            FlushWarnings();
        }
    }

    /// <summary>Runs one call of a kind on the pipeline thread's terms, then writes the warnings it left.</summary>
    private protected void Call(Func<Task> call)
    {
        try
        {
            Await(call());
        }
        finally
        {
            FlushWarnings();
        }
    }

    /// <summary>
    /// Where each object stands between the folder and the platform, kind by kind in apply order, then by name: an
    /// object of a kind the platform could not be read for is left out.
    /// </summary>
    private protected List<PlannedObject> Plan(IReadOnlyList<ConfigurationKind> kinds, ConfigurationFolder folder, Dictionary<ConfigurationKind, IReadOnlyList<ConfigurationObject>> platform)
    {
        var plan = new List<PlannedObject>();
        foreach (var kind in kinds)
        {
            if (!platform.TryGetValue(kind, out var have))
            {
                continue;
            }

            var wanted = folder.Objects.Where(o => o.Kind == kind).ToDictionary(o => o.Name, StringComparer.Ordinal);
            var current = new Dictionary<string, ConfigurationObject>(StringComparer.Ordinal);
            foreach (var item in have)
            {
                current[item.Name] = item;
            }

            var names = wanted.Keys.Union(current.Keys).OrderBy(n => n, StringComparer.Ordinal).ToList();
            var planned = new PlannedObject[names.Count];

            // The objects are compared side by side (Compare of a kind reads the two documents and changes nothing).
            Parallel.For(0, names.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                wanted.TryGetValue(names[i], out var desired);
                current.TryGetValue(names[i], out var existing);
                var differences = desired is not null && existing is not null ? kind.Compare(desired, existing).ToArray() : Array.Empty<ConfigurationDifference>();
                var state = desired is null ? ConfigurationDrift.Extra
                    : existing is null ? ConfigurationDrift.Missing
                    : differences.Length > 0 ? ConfigurationDrift.Different
                    : ConfigurationDrift.Same;
                planned[i] = new PlannedObject(kind, names[i], state, differences, desired, existing);
            });
            plan.AddRange(planned);
        }

        return plan;
    }

    /// <summary>The record of a planned object, as Compare writes it.</summary>
    private protected static ConfigurationComparison Comparison(PlannedObject item) => new()
    {
        Resource = item.Kind.Name,
        Name = item.Name,
        State = item.State,
        Differences = ConfigurationComparison.Join(item.Differences),
        Path = item.Desired?.Path,
    };

    /// <summary>An object in messages and targets: <c>tool 'stripe-api'</c>.</summary>
    private protected static string Target(ConfigurationKind kind, string name) => $"{kind.Noun} '{ServerText.Clean(name)}'";

    private void FlushWarnings()
    {
        foreach (var warning in Context.Warnings)
        {
            WriteWarning(warning);
        }

        Context.Warnings.Clear();
    }

    private string ResolveRoot()
    {
        var root = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path, out var provider, out _);
        if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException($"-Path '{Path}' is on the {provider.Name} drive: a configuration folder is a folder of the file system."),
                "ConfigurationFolderNotFileSystem",
                ErrorCategory.InvalidArgument,
                Path));
        }

        return root;
    }
}

/// <summary>One object of a plan: where it stands, and its document on each side (null where it is missing).</summary>
internal sealed class PlannedObject
{
    public PlannedObject(ConfigurationKind kind, string name, ConfigurationDrift state, ConfigurationDifference[] differences, ConfigurationObject? desired, ConfigurationObject? current)
    {
        Kind = kind;
        Name = name;
        State = state;
        Differences = differences;
        Desired = desired;
        Current = current;
    }

    public ConfigurationKind Kind { get; }

    public string Name { get; }

    public ConfigurationDrift State { get; }

    public ConfigurationDifference[] Differences { get; }

    public ConfigurationObject? Desired { get; }

    public ConfigurationObject? Current { get; }
}
