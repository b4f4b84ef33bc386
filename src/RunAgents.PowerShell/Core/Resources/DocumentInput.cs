using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Reads the documents a New-* or Set-* cmdlet is given into JSON objects: JSON text, a hashtable (as
/// Import-PowerShellDataFile or a YAML module's ConvertFrom-Yaml returns), a PSCustomObject (ConvertFrom-Json), an
/// object the matching Get-* wrote (live, or after Import-Clixml or Select-Object), or a file (.json, .psd1).
/// </summary>
internal static class DocumentInput
{
    /// <summary>The document an object stands for, as JSON; <paramref name="what"/> names it in messages.</summary>
    /// <exception cref="ArgumentException">It is no document.</exception>
    public static JsonObject From(object? input, string what)
    {
        var value = input is PSObject { BaseObject: not PSCustomObject } wrapped ? wrapped.BaseObject : input;
        switch (value)
        {
            case null:
                throw new ArgumentException($"{what} is null.");
            case NamedResource resource:
                return (JsonObject)resource.Document.DeepClone();
            case string text:
                return ResourceDocument.Parse(text, what);
            case IDictionary or PSObject:
                if (value is PSObject shown && IsResourceCopy(shown))
                {
                    return FromCopy(shown);
                }

                string json;
                try
                {
                    json = PSJson.Serialize(value);
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException($"{what} cannot be read as a document: {e.Message}", e);
                }

                return ResourceDocument.Parse(json, what);
            default:
                throw new ArgumentException($"{what} is a {value.GetType().Name}: give a hashtable, the output of ConvertFrom-Json, JSON text, or an object of the matching Get- cmdlet.");
        }
    }

    /// <summary>The document in a file: JSON, or a PowerShell data file (.psd1); a YAML file is refused, naming what to use.</summary>
    /// <param name="cmdlet">The cmdlet, which reads a .psd1 with Import-PowerShellDataFile.</param>
    /// <param name="path">The file's path on the file system.</param>
    /// <exception cref="ArgumentException">The file cannot be read as a document.</exception>
    public static JsonObject FromFile(PSCmdlet cmdlet, string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        switch (extension)
        {
            case ".yaml" or ".yml":
                throw new ArgumentException($"'{path}' is YAML, which the module does not read itself (it would need a YAML parser beside every other module in the process). Read it with a YAML module and pipe the result: Get-Content '{path}' -Raw | ConvertFrom-Yaml | ... (ConvertFrom-Yaml from the powershell-yaml module).");
            case ".psd1":
                System.Collections.ObjectModel.Collection<PSObject> data;
                try
                {
                    // -ErrorAction Stop: a file that is no data file is this document's error, not a line on the host.
                    data = cmdlet.InvokeCommand.InvokeScript("param($p) Import-PowerShellDataFile -LiteralPath $p -ErrorAction Stop", true, System.Management.Automation.Runspaces.PipelineResultTypes.None, null, path);
                }
                catch (RuntimeException e)
                {
                    throw new ArgumentException(e.ErrorRecord?.Exception?.Message ?? e.Message, e);
                }

                return From(data.FirstOrDefault(), $"the document in '{path}'");
            default:
                string text;
                try
                {
                    text = File.ReadAllText(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new ArgumentException($"Cannot read '{path}': {e.Message}", e);
                }

                return ResourceDocument.Parse(text, $"the document in '{path}'");
        }
    }

    /// <summary>
    /// True for an object the module wrote for a resource that lost its live self (Import-Clixml, Select-Object, a job),
    /// or a row of one read back by Import-Csv, which keeps no type name but keeps the Platform column.
    /// </summary>
    private static bool IsResourceCopy(PSObject item) =>
        item.BaseObject is PSCustomObject && item.Properties["Spec"] is not null && item.Properties["Name"] is not null
        && (item.TypeNames.Any(t => t.IndexOf("RunAgents.PowerShell.Models.", StringComparison.Ordinal) >= 0) || item.Properties["Platform"] is not null);

    /// <summary>The document of such a copy: its name, its spec, and its other fields, which the copy keeps as properties.</summary>
    private static JsonObject FromCopy(PSObject copy)
    {
        var body = new JsonObject { ["name"] = copy.Properties["Name"]!.Value?.ToString() };
        // A CSV row has the additional fields as text: empty when there were none.
        if (copy.Properties["AdditionalFields"]?.Value is { } more && !(more is string text && !text.TrimStart().StartsWith("{", StringComparison.Ordinal))
            && From(more, "the copy's additional fields") is JsonObject extra)
        {
            foreach (var pair in extra.ToList())
            {
                extra.Remove(pair.Key);
                body[pair.Key] = pair.Value;
            }
        }

        body["spec"] = copy.Properties["Spec"]!.Value is { } spec ? From(spec, "the copy's spec") : new JsonObject();
        return body;
    }
}
