using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
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

        foreach (var kind in kinds)
        {
            var kindFolder = Path.Combine(root, kind.Folder);
            if (Directory.Exists(kindFolder))
            {
                ReadKind(cmdlet, kind, kindFolder, folder);
            }
        }

        return folder;
    }

    private static void ReadKind(PSCmdlet cmdlet, ConfigurationKind kind, string kindFolder, ConfigurationFolder folder)
    {
        foreach (var sub in Directory.GetDirectories(kindFolder).Where(d => !Path.GetFileName(d).StartsWith(".", StringComparison.Ordinal)))
        {
            folder.Problems.Add(new ConfigurationProblem(sub, $"'{sub}' is a folder inside the {kind.Noun} folder, which holds one file per {kind.Noun} and nothing else. Move it out.", "ConfigurationFolderNested"));
        }

        var read = new List<ConfigurationObject>();
        foreach (var file in Directory.GetFiles(kindFolder).OrderBy(f => f, StringComparer.Ordinal))
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
                continue;
            }

            if (extension is not (".json" or ".psd1"))
            {
                folder.Problems.Add(new ConfigurationProblem(file, $"'{file}' is not a configuration file: the {kind.Noun} folder holds one .json (or .psd1) file per {kind.Noun}. Move it out of the folder.", "ConfigurationFileUnknown"));
                continue;
            }

            if (FileKinds.Of(file, followLinks: true) is var fileKind && fileKind.IsSpecial())
            {
                folder.Problems.Add(new ConfigurationProblem(file, $"'{file}' is {fileKind.Describe()}, not a file: it is not read.", "ConfigurationFileUnknown"));
                continue;
            }

            var stem = Path.GetFileNameWithoutExtension(file);
            try
            {
                var document = DocumentInput.FromFile(cmdlet, file);
                if (document["name"] is JsonValue named && named.TryGetValue<string>(out var own) && !string.Equals(own, stem, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"the document names the {kind.Noun} '{ServerText.Clean(own)}', but a file is named after its object: rename the file '{ServerText.Clean(own)}{extension}', or change the name in it");
                }

                var item = kind.FromFile(document, stem);
                item.Path = file;
                read.Add(item);
            }
            catch (ArgumentException e)
            {
                folder.Problems.Add(new ConfigurationProblem(file, $"Cannot read '{file}' as {Article(kind.Noun)}: {Trimmed(e.Message)}.", "ConfigurationFileInvalid"));
            }
        }

        foreach (var twice in read.GroupBy(o => o.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            folder.Problems.Add(new ConfigurationProblem(kindFolder, $"The {kind.Noun} '{ServerText.Clean(twice.Key)}' is in {twice.Count()} files ({string.Join(", ", twice.Select(o => Path.GetFileName(o.Path)))}): keep one of them.", "ConfigurationObjectTwice"));
        }

        folder.Objects.AddRange(read.OrderBy(o => o.Name, StringComparer.Ordinal));
    }

    private static string Article(string noun) => ("aeiou".IndexOf(noun[0]) >= 0 ? "an " : "a ") + noun;

    private static string Trimmed(string message) => message.TrimEnd('.', ' ');
}
