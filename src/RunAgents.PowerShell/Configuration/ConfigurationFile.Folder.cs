using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Cmdlets;

namespace RunAgents.PowerShell.Configuration;

/// <summary>A file or folder of a configuration folder that cannot be read, and why.</summary>
internal sealed class ConfigurationProblem
{
    public ConfigurationProblem(string path, string message, string id, ErrorCategory category = ErrorCategory.InvalidData)
    {
        Path = path;
        Message = message;
        Id = id;
        Category = category;
    }

    public string Path { get; }

    public string Message { get; }

    public string Id { get; }

    public ErrorCategory Category { get; }

    /// <summary>The error record of the problem.</summary>
    public ErrorRecord Record() => new(new PSArgumentException(Message), Id, Category, Path);
}

/// <summary>What a configuration folder holds for the kinds asked for: its objects, and what could not be read.</summary>
internal sealed class ConfigurationFolder
{
    /// <summary>The objects, by kind in apply order, then by name.</summary>
    public List<ConfigurationObject> Objects { get; } = new();

    /// <summary>The files and folders that cannot be read: when there is one, nothing is compared or applied.</summary>
    public List<ConfigurationProblem> Problems { get; } = new();

    /// <summary>What is left alone, for verbose lines (a README, a folder of another tool).</summary>
    public List<string> Notes { get; } = new();

    /// <summary>The folder, a file system path.</summary>
    internal string Root { get; set; } = string.Empty;

    /// <summary>The kinds it was listed for, in apply order.</summary>
    internal IReadOnlyList<ConfigurationKind> Kinds { get; set; } = Array.Empty<ConfigurationKind>();

    /// <summary>The files listed, to be read.</summary>
    internal List<ConfigurationFile.Candidate> Files { get; } = new();

    /// <summary>The kinds' folders' listings where they were listed natively, which tell the files' readers what each is.</summary>
    internal List<FolderListing> Listings { get; } = new();
}

/// <summary>Reading a configuration folder.</summary>
internal static partial class ConfigurationFile
{
    /// <summary>
    /// Lists the files of the kinds asked for, <c>&lt;Folder&gt;/*.json</c> and <c>*.psd1</c>, without opening any (see
    /// <see cref="LoadFiles"/>). Refused, as problems: a YAML file (the module reads no YAML), any other file or a
    /// subfolder in a kind's folder, and a folder whose name is a kind's misspelled.
    /// Hidden files and folders (<c>.git</c>, <c>.gitkeep</c>) and the files and folders beside the kinds' folders (a
    /// README, CI files) are left alone.
    /// </summary>
    /// <param name="root">The folder, a file system path.</param>
    /// <param name="kinds">The kinds to read, in apply order.</param>
    public static ConfigurationFolder ListFolder(string root, IReadOnlyList<ConfigurationKind> kinds)
    {
        var folder = new ConfigurationFolder();
        if (!Directory.Exists(root))
        {
            folder.Problems.Add(new ConfigurationProblem(root, $"Cannot find the configuration folder '{root}'. Give the folder Export-RAConfiguration wrote (it holds tools, policies, ... folders).", "ConfigurationFolderNotFound", ErrorCategory.ObjectNotFound));
            return folder;
        }

        var known = ConfigurationKinds.All.Select(k => k.Folder).ToList();
        foreach (var directory in Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal))
        {
            var name = Path.GetFileName(directory);
            if (name.StartsWith(".", StringComparison.Ordinal) || known.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            if (NearestName.Of(name, known) is string meant)
            {
                folder.Problems.Add(new ConfigurationProblem(directory, $"The folder '{name}' in '{root}' is no kind's folder, so its files would be left out. Did you mean '{meant}'? Rename it, or move it out of the configuration folder.", "ConfigurationFolderUnknown"));
            }
            else
            {
                folder.Notes.Add($"Left alone: '{directory}' is no kind's folder ({string.Join(", ", known)}).");
            }
        }

        foreach (var kind in kinds)
        {
            var kindFolder = Path.Combine(root, kind.Folder);
            if (Directory.Exists(kindFolder))
            {
                folder.Files.AddRange(Candidates(kind, kindFolder, folder));
            }
        }

        folder.Root = root;
        folder.Kinds = kinds;
        return folder;
    }

    /// <summary>
    /// Reads the bytes of the .json files <see cref="ListFolder"/> listed, on the cmdlet's thread while the platform's
    /// answers come in on others. A FIFO or a device named like a file is not opened (it would wait for a writer), and is
    /// a problem, as is a file that cannot be read.
    /// </summary>
    /// <param name="folder">The folder as listed.</param>
    /// <remarks>
    /// The regular files are read together, with a few calls to the system for them all, where Linux allows it (see
    /// <see cref="FileBatch"/>); each other file is asked what it is (links followed) with the one call that then reads
    /// it (see <see cref="FileKinds.ReadFile"/>), which also says why a file cannot be read.
    /// </remarks>
    public static void LoadFiles(ConfigurationFolder folder)
    {
        var candidates = folder.Files;
        var json = candidates.Where(c => c.Extension == ".json").ToList();
        var batch = FileBatch.Read(json.Select(c => c.File).ToList(), folder.Listings);
        for (var i = 0; i < json.Count; i++)
        {
            json[i].Bytes = batch[i];
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            if (candidate.Bytes is not null)
            {
                // Read together with the others: a regular file.
                continue;
            }

            try
            {
                // A .psd1 is read later, by Import-PowerShellDataFile: only asked what it is here.
                FileKind fileKind;
                if (candidate.Extension == ".json")
                {
                    candidate.Bytes = FileKinds.ReadFile(candidate.File, out fileKind);
                }
                else
                {
                    fileKind = FileKinds.Of(candidate.File, followLinks: true);
                }

                if (fileKind.IsSpecial())
                {
                    candidate.Special = $"'{candidate.File}' is {fileKind.Describe()}, not a file: it is not read.";
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                candidate.Error = $"Cannot read '{candidate.File}': {e.Message}";
            }
        }

        foreach (var candidate in candidates.Where(c => c.Special is not null))
        {
            folder.Problems.Add(new ConfigurationProblem(candidate.File, candidate.Special!, "ConfigurationFileUnknown"));
        }
    }

    /// <summary>
    /// Makes the folder's objects of the files <see cref="LoadFiles"/> read. A file that holds exactly what
    /// Export-RAConfiguration writes for the platform's object of its name is that object (it shares the platform's
    /// document, see <see cref="IsCanonical"/>): there is nothing in it to check or compare. The others are read as
    /// documents of their kind; refused, as problems: a document that is not one of its kind (not JSON, a field twice
    /// or misspelled, named other than its file), and two files naming one object.
    /// </summary>
    /// <param name="cmdlet">The cmdlet, which reads a .psd1 with Import-PowerShellDataFile.</param>
    /// <param name="folder">The folder as listed and loaded; its objects are added, by kind in apply order, then by name.</param>
    /// <param name="platform">The platform's objects of the kinds it could be read for.</param>
    public static void ReadFiles(PSCmdlet cmdlet, ConfigurationFolder folder, IReadOnlyDictionary<ConfigurationKind, IReadOnlyList<ConfigurationObject>> platform)
    {
        var candidates = folder.Files;
        var exported = new Dictionary<ConfigurationKind, Dictionary<string, ConfigurationObject?>>();
        foreach (var pair in platform)
        {
            var byName = exported[pair.Key] = new Dictionary<string, ConfigurationObject?>(pair.Value.Count, StringComparer.Ordinal);
            foreach (var item in pair.Value)
            {
                // Two of one name (connectors can share one): neither is known for a file, which is read.
                byName[item.Name] = byName.ContainsKey(item.Name) ? null : item;
            }
        }

        // A file that is what an export writes for the platform's object is that object; the other JSON files are parsed
        // side by side (a folder may hold hundreds). A .psd1 is read with Import-PowerShellDataFile, on the cmdlet's thread.
        var toParse = new List<Candidate>();
        foreach (var candidate in candidates)
        {
            if (candidate.Bytes is not byte[] bytes)
            {
                continue;
            }

            var stem = Path.GetFileNameWithoutExtension(candidate.File);
            if (exported.TryGetValue(candidate.Kind, out var objects) && objects.TryGetValue(stem, out var current) && current is not null && IsCanonical(bytes, current))
            {
                candidate.Object = new ConfigurationObject(candidate.Kind, current.Name, current.Document) { Path = candidate.File };
            }
            else
            {
                toParse.Add(candidate);
            }
        }

        void Parse(Candidate candidate) => Read(candidate, () => ParseJson(candidate.File, candidate.Bytes!));
        if (toParse.Count > 1)
        {
            Parallel.ForEach(toParse, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, Parse);
        }
        else
        {
            toParse.ForEach(Parse);
        }

        // The bytes are read: the objects hold what is kept of them.
        foreach (var candidate in candidates)
        {
            candidate.Bytes = null;
        }

        foreach (var candidate in candidates.Where(c => c.Extension != ".json" && c.Special is null && c.Error is null))
        {
            Read(candidate, () => DocumentInput.FromFile(cmdlet, candidate.File));
        }

        foreach (var candidate in candidates.Where(c => c.Error is not null))
        {
            folder.Problems.Add(new ConfigurationProblem(candidate.File, $"Cannot read '{candidate.File}' as {Article(candidate.Kind.Noun)}: {Sentence(candidate.Error!)}", "ConfigurationFileInvalid"));
        }

        foreach (var kind in folder.Kinds)
        {
            var read = candidates.Where(c => c.Kind == kind && c.Object is not null).Select(c => c.Object!).ToList();
            foreach (var twice in read.GroupBy(o => o.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                folder.Problems.Add(new ConfigurationProblem(Path.Combine(folder.Root, kind.Folder), $"The {kind.Noun} '{ServerText.Clean(twice.Key)}' is in {twice.Count()} files ({string.Join(", ", twice.Select(o => Path.GetFileName(o.Path)))}): keep one of them.", "ConfigurationObjectTwice"));
            }

            folder.Objects.AddRange(read.OrderBy(o => o.Name, StringComparer.Ordinal));
        }
    }

    /// <summary>The files of a kind's folder to read, by their names; the others are problems, but hidden files, which are left alone.</summary>
    /// <remarks>
    /// The folder is listed once, natively where it can be (<see cref="FileBatch.List"/>, whose listing then tells the
    /// reader which files are regular); a link or an entry of an untold kind is asked whether it leads to a folder.
    /// Elsewhere .NET lists its folders and its files.
    /// </remarks>
    private static List<Candidate> Candidates(ConfigurationKind kind, string kindFolder, ConfigurationFolder folder)
    {
        var subfolders = new List<string>();
        var files = new List<string>();
        if (FileBatch.List(kindFolder) is FolderListing listing)
        {
            folder.Listings.Add(listing);
            foreach (var (name, entryKind) in listing.Entries)
            {
                var path = Path.Combine(kindFolder, name);
                var isFolder = entryKind == FileKind.Directory
                    || (entryKind is FileKind.SymbolicLink or FileKind.Unknown && FileKinds.Of(path, followLinks: true) == FileKind.Directory);
                (isFolder ? subfolders : files).Add(path);
            }
        }
        else
        {
            subfolders.AddRange(Directory.GetDirectories(kindFolder));
            files.AddRange(Directory.GetFiles(kindFolder));
        }

        subfolders.Sort(StringComparer.Ordinal);
        files.Sort(StringComparer.Ordinal);
        foreach (var sub in subfolders.Where(d => !Path.GetFileName(d).StartsWith(".", StringComparison.Ordinal)))
        {
            folder.Problems.Add(new ConfigurationProblem(sub, $"'{sub}' is a folder inside the {kind.Noun} folder, which holds one file per {kind.Noun} and nothing else. Move it out.", "ConfigurationFolderNested"));
        }

        var candidates = new List<Candidate>();
        foreach (var file in files)
        {
            var fileName = Path.GetFileName(file);
            if (fileName.StartsWith(".", StringComparison.Ordinal))
            {
                continue;
            }

            var extension = Path.GetExtension(file).ToLowerInvariant();
            if (extension is ".yaml" or ".yml")
            {
                folder.Problems.Add(new ConfigurationProblem(file, $"'{file}' is YAML, which the module does not read (no YAML parser is part of it). Convert it with ConvertFrom-Yaml (from the powershell-yaml module) and save it as .json: Get-Content '{file}' -Raw | ConvertFrom-Yaml | ConvertTo-Json -Depth 32 | Set-Content '{Path.ChangeExtension(file, ".json")}'; then remove the YAML file.", "ConfigurationFileYaml"));
            }
            else if (extension is not (".json" or ".psd1"))
            {
                folder.Problems.Add(new ConfigurationProblem(file, $"'{file}' is not a configuration file: the {kind.Noun} folder holds one .json (or .psd1) file per {kind.Noun}. Move it out of the folder.", "ConfigurationFileUnknown"));
            }
            else
            {
                candidates.Add(new Candidate(kind, file, extension));
            }
        }

        return candidates;
    }

    /// <summary>Makes the object of a file from its document, or says why it cannot be one (in <see cref="Candidate.Error"/>).</summary>
    private static void Read(Candidate candidate, Func<JsonObject> document)
    {
        var stem = Path.GetFileNameWithoutExtension(candidate.File);
        try
        {
            var read = document();
            if (read["name"] is JsonValue named && named.TryGetValue<string>(out var own) && !string.Equals(own, stem, StringComparison.Ordinal))
            {
                throw new ArgumentException($"the document names the {candidate.Kind.Noun} '{ServerText.Clean(own)}', but a file is named after its object: rename the file '{ServerText.Clean(own)}{candidate.Extension}', or change the name in it");
            }

            var item = candidate.Kind.FromFile(read, stem);
            item.Path = candidate.File;
            candidate.Object = item;
        }
        catch (ArgumentException e)
        {
            candidate.Error = e.Message;
        }
    }

    /// <summary>A .json file's document from its bytes: UTF-8 (a BOM is skipped), else text in the encoding its BOM names.</summary>
    /// <exception cref="ArgumentException">The bytes are no JSON object.</exception>
    private static JsonObject ParseJson(string file, byte[] bytes)
    {
        var what = $"the document in '{file}'";
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            using var reader = new StreamReader(new MemoryStream(bytes), detectEncodingFromByteOrderMarks: true);
            return ResourceDocument.Parse(reader.ReadToEnd(), what);
        }

        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        return ResourceDocument.Parse(new ReadOnlyMemory<byte>(bytes, start, bytes.Length - start), what);
    }

    private static string Article(string noun) => ("aeiou".IndexOf(noun[0]) >= 0 ? "an " : "a ") + noun;

    /// <summary>A message as the end of a sentence: with its question mark, else with one full stop.</summary>
    private static string Sentence(string message) => message.TrimEnd('.', ' ') is var trimmed && trimmed.EndsWith("?", StringComparison.Ordinal) ? trimmed : trimmed + ".";

    /// <summary>A file to read, and what it gave: its object, or why it cannot be one.</summary>
    internal sealed class Candidate
    {
        public Candidate(ConfigurationKind kind, string file, string extension)
        {
            Kind = kind;
            File = file;
            Extension = extension;
        }

        public ConfigurationKind Kind { get; }

        public string File { get; }

        public string Extension { get; }

        public ConfigurationObject? Object { get; set; }

        public string? Error { get; set; }

        /// <summary>The bytes of a .json file, once read.</summary>
        public byte[]? Bytes { get; set; }

        /// <summary>Why the file is not read at all (a FIFO, a device); null for a file.</summary>
        public string? Special { get; set; }
    }
}
