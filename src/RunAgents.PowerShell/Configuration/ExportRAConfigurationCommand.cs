using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Configuration;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Writes the platform's configuration to a folder: a file per object, <c>&lt;kind folder&gt;/&lt;name&gt;.json</c>, in the
/// API's body shape without what the platform writes itself, in a canonical form (keys sorted, two-space indent, LF,
/// UTF-8 without BOM), so two exports of an unchanged platform are byte-identical and a diff shows only real change.
/// </summary>
/// <remarks>
/// A file whose bytes would not change is not written again. A file whose object is no longer on the platform, and a
/// .psd1 beside the .json written for its object, are left with a warning each, or removed with -Prune: a folder may
/// hold files a user wrote for objects still to be created. Secrets are written as the placeholder unless -IncludeSecret.
/// </remarks>
[Cmdlet(VerbsData.Export, "RAConfiguration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = HelpUris.Docs + "Export-RAConfiguration.md")]
[OutputType(typeof(FileInfo))]
public sealed class ExportRAConfigurationCommand : ConfigurationCmdlet
{
    /// <summary>Writes the secrets the platform gives back (an approval connector's headers) instead of the placeholder.</summary>
    [Parameter]
    public SwitchParameter IncludeSecret { get; set; }

    /// <summary>Writes the file of each object exported, written or already up to date.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Removes the files of the objects the platform does not have, and a .psd1 beside the .json written for its object.</summary>
    [Parameter]
    public SwitchParameter Prune { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var kinds = SelectedKinds();
        var root = Root;

        if (IncludeSecret)
        {
            WriteWarning($"-IncludeSecret writes secrets in clear into the files under '{root}'. Keep them out of source control; without -IncludeSecret they are written as {ConfigurationFile.SecretPlaceholder}, which Import-RAConfiguration reads as \"keep what the platform has\".");
        }

        var platform = ReadPlatform(kinds, IncludeSecret);
        foreach (var kind in kinds.Where(platform.ContainsKey))
        {
            Export(kind, platform[kind], root);
        }
    }

    private void Export(ConfigurationKind kind, IReadOnlyList<ConfigurationObject> objects, string root)
    {
        var folder = System.IO.Path.Combine(root, kind.Folder);
        var written = new HashSet<string>(StringComparer.Ordinal);
        var caseless = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in objects.OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            string path;
            try
            {
                path = ConfigurationFile.PathOf(root, kind, item.Name);
            }
            catch (ArgumentException e)
            {
                WriteError(new ErrorRecord(e, "ConfigurationNameInvalid", ErrorCategory.InvalidData, ServerText.Clean(item.Name)));
                continue;
            }

            // On Windows and macOS two names that differ only in case are one file: neither would survive the other.
            if (caseless.TryGetValue(item.Name, out var other))
            {
                WriteError(new ErrorRecord(
                    new PSInvalidOperationException($"The {kind.Plural} '{ServerText.Clean(other)}' and '{ServerText.Clean(item.Name)}' differ only in case, so they cannot have a file each on every system; '{ServerText.Clean(item.Name)}' is not written. Rename one of them on the platform."),
                    "ConfigurationNameCollision",
                    ErrorCategory.InvalidData,
                    ServerText.Clean(item.Name)));
                continue;
            }

            caseless[item.Name] = item.Name;

            written.Add(item.Name);
            var bytes = item.Canonical;
            if (File.Exists(path) && File.ReadAllBytes(path).SequenceEqual(bytes))
            {
                WriteVerbose($"Unchanged {path}.");
            }
            else
            {
                if (!ShouldProcess(path, File.Exists(path) ? $"Update the file of {Target(kind, item.Name)}" : $"Create the file of {Target(kind, item.Name)}"))
                {
                    continue;
                }

                try
                {
                    Directory.CreateDirectory(folder);
                    File.WriteAllBytes(path, bytes);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    WriteError(new ErrorRecord(e, "ConfigurationFileNotWritten", ErrorCategory.WriteError, path));
                    continue;
                }

                WriteVerbose($"Wrote {path}.");
            }

            if (PassThru)
            {
                WriteObject(new FileInfo(path));
            }
        }

        if (!Directory.Exists(folder))
        {
            // An empty kind still gets its folder: a folder the configuration has is a kind it is about (see KindsOfFolder).
            if (ShouldProcess(folder, $"Create the folder of the {kind.Plural}"))
            {
                Directory.CreateDirectory(folder);
            }

            return;
        }

        RemoveStale(kind, folder, written);
    }

    /// <summary>
    /// The files of objects the platform does not have, and a .psd1 of an object written as .json: removed with -Prune,
    /// else left with a warning each.
    /// </summary>
    private void RemoveStale(ConfigurationKind kind, string folder, HashSet<string> written)
    {
        // On a file system that ignores case (Windows, macOS), STRIPE-API.json is the file just written for stripe-api.
        var caseless = IgnoresCase(folder, written);
        var comparison = caseless ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (var file in Directory.GetFiles(folder).OrderBy(f => f, StringComparer.Ordinal))
        {
            var name = System.IO.Path.GetFileName(file);
            var extension = System.IO.Path.GetExtension(file).ToLowerInvariant();
            if (name.StartsWith(".", StringComparison.Ordinal) || extension is not (".json" or ".psd1"))
            {
                continue;
            }

            var stem = System.IO.Path.GetFileNameWithoutExtension(file);
            var exported = written.FirstOrDefault(w => string.Equals(w, stem, comparison));
            if (exported is not null && string.Equals(name, exported + ConfigurationFile.Extension, comparison))
            {
                continue;
            }

            var why = exported is not null
                ? $"the {kind.Noun} '{exported}' is written to {exported}{ConfigurationFile.Extension}"
                : $"the platform has no {kind.Noun} '{stem}'";
            if (!Prune)
            {
                WriteWarning($"Left '{file}': {why} (-Prune removes the file).");
                continue;
            }

            if (!ShouldProcess(file, $"Remove the file ({why})"))
            {
                continue;
            }

            try
            {
                File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                WriteError(new ErrorRecord(e, "ConfigurationFileNotRemoved", ErrorCategory.WriteError, file));
                continue;
            }

            WriteWarning($"Removed '{file}': {why}.");
        }
    }

    /// <summary>True when the folder's file system ignores case: the file written for an object is found by its name in upper case.</summary>
    private static bool IgnoresCase(string folder, HashSet<string> written)
    {
        var probe = written.FirstOrDefault(n => !string.Equals(n.ToUpperInvariant(), n, StringComparison.Ordinal));
        return probe is not null && File.Exists(System.IO.Path.Combine(folder, probe.ToUpperInvariant() + ConfigurationFile.Extension));
    }
}
