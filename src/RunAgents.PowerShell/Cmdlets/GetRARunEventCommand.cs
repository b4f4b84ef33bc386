using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Gets the events of a run in order, each with a one-line summary.</summary>
[Cmdlet(VerbsCommon.Get, "RARunEvent")]
[OutputType(typeof(RunEvent))]
public sealed class GetRARunEventCommand : RunAgentsCmdlet
{
    /// <summary>The run; binds from a run or an invoke answer piped in.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateAgentName(What = "run id")]
    public string RunId { get; set; } = string.Empty;

    /// <summary>Only events of these types, such as AGENT_MESSAGE or TOOL_*; wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Type { get; set; }

    /// <summary>Only the last N events (after -Type filters them).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Last { get; set; }

    /// <summary>The timeout of each request in seconds, instead of the connection's.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; }

    /// <summary>How many times to retry a transient failure, instead of the connection's setting.</summary>
    [Parameter]
    [ValidateRange(0, 10)]
    public int MaxRetryCount { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        System.Collections.Generic.List<RunEvent> events;
        try
        {
            events = Await(ActiveConnection.Runs.EventsAsync(RunId, 0, Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot get the events of run", RunId, notFoundId: "RunNotFound");
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
            WriteFromPlatform(item, ActiveConnection);
        }
    }
}
