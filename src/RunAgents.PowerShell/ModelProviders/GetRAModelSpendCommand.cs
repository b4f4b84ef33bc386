using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Gets what agents' models have spent this period against their monthly budgets.</summary>
[Cmdlet(VerbsCommon.Get, "RAModelSpend", DefaultParameterSetName = ObjectsSet, HelpUri = HelpUris.Docs + "Get-RAModelSpend.md")]
[OutputType(typeof(ModelSpend), typeof(ModelSpendItem), typeof(string))]
public sealed class GetRAModelSpendCommand : RequestCmdlet
{
    private const string ObjectsSet = "Objects";
    private const string RawSet = "Raw";

    /// <summary>What to write: the Summary (one object, with the rows in it), or the rows of the Warnings or of the TopModels.</summary>
    [Parameter(Position = 0, ParameterSetName = ObjectsSet)]
    [ValidateSet("Summary", "Warnings", "TopModels")]
    public string Item { get; set; } = "Summary";

    /// <summary>Only the rows of these agents (a name, or <c>namespace/name</c>); wildcards allowed.</summary>
    [Parameter(ParameterSetName = ObjectsSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AgentNameCompleter))]
    public string[]? Agent { get; set; }

    /// <summary>Writes the platform's answer as its JSON text instead of objects.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RawSet)]
    public SwitchParameter Raw { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var connection = ActiveConnection;
        var api = new ModelSpendApi(connection.Transport);
        ModelSpend spend;
        try
        {
            spend = Await(api.GetAsync(Requests, StopToken));
        }
        catch (RunAgentsApiException e) when (api.NotSupported(e))
        {
            WriteError(new ErrorRecord(
                new PSNotSupportedException($"The platform at {connection.Uri} has no model spend: it answered {e.StatusCode} to GET /api/dashboard/model-spend, the root API's route for it, which no contract documents. Connect to the platform's v1 API (its URI ending in /api/v1) to read model spend.", e),
                "NotSupportedOnGeneration",
                ErrorCategory.InvalidOperation,
                connection.Uri));
            return;
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot get the model spend of", connection.Uri, notFoundId: "EndpointNotFound");
            return;
        }

        if (Raw)
        {
            WriteObject(spend.Json);
            return;
        }

        var patterns = Agent?.Select(a => WildcardPattern.Get(a, WildcardOptions.IgnoreCase)).ToArray();
        bool Keep(ModelSpendItem row) =>
            patterns is null || patterns.Any(p => p.IsMatch(row.Agent) || p.IsMatch(AgentPath.Identity(row.Namespace ?? string.Empty, row.Agent)));

        foreach (var row in spend.Warnings.Concat(spend.TopModels))
        {
            ((IFromPlatform)row).Connection = connection;
        }

        switch (Item)
        {
            case "Warnings":
                foreach (var row in spend.Warnings.Where(Keep))
                {
                    WriteObject(row);
                }

                break;
            case "TopModels":
                foreach (var row in spend.TopModels.Where(Keep))
                {
                    WriteObject(row);
                }

                break;
            default:
                WriteFromPlatform(patterns is null ? spend : spend.Only(Keep), connection);
                break;
        }
    }
}
