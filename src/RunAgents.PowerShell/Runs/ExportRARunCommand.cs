using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text.Json;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Exports runs with their events and timeline in the official CLI's <c>runs export</c> format: one UTF-8 JSON file
/// per run, or one object per run when no path is given.
/// </summary>
[Cmdlet(VerbsData.Export, "RARun", DefaultParameterSetName = ByIdSet, HelpUri = HelpUris.Docs + "Export-RARun.md")]
[OutputType(typeof(PSObject), typeof(FileInfo))]
public sealed class ExportRARunCommand : RequestCmdlet
{
    private const string ByIdSet = "ById";
    private const string ByInputObjectSet = "ByInputObject";

    private readonly HashSet<(RAConnection, string)> _read = new();
    private readonly HashSet<string> _written = new(StringComparer.OrdinalIgnoreCase);
    private string? _target;
    private bool _targetIsFolder;

    /// <summary>The ids of the runs.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet)]
    [Alias("Id")]
    [ValidateAgentName(What = "run id")]
    [ArgumentCompleter(typeof(RunIdCompleter))]
    public string[] RunId { get; set; } = Array.Empty<string>();

    /// <summary>The runs: runs, invoke answers, access requests or run events (their run), or run ids; from the pipeline, or given here.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByInputObjectSet)]
    [ValidateNotNull]
    public PSObject[]? InputObject { get; set; }

    /// <summary>The file to write (one run), or an existing folder to write one file per run in, named after the run: <c>&lt;id&gt;.json</c>.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>As -Path, taken as written: no wildcards.</summary>
    [Parameter]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string? LiteralPath { get; set; }

    /// <summary>Replaces files that exist.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Writes the file written for each run.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (Path is not null && LiteralPath is not null)
        {
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException("Give -Path or -LiteralPath, not both."), "PathAndLiteralPath", ErrorCategory.InvalidArgument, Path));
        }

        string? target = null;
        if (LiteralPath is not null)
        {
            target = SessionState.Path.GetUnresolvedProviderPathFromPSPath(LiteralPath);
        }
        else if (Path is not null)
        {
            if (WildcardPattern.ContainsWildcardCharacters(Path))
            {
                var resolved = SessionState.Path.GetResolvedProviderPathFromPSPath(Path, out _);
                if (resolved.Count != 1)
                {
                    ThrowTerminatingError(new ErrorRecord(new PSArgumentException($"-Path '{Path}' matches {resolved.Count} items: give one file or folder."), "PathAmbiguous", ErrorCategory.InvalidArgument, Path));
                }

                target = resolved[0];
            }
            else
            {
                target = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            }
        }

        if (target is null)
        {
            return;
        }

        _targetIsFolder = Directory.Exists(target);
        if (!_targetIsFolder && !Directory.Exists(System.IO.Path.GetDirectoryName(target) ?? "."))
        {
            ThrowTerminatingError(new ErrorRecord(
                new DirectoryNotFoundException($"Cannot write '{target}': its folder does not exist. Give an existing folder, or a file in one."),
                "ExportFolderNotFound",
                ErrorCategory.ObjectNotFound,
                target));
        }

        _target = target;
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (var (id, connection) in RunIds.Given(this, RunId, InputObject, () => ActiveConnection))
        {
            Export(id, connection);
        }
    }

    private void Export(string id, RAConnection connection)
    {
        if (!_read.Add((connection, id)))
        {
            return;
        }

        // Where the file goes is settled before any request: a refusal costs the platform nothing.
        string? file = null;
        if (_target is not null)
        {
            file = _targetIsFolder ? System.IO.Path.Combine(_target, id + ".json") : _target;
            if (!_written.Add(file))
            {
                WriteError(new ErrorRecord(
                    new IOException($"Cannot export run '{id}' to '{file}': another run was written there by this command. To export several runs, give an existing folder as -Path: each run is written to <id>.json in it."),
                    "ExportFileTaken",
                    ErrorCategory.ResourceExists,
                    id));
                return;
            }

            if (Directory.Exists(file) || (File.Exists(file) && !Force))
            {
                WriteError(new ErrorRecord(
                    new IOException(Directory.Exists(file)
                        ? $"Cannot export run '{id}' to '{file}': a folder has that name."
                        : $"Cannot export run '{id}': the file '{file}' exists. Pass -Force to replace it."),
                    "ExportFileExists",
                    ErrorCategory.ResourceExists,
                    file));
                return;
            }
        }

        Run run;
        List<RunEvent> events;
        try
        {
            run = Await(connection.Runs.GetAsync(id, Requests, StopToken));
            events = Await(connection.Runs.EventsAsync(id, 0, Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot export run", id, notFoundId: "RunNotFound");
            return;
        }

        var bytes = RunExport.Write(run, events);
        if (file is null)
        {
            using var document = JsonDocument.Parse(bytes);
            var exported = PSObject.AsPSObject(PSJson.ToPSObject(document.RootElement));
            exported.TypeNames.Insert(0, "RunAgents.RunExport");
            WriteObject(exported);
            return;
        }

        try
        {
            File.WriteAllBytes(file, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(e, "ExportWriteFailed", ErrorCategory.WriteError, file));
            return;
        }

        WriteVerbose($"Exported run '{id}' ({events.Count} events) to '{file}'.");
        if (PassThru)
        {
            WriteObject(new FileInfo(file));
        }
    }
}
