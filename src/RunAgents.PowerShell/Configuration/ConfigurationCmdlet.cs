using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Configuration;

namespace RunAgents.PowerShell.Cmdlets;

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
    [ConfigurationFolderArgument]
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

    /// <summary>
    /// Reads the folder and the platform's objects of the kinds: the platform is read while the files are (the two take
    /// about as long), and a file that holds exactly what an export writes for the platform's object is known for it
    /// without being parsed. Writes an error for each file that cannot be read, and a verbose line for what is left alone.
    /// </summary>
    /// <returns>The folder's objects and the platform's; null when a file cannot be read (then nothing is to be compared or sent).</returns>
    /// <remarks>
    /// What the listing refuses (no folder, a YAML file, a subfolder, a misspelled kind folder) sends no request at
    /// all; a file whose content is refused drops the platform's answers, which are read only (GETs), unseen.
    /// </remarks>
    private protected (ConfigurationFolder Folder, Dictionary<ConfigurationKind, IReadOnlyList<ConfigurationObject>> Platform)? Read(IReadOnlyList<ConfigurationKind> kinds)
    {
        var folder = ConfigurationFile.ListFolder(Root, kinds);
        foreach (var note in folder.Notes)
        {
            WriteVerbose(note);
        }

        if (folder.Problems.Count == 0 && kinds.Count == 0)
        {
            // Without -Resource, the kinds are the folders the folder has: none means a wrong folder, not an empty plan.
            var own = System.IO.Path.GetFileName(Root.TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar));
            var hint = ConfigurationKinds.All.FirstOrDefault(k => string.Equals(k.Folder, own, StringComparison.OrdinalIgnoreCase)) is ConfigurationKind inside
                ? $"'{Root}' is the folder of the {inside.Plural} itself: give the folder that holds it"
                : "give the folder Export-RAConfiguration wrote, or name the kinds with -Resource";
            folder.Problems.Add(new ConfigurationProblem(Root, $"'{Root}' holds none of the kinds' folders ({string.Join(", ", ConfigurationKinds.All.Select(k => k.Folder))}), so there is nothing to compare or apply: {hint}.", "ConfigurationFolderEmpty", ErrorCategory.ObjectNotFound));
        }

        if (folder.Problems.Count == 0)
        {
            var reading = StartReading(kinds, includeSecret: false);
            ConfigurationFile.LoadFiles(folder);
            WaitFor(reading);
            var platform = Completed(reading);
            ConfigurationFile.ReadFiles(this, folder, platform);
            if (folder.Problems.Count == 0)
            {
                Report(reading);
                return (folder, platform);
            }
        }

        foreach (var problem in folder.Problems)
        {
            WriteError(problem.Record());
        }

        return null;
    }

    /// <summary>Every object of each kind on the platform; a kind that cannot be read is an error, and missing from the answer.</summary>
    /// <remarks>
    /// The kinds are read side by side, each with a context of its own (its warnings are written after, in kind order);
    /// the errors are written in kind order too.
    /// </remarks>
    private protected Dictionary<ConfigurationKind, IReadOnlyList<ConfigurationObject>> ReadPlatform(IReadOnlyList<ConfigurationKind> kinds, bool includeSecret)
    {
        var reading = StartReading(kinds, includeSecret);
        WaitFor(reading);
        Report(reading);
        return Completed(reading);
    }

    /// <summary>Starts reading each kind's objects on the platform, side by side, each with a context of its own.</summary>
    private PlatformReading StartReading(IReadOnlyList<ConfigurationKind> kinds, bool includeSecret)
    {
        var contexts = kinds.Select(_ => new ConfigurationContext(Context.Connection, Context.Requests)).ToList();
        var renderings = kinds.Select(_ => new PlatformRendering()).ToList();
        return new PlatformReading(kinds, contexts, kinds.Select((kind, i) => ReadRendered(kind, contexts[i], includeSecret, renderings[i])).ToList(), renderings);
    }

    /// <summary>
    /// Reads a kind's objects, then makes the bytes an export writes for each (<see cref="ConfigurationObject.Canonical"/>)
    /// where the answer came in, with the cmdlet's thread once it has nothing else to do (see <see cref="WaitFor"/>):
    /// the folder's files are compared with those bytes.
    /// </summary>
    private async Task<IReadOnlyList<ConfigurationObject>> ReadRendered(ConfigurationKind kind, ConfigurationContext context, bool includeSecret, PlatformRendering rendering)
    {
        IReadOnlyList<ConfigurationObject> objects;
        try
        {
            objects = await kind.ReadAsync(context, includeSecret, StopToken).ConfigureAwait(false);
        }
        catch
        {
            // Nothing to make: the cmdlet's thread is not to wait for it.
            rendering.Listed(Array.Empty<ConfigurationObject>());
            throw;
        }

        rendering.Listed(objects);
        rendering.Help();
        return objects;
    }

    /// <summary>
    /// Waits for the reads to end, however they end (<see cref="Report"/> tells how each did); meanwhile the cmdlet's
    /// thread makes the export bytes of the objects of each kind listed, beside the thread that read them.
    /// </summary>
    private void WaitFor(PlatformReading reading)
    {
        try
        {
            foreach (var rendering in reading.Renderings.Where(r => r.Listing.IsCompleted))
            {
                rendering.Help();
            }

            Await(Task.WhenAll(reading.Reads));
        }
        catch (Exception e) when (e is RunAgentsApiException or ConfigurationRefusedException)
        {
            // Each failed read is written by Report, in kind order (or dropped with the folder's problems).
        }
    }

    /// <summary>The objects of the kinds that were read.</summary>
    private static Dictionary<ConfigurationKind, IReadOnlyList<ConfigurationObject>> Completed(PlatformReading reading)
    {
        var read = new Dictionary<ConfigurationKind, IReadOnlyList<ConfigurationObject>>();
        for (var i = 0; i < reading.Kinds.Count; i++)
        {
            if (reading.Reads[i].Status == TaskStatus.RanToCompletion)
            {
                read[reading.Kinds[i]] = reading.Reads[i].Result;
            }
        }

        return read;
    }

    /// <summary>Writes each kind's warnings, and the error of each kind that could not be read, in kind order.</summary>
    private void Report(PlatformReading reading)
    {
        var (kinds, contexts, reads) = (reading.Kinds, reading.Contexts, reading.Reads);
        for (var i = 0; i < kinds.Count; i++)
        {
            foreach (var warning in contexts[i].Warnings)
            {
                WriteWarning(warning);
            }

            if (reads[i].Status == TaskStatus.RanToCompletion)
            {
                continue;
            }

            if (reads[i].Exception?.InnerException is RunAgentsApiException e)
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

            // A file that holds what an export writes for the platform's object shares its document: nothing to compare.
            // The others are compared side by side (Compare of a kind reads the two documents and changes nothing).
            var differences = new ConfigurationDifference[names.Count][];
            var toCompare = new List<int>();
            for (var i = 0; i < names.Count; i++)
            {
                differences[i] = Array.Empty<ConfigurationDifference>();
                if (wanted.TryGetValue(names[i], out var desired) && current.TryGetValue(names[i], out var existing) && !ReferenceEquals(desired.Document, existing.Document))
                {
                    toCompare.Add(i);
                }
            }

            void Compare(int i) => differences[i] = kind.Compare(wanted[names[i]], current[names[i]]).ToArray();
            if (toCompare.Count > 1)
            {
                Parallel.ForEach(toCompare, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, Compare);
            }
            else
            {
                toCompare.ForEach(Compare);
            }

            for (var i = 0; i < names.Count; i++)
            {
                wanted.TryGetValue(names[i], out var desired);
                current.TryGetValue(names[i], out var existing);
                var state = desired is null ? ConfigurationDrift.Extra
                    : existing is null ? ConfigurationDrift.Missing
                    : differences[i].Length > 0 ? ConfigurationDrift.Different
                    : ConfigurationDrift.Same;
                planned[i] = new PlannedObject(kind, names[i], state, differences[i], desired, existing);
            }

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
        Action = item.State switch
        {
            ConfigurationDrift.Missing => item.Kind.CannotCreate is string why ? $"fail: {why}" : "create",
            ConfigurationDrift.Different => "update",
            ConfigurationDrift.Extra => item.Kind.CanRemove ? "remove with -Prune" : "keep: cannot be removed",
            _ => string.Empty,
        },
        File = item.Desired?.Path,
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
        string root;
        ProviderInfo provider;
        try
        {
            root = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path, out provider, out _);
        }
        catch (Exception e) when (e is DriveNotFoundException or ProviderNotFoundException or NotSupportedException)
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException($"-Path '{Path}' is no folder of the file system ({e.Message.TrimEnd('.')}): a configuration folder is a local folder, such as ./cfg.", e),
                "ConfigurationFolderNotFileSystem",
                ErrorCategory.InvalidArgument,
                Path));
            throw;
        }

        if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException($"-Path '{Path}' is on the {provider.Name} drive: a configuration folder is a folder of the file system."),
                "ConfigurationFolderNotFileSystem",
                ErrorCategory.InvalidArgument,
                Path));
        }

        if (System.IO.File.Exists(root))
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException($"-Path '{root}' is a file: give the configuration folder (it holds tools, policies, ... folders; Export-RAConfiguration makes it when missing)."),
                "ConfigurationFolderIsFile",
                ErrorCategory.InvalidArgument,
                root));
        }

        return root;
    }
}

/// <summary>The platform's objects being read, kind by kind: each kind's context (its warnings) and its read.</summary>
internal sealed class PlatformReading
{
    public PlatformReading(IReadOnlyList<ConfigurationKind> kinds, IReadOnlyList<ConfigurationContext> contexts, IReadOnlyList<Task<IReadOnlyList<ConfigurationObject>>> reads, IReadOnlyList<PlatformRendering> renderings)
    {
        Kinds = kinds;
        Contexts = contexts;
        Reads = reads;
        Renderings = renderings;
    }

    public IReadOnlyList<ConfigurationKind> Kinds { get; }

    public IReadOnlyList<ConfigurationContext> Contexts { get; }

    public IReadOnlyList<Task<IReadOnlyList<ConfigurationObject>>> Reads { get; }

    public IReadOnlyList<PlatformRendering> Renderings { get; }
}

/// <summary>
/// A kind's objects made into their export bytes (<see cref="ConfigurationObject.Canonical"/>) once listed, each by
/// whichever thread takes it first: its read's, and the cmdlet's, which would otherwise wait.
/// </summary>
internal sealed class PlatformRendering
{
    private readonly TaskCompletionSource<bool> _listing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IReadOnlyList<ConfigurationObject> _objects = Array.Empty<ConfigurationObject>();
    private int _next;

    /// <summary>Done once the kind's list is read (or could not be): its objects can be taken from then on.</summary>
    public Task Listing => _listing.Task;

    /// <summary>The read's thread: the kind's objects (none when its read failed), which can be taken from now on.</summary>
    public void Listed(IReadOnlyList<ConfigurationObject> objects)
    {
        Volatile.Write(ref _objects, objects);
        _listing.TrySetResult(true);
    }

    /// <summary>Makes the bytes of the objects not yet taken, one at a time, until none is left.</summary>
    public void Help()
    {
        var objects = Volatile.Read(ref _objects);
        for (var i = Interlocked.Increment(ref _next) - 1; i < objects.Count; i = Interlocked.Increment(ref _next) - 1)
        {
            _ = objects[i].Canonical;
        }
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
