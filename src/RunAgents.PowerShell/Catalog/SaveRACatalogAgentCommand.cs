using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Writes a catalog agent's source files into a folder, with its manifest as <c>runagents.catalog.json</c>, as the CLI's
/// <c>catalog init</c> does; refuses any file name that would land outside the folder, and files that exist unless -Force.
/// </summary>
[Cmdlet(VerbsData.Save, "RACatalogAgent", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = HelpUris.Docs + "Save-RACatalogAgent.md")]
[OutputType(typeof(FileInfo))]
public sealed class SaveRACatalogAgentCommand : CatalogCmdlet
{
    /// <summary>The file the manifest is written to, beside the source files (the CLI's name).</summary>
    public const string ManifestFile = "runagents.catalog.json";

    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>A catalog object piped in: the cmdlet acts on the platform it came from.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>The catalog id.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CatalogAgentIdCompleter))]
    public string? Id { get; set; }

    /// <summary>The version, such as <c>1.2.0</c>; the latest when not given.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CatalogVersionCompleter))]
    public string? Version { get; set; }

    /// <summary>The folder to write into; made when missing. A folder named as the id in the current location when not given.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Overwrites files that exist.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ConnectionOf(InputObject) is not RAConnection connection)
        {
            return;
        }

        if (Folder() is not string folder)
        {
            return;
        }

        if (Manifest(connection, Id!, Version) is not { } manifest)
        {
            return;
        }

        var files = manifest.DeploymentTemplate.SourceFiles;
        if (files.Count == 0)
        {
            Refuse($"Catalog agent '{manifest}' has no source files to write (its deploymentTemplate.sourceFiles is empty). Look at what it has with Get-RACatalogAgent '{manifest.Id}'.", "CatalogAgentHasNoSourceFiles", ErrorCategory.InvalidData, manifest.Id);
            return;
        }

        // Every name is checked, and every target looked at, before anything is written: a refusal writes nothing.
        var targets = new List<(string Key, string Path)>();
        foreach (var key in files.Keys)
        {
            if (Problem(folder, key, out var target) is string problem)
            {
                Refuse($"Catalog agent '{manifest}' has a source file named '{ServerText.Clean(key)}', which {problem}. Nothing was written.", "UnsafeCatalogFileName", ErrorCategory.SecurityError, ServerText.Clean(key));
                return;
            }

            targets.Add((key, target));
        }

        var manifestPath = System.IO.Path.Combine(folder, ManifestFile);
        if (Existing(manifestPath) is string linked)
        {
            Refuse(linked, "UnsafeCatalogFileName", ErrorCategory.SecurityError, manifestPath);
            return;
        }

        if (!Force)
        {
            var existing = targets.Select(t => t.Path).Append(manifestPath).Where(File.Exists).ToList();
            if (existing.Count > 0)
            {
                Refuse($"Cannot save catalog agent '{manifest}' to '{folder}': {existing.Count} of its files exist ({string.Join(", ", existing.Take(3).Select(f => $"'{f}'"))}{(existing.Count > 3 ? ", ..." : string.Empty)}). Give -Force to overwrite them, or another -Path. Nothing was written.", "CatalogFileExists", ErrorCategory.ResourceExists, existing[0]);
                return;
            }
        }

        if (!ShouldProcess(folder, $"Save catalog agent '{manifest}': {files.Count} source file{(files.Count == 1 ? string.Empty : "s")} and {ManifestFile}"))
        {
            return;
        }

        try
        {
            foreach (var (key, path) in targets)
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
                File.WriteAllText(path, files[key], s_utf8);
                WriteObject(new FileInfo(path));
            }

            Directory.CreateDirectory(folder);
            File.WriteAllText(manifestPath, Indented(manifest.Json ?? "{}") + "\n", s_utf8);
            WriteObject(new FileInfo(manifestPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(e, "CatalogWriteFailed", ErrorCategory.WriteError, folder));
        }
    }

    /// <summary>The folder as a file system path; null with the error written when -Path is not on the file system.</summary>
    private string? Folder()
    {
        var given = Path ?? Id!;
        try
        {
            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(given, out var provider, out _);
            if (provider.Name == "FileSystem")
            {
                return System.IO.Path.GetFullPath(path);
            }

            Refuse($"-Path '{given}' is on the {provider.Name} provider; Save-RACatalogAgent writes to a folder on the file system.", "InvalidPath", ErrorCategory.InvalidArgument, given);
        }
        catch (Exception e) when (e is RuntimeException or ArgumentException or NotSupportedException or IOException)
        {
            Refuse($"Cannot use -Path '{given}': {e.Message}", "InvalidPath", ErrorCategory.InvalidArgument, given);
        }

        return null;
    }

    /// <summary>
    /// Why a server-supplied file name must not be written (it would land outside <paramref name="folder"/>, or through a
    /// link); null when it is safe, with <paramref name="target"/> the full path to write.
    /// </summary>
    internal static string? Problem(string folder, string key, out string target)
    {
        target = string.Empty;
        if (key.Length == 0 || key.Trim().Length == 0)
        {
            return "is empty";
        }

        if (key.Any(char.IsControl))
        {
            return "has control characters";
        }

        if (key[0] is '/' or '\\' || System.IO.Path.IsPathRooted(key))
        {
            return "is an absolute path";
        }

        if (key.IndexOf(':') >= 0)
        {
            return "has a ':' (a drive letter or a stream name)";
        }

        var segments = key.Split('/', '\\');
        if (segments.Any(s => s == ".."))
        {
            return "climbs out of the folder with '..'";
        }

        if (segments.Any(s => s.Length == 0 || s == "."))
        {
            return "has an empty or '.' path segment";
        }

        // Windows opens a device for these names whatever the folder or extension, and drops a trailing dot or space.
        if (segments.FirstOrDefault(IsDeviceName) is string device)
        {
            return $"names the Windows device '{device}'";
        }

        if (segments.Any(s => s.EndsWith(".", StringComparison.Ordinal) || s.EndsWith(" ", StringComparison.Ordinal)))
        {
            return "has a path segment that ends with a dot or a space, which Windows drops";
        }

        if (string.Equals(key, ManifestFile, StringComparison.OrdinalIgnoreCase))
        {
            return $"is the name of the manifest file Save-RACatalogAgent writes";
        }

        var root = folder.TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar) + System.IO.Path.DirectorySeparatorChar;
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, System.IO.Path.Combine(segments)));
        var comparison = Environment.OSVersion.Platform == PlatformID.Win32NT ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (!full.StartsWith(root, comparison))
        {
            return "resolves outside the folder";
        }

        // A folder on the way, or the file itself, that is a link could point anywhere: refused rather than followed.
        var walk = root;
        for (var i = 0; i < segments.Length; i++)
        {
            walk = System.IO.Path.Combine(walk, segments[i]);
            var info = i == segments.Length - 1 ? (FileSystemInfo)new FileInfo(walk) : new DirectoryInfo(walk);
            if (info.Exists && (info.Attributes & FileAttributes.ReparsePoint) != 0)
            {
                return $"goes through '{walk}', a symbolic link or junction";
            }

            if (i < segments.Length - 1 && File.Exists(walk))
            {
                return $"needs '{walk}' to be a folder, and it is a file";
            }
        }

        target = full;
        return null;
    }

    private static bool IsDeviceName(string segment)
    {
        var stem = segment.Split('.')[0].TrimEnd(' ').ToUpperInvariant();
        return stem is "CON" or "PRN" or "AUX" or "NUL" or "CONIN$" or "CONOUT$"
            || (stem.Length == 4 && (stem.StartsWith("COM", StringComparison.Ordinal) || stem.StartsWith("LPT", StringComparison.Ordinal)) && stem[3] is >= '1' and <= '9');
    }

    /// <summary>Why the manifest file cannot be written (it is a link); null otherwise.</summary>
    private static string? Existing(string path)
    {
        var info = new FileInfo(path);
        return info.Exists && (info.Attributes & FileAttributes.ReparsePoint) != 0 ? $"'{path}' is a symbolic link: Save-RACatalogAgent does not write through it. Nothing was written." : null;
    }

    private void Refuse(string message, string id, ErrorCategory category, object? target) =>
        WriteError(new ErrorRecord(new PSArgumentException(message), id, category, target));
}
