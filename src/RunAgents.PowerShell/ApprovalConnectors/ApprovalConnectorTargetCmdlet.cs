using System.Collections.Generic;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Remove- and Test-RAApprovalConnector: the saved connectors they act on, given by -Name, by -Id, or piped (connectors,
/// objects with an Id or a Name, names), each with the platform it is on.
/// </summary>
public abstract class ApprovalConnectorTargetCmdlet : ApprovalConnectorCmdlet
{
    /// <summary>The parameter set of connectors given by name.</summary>
    protected const string NameSet = "Name";

    /// <summary>The parameter set of connectors given by id.</summary>
    protected const string IdSet = "Id";

    /// <summary>The parameter set of connectors piped in.</summary>
    protected const string InputObjectSet = "InputObject";

    /// <summary>The names of the connectors (exact names; one two connectors share is refused: give its -Id).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ApprovalConnectorCompleter))]
    public string[]? Name { get; set; }

    /// <summary>The ids of the connectors (<c>ac_...</c>).</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ApprovalConnectorIdCompleter))]
    public string[]? Id { get; set; }

    /// <summary>The connectors, as Get-RAApprovalConnector writes them (or their names).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public PSObject[]? InputObject { get; set; }

    /// <summary>
    /// The connectors this record names, as an id or a name with the platform to act on; a piped object that names no
    /// connector is an error (<c>InvalidInputObject</c>), and skipped.
    /// </summary>
    /// <param name="notAConnector">What the error says of another object of this module, after its description.</param>
    /// <param name="namesNone">What the error says of an object with neither an Id nor a Name, after its description.</param>
    private protected IEnumerable<(string? Id, string? Name, RAConnection Connection)> Targets(string notAConnector, string namesNone)
    {
        if (Name is not null)
        {
            foreach (var name in Name)
            {
                yield return (null, name, ActiveConnection);
            }

            yield break;
        }

        if (Id is not null)
        {
            foreach (var id in Id)
            {
                yield return (id, null, ActiveConnection);
            }

            yield break;
        }

        foreach (var item in InputObject ?? System.Array.Empty<PSObject>())
        {
            var piped = PipedObject.From(item);
            string? id = null, name = null;
            if (piped.Kind == PipedKind.Text)
            {
                name = (string)item.BaseObject;
            }
            else if (piped.FromModule && piped.ModelType != nameof(ApprovalConnector))
            {
                WriteInvalidInput(piped, $"{piped.Subject()} {notAConnector}");
                continue;
            }
            else
            {
                id = piped.Text("Id");
                name = piped.Text("Name");
            }

            if (id is null && name is null)
            {
                WriteInvalidInput(piped, $"{piped.Subject()} {namesNone}");
                continue;
            }

            if (ConnectionFor(piped) is RAConnection connection)
            {
                yield return (id, name, connection);
            }
        }
    }
}
