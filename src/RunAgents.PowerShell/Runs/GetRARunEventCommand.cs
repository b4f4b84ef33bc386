using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Gets the events of runs in order, each with a one-line summary.</summary>
[Cmdlet(VerbsCommon.Get, "RARunEvent", DefaultParameterSetName = ByIdSet, HelpUri = HelpUris.Docs + "Get-RARunEvent.md")]
[OutputType(typeof(RunEvent))]
public sealed partial class GetRARunEventCommand : RequestCmdlet
{
    private const string ByIdSet = "ById";
    private const string ByInputObjectSet = "ByInputObject";

    private readonly HashSet<(RAConnection, string)> _read = new();

    /// <summary>The ids of the runs.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet)]
    [Alias("Id")]
    [ValidateAgentName(What = "run id")]
    [ArgumentCompleter(typeof(RunIdCompleter))]
    public string[] RunId { get; set; } = System.Array.Empty<string>();

    /// <summary>The runs: runs, invoke answers, access requests or run events (their run), or run ids; from the pipeline, or given here.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByInputObjectSet)]
    [ValidateNotNull]
    public PSObject[]? InputObject { get; set; }

    /// <summary>Only events of these types, such as AGENT_MESSAGE or TOOL_*; wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RunEventTypeCompleter))]
    public string[]? Type { get; set; }

    /// <summary>Only the last N events of each run (after -Type filters them).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Last { get; set; }

    /// <summary>Keeps writing the run's events as they come, like Get-Content -Wait, until the run ends or Ctrl+C.</summary>
    [Parameter]
    public SwitchParameter Follow { get; set; }

    /// <summary>With -Follow: the seconds between two polls for new events.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int PollIntervalSec { get; set; } = 2;

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        if (Follow && Last > 0)
        {
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException("-Last reads a run's events to their end, which -Follow never reaches while the run goes on: give one of them."), "FollowWithLast", ErrorCategory.InvalidArgument, Last));
        }

        if (!Follow && MyInvocation.BoundParameters.ContainsKey(nameof(PollIntervalSec)))
        {
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException("-PollIntervalSec sets how often -Follow asks for new events: give it with -Follow."), "PollIntervalWithoutFollow", ErrorCategory.InvalidArgument, PollIntervalSec));
        }

        base.BeginProcessing();

        // As -Status does: a type the API does not document is most likely a typo, which would filter out every event in silence.
        foreach (var type in Type ?? Array.Empty<string>())
        {
            var pattern = WildcardPattern.Get(type, WildcardOptions.IgnoreCase);
            if (!RunEventType.Known.Any(pattern.IsMatch))
            {
                WriteWarning(WildcardPattern.ContainsWildcardCharacters(type)
                    ? $"-Type {type} matches none of the event types the API documents ({string.Join(", ", RunEventType.Known)}); filtering by it anyway."
                    : $"'{type}' is not an event type the API documents ({string.Join(", ", RunEventType.Known)}); filtering by it anyway.");
            }
        }
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (var (id, connection) in RunIds.Given(this, RunId, InputObject, () => ActiveConnection))
        {
            WriteEvents(id, connection);
        }
    }

    private void WriteEvents(string id, RAConnection connection)
    {
        if (!_read.Add((connection, id)))
        {
            return;
        }

        if (Follow)
        {
            FollowEvents(id, connection);
            return;
        }

        List<RunEvent> events;
        try
        {
            events = Await(connection.Runs.EventsAsync(id, 0, Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot get the events of run", id, notFoundId: "RunNotFound");
            return;
        }

        var patterns = Type?.Select(t => WildcardPattern.Get(t, WildcardOptions.IgnoreCase)).ToArray();
        var selected = events.Where(e => patterns is null || patterns.Any(p => p.IsMatch(e.Type ?? string.Empty))).ToList();
        if (Last > 0 && selected.Count > Last)
        {
            selected = selected.Skip(selected.Count - Last).ToList();
        }

        foreach (var item in selected)
        {
            item.Data = PSJson.ToPSObject(item.DataJson);
            WriteFromPlatform(item, connection);
        }
    }
}
