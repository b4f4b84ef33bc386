using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Gets the blocked action a run waits on, or any action of a run by id: the tool call held for approval.</summary>
[Cmdlet(VerbsCommon.Get, "RABlockedAction", DefaultParameterSetName = ByInputObjectSet, HelpUri = HelpUris.Docs + "Get-RABlockedAction.md")]
[OutputType(typeof(BlockedAction))]
public sealed class GetRABlockedActionCommand : RequestCmdlet
{
    private const string ByIdSet = "ById";
    private const string ByInputObjectSet = "ByInputObject";

    private readonly HashSet<(RAConnection, string, string)> _read = new();

    /// <summary>The run the action belongs to.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet)]
    [ValidateAgentName(What = "run id")]
    [ArgumentCompleter(typeof(RunIdCompleter))]
    public string RunId { get; set; } = string.Empty;

    /// <summary>The ids of the actions.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByIdSet)]
    [Alias("Id")]
    [ValidateAgentName(What = "action id")]
    public string[] ActionId { get; set; } = Array.Empty<string>();

    /// <summary>Paused runs (the action they wait on), invoke answers or access requests (their action); from the pipeline, or given here.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByInputObjectSet)]
    [ValidateNotNull]
    public PSObject[]? InputObject { get; set; }

    /// <summary>Only actions in these statuses (BLOCKED, APPROVED, EXECUTED, FAILED, EXPIRED); wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Status { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        foreach (var status in Status ?? Array.Empty<string>())
        {
            var pattern = WildcardPattern.Get(status, WildcardOptions.IgnoreCase);
            if (!BlockedActionStatus.Known.Any(pattern.IsMatch))
            {
                WriteWarning($"'{status}' matches none of the statuses of a blocked action the API documents ({string.Join(", ", BlockedActionStatus.Known)}); filtering by it anyway.");
            }
        }
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            foreach (var id in ActionId)
            {
                Write(RunId, id, ActiveConnection);
            }

            return;
        }

        foreach (var item in InputObject)
        {
            var piped = PipedObject.From(item);
            var isRun = piped.Kind == PipedKind.Run;
            var run = isRun ? piped.Text("Id") : piped.Text("RunId");
            var action = isRun ? piped.Text("BlockedActionId") : piped.Text("ActionId");
            if (run is null || action is null)
            {
                var why = piped.Kind switch
                {
                    PipedKind.Run => $"{piped.Subject()} waits on no blocked action: it is {piped.Text("Status") ?? "of unknown status"}",
                    PipedKind.Answer => $"{piped.Subject()} did not pause on a blocked action",
                    _ => $"{piped.Subject()} names no blocked action: pipe paused runs, invoke answers or access requests, or give -RunId and -ActionId",
                };
                WriteError(new ErrorRecord(new PSArgumentException($"{why}."), "NoBlockedAction", ErrorCategory.InvalidArgument, item));
                continue;
            }

            foreach (var (value, what) in new[] { (run, "run id"), (action, "action id") })
            {
                if (AgentPath.Problem(value) is string problem)
                {
                    WriteInvalidInput(piped, $"{piped.Subject()} cannot name a blocked action: its {what} '{ValidateAgentNameAttribute.Printable(value)}' {problem}.");
                    goto next;
                }
            }

            if (ConnectionFor(piped) is RAConnection connection)
            {
                Write(run, action, connection);
            }

        next:;
        }
    }

    private void Write(string run, string action, RAConnection connection)
    {
        if (!_read.Add((connection, run, action)))
        {
            return;
        }

        BlockedAction blocked;
        try
        {
            blocked = Await(connection.Runs.GetBlockedActionAsync(run, action, Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot get blocked action", $"{run}/{action}", notFoundId: "BlockedActionNotFound");
            return;
        }

        if (Status is null || Status.Any(s => WildcardPattern.Get(s, WildcardOptions.IgnoreCase).IsMatch(blocked.Status ?? string.Empty)))
        {
            WriteFromPlatform(blocked, connection);
        }
    }
}
