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
}

/// <summary>Reading a configuration folder.</summary>
internal static partial class ConfigurationFile
{
    /// <summary>
    /// Reads the files of the kinds asked for: <c>&lt;Folder&gt;/*.json</c> and <c>*.psd1</c>. Refused, as problems: a
    /// YAML file (the module reads no YAML), any other file or a subfolder in a kind's folder, a document that is not
    /// one of the kind, two files naming one object, and a folder whose name is a kind's misspelled. Hidden files and
    /// folders (<c>.git</c>, <c>.gitkeep</c>) and the files and folders beside the kinds' folders (a README, CI files)
    /// are left alone.
    /// </summary>
    /// <param name="cmdlet">The cmdlet, which reads a .psd1 with Import-PowerShellDataFile.</param>
    /// <param name="root">The folder, a file system path.</param>
    /// <param name="kinds">The kinds to read, in apply order.</param>
    public static ConfigurationFolder ReadFolder(PSCmdlet cmdlet, string root, IReadOnlyList<ConfigurationKind> kinds)
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

        var candidates = new List<Candidate>();
        foreach (var kind in kinds)
        {
            var kindFolder = Path.Combine(root, kind.Folder);
            if (Directory.Exists(kindFolder))
            {
                candidates.AddRange(Candidates(kind, kindFolder, folder));
            }
        }

        // The JSON files are read, parsed and made objects of their kind side by side (a folder may hold hundreds);
        // a .psd1 is read with Import-PowerShellDataFile, on the cmdlet's thread.
        Parallel.For(0, candidates.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            if (candidates[i].Extension == ".json")
            {
                Read(candidates[i], () => ReadJson(candidates[i].File));
            }
        });

        foreach (var candidate in candidates.Where(c => c.Extension != ".json"))
        {
            Read(candidate, () => DocumentInput.FromFile(cmdlet, candidate.File));
        }

        foreach (var candidate in candidates.Where(c => c.Error is not null))
        {
            folder.Problems.Add(new ConfigurationProblem(candidate.File, $"Cannot read '{candidate.File}' as {Article(candidate.Kind.Noun)}: {Trimmed(candidate.Error!)}.", "ConfigurationFileInvalid"));
        }

        foreach (var kind in kinds)
        {
            var read = candidates.Where(c => c.Kind == kind && c.Object is not null).Select(c => c.Object!).ToList();
            foreach (var twice in read.GroupBy(o => o.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                folder.Problems.Add(new ConfigurationProblem(Path.Combine(root, kind.Folder), $"The {kind.Noun} '{ServerText.Clean(twice.Key)}' is in {twice.Count()} files ({string.Join(", ", twice.Select(o => Path.GetFileName(o.Path)))}): keep one of them.", "ConfigurationObjectTwice"));
            }

            folder.Objects.AddRange(read.OrderBy(o => o.Name, StringComparer.Ordinal));
        }

        return folder;
    }

    /// <summary>The files of a kind's folder to read; the others are problems, but hidden files, which are left alone.</summary>
    /// <remarks>
    /// A FIFO or a device has no length, and a link may lead to one: only those are asked what they are (a regular
    /// file with content is surely one), so a folder of hundreds of files costs no extra call per file.
    /// </remarks>
    private static List<Candidate> Candidates(ConfigurationKind kind, string kindFolder, ConfigurationFolder folder)
    {
        foreach (var sub in Directory.GetDirectories(kindFolder).Where(d => !Path.GetFileName(d).StartsWith(".", StringComparison.Ordinal)))
        {
            folder.Problems.Add(new ConfigurationProblem(sub, $"'{sub}' is a folder inside the {kind.Noun} folder, which holds one file per {kind.Noun} and nothing else. Move it out.", "ConfigurationFolderNested"));
        }

        var candidates = new List<Candidate>();
        foreach (var info in new DirectoryInfo(kindFolder).GetFiles().OrderBy(f => f.FullName, StringComparer.Ordinal))
        {
            var file = info.FullName;
            var fileName = info.Name;
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
            else if ((info.Length == 0 || (info.Attributes & FileAttributes.ReparsePoint) != 0) && FileKinds.Of(file, followLinks: true) is var fileKind && fileKind.IsSpecial())
            {
                folder.Problems.Add(new ConfigurationProblem(file, $"'{file}' is {fileKind.Describe()}, not a file: it is not read.", "ConfigurationFileUnknown"));
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

    /// <summary>A .json file's document: UTF-8 (a BOM is skipped), else text in the encoding its BOM names.</summary>
    /// <exception cref="ArgumentException">The file cannot be read, or is no JSON object.</exception>
    private static JsonObject ReadJson(string file)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"Cannot read '{file}': {e.Message}", e);
        }

        var what = $"the document in '{file}'";
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            return ResourceDocument.Parse(File.ReadAllText(file), what);
        }

        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        return ResourceDocument.Parse(new ReadOnlyMemory<byte>(bytes, start, bytes.Length - start), what);
    }

    private static string Article(string noun) => ("aeiou".IndexOf(noun[0]) >= 0 ? "an " : "a ") + noun;

    private static string Trimmed(string message) => message.TrimEnd('.', ' ');

    /// <summary>A file to read, and what it gave: its object, or why it cannot be one.</summary>
    private sealed class Candidate
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
    }
}
