using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Has the platform test registered tools: whether each answers at its base URL. The test refreshes the tool's status.</summary>
[Cmdlet(VerbsDiagnostic.Test, "RATool", DefaultParameterSetName = NameSet, HelpUri = HelpUris.Docs + "Test-RATool.md")]
[OutputType(typeof(ToolProbe), typeof(bool))]
public sealed class TestRAToolCommand : RequestCmdlet
{
    private const string NameSet = "Name";
    private const string InputObjectSet = "InputObject";

    /// <summary>The names of the tools to test.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
    [ValidateAgentName(What = "tool name")]
    [ArgumentCompleter(typeof(ResourceNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>The tools to test, as Get-RATool writes them, or names.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public PSObject[]? InputObject { get; set; }

    /// <summary>Writes only whether each tool is reachable: <c>$true</c> or <c>$false</c>.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            foreach (var name in Name!)
            {
                Test(name, ActiveConnection);
            }

            return;
        }

        foreach (var item in InputObject)
        {
            var piped = PipedObject.From(item);
            var name = piped.Kind == PipedKind.Text ? (string)item.BaseObject : piped.Text("Name");
            if ((piped.FromModule && piped.ModelType != nameof(Tool)) || name is null || AgentPath.Problem(name) is not null)
            {
                WriteInvalidInput(piped, $"{piped.Subject()} names no tool: pipe tools (Get-RATool), or tool names.");
                continue;
            }

            if (ConnectionFor(piped) is RAConnection connection)
            {
                Test(name, connection);
            }
        }
    }

    private void Test(string name, RAConnection connection)
    {
        ToolProbe probe;
        try
        {
            probe = Await(new ToolsApi(connection.Transport).TestAsync(name, Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot test tool", name, notFoundId: ToolKind.Kind.NotFoundId);
            return;
        }

        if (Quiet)
        {
            WriteObject(probe.Reachable);
        }
        else
        {
            WriteFromPlatform(probe, connection);
        }
    }
}
