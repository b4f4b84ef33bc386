using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Gets the objects of a named resource: every one, or those whose names match (wildcards allowed). An exact name is
/// one GET, and one that does not exist is a <c>&lt;Thing&gt;NotFound</c> error; a pattern that matches nothing writes
/// nothing, as Get-Process does.
/// </summary>
/// <typeparam name="T">The object the module writes for the resource.</typeparam>
public abstract class GetResourceCommand<T> : ResourceCmdlet<T>
    where T : NamedResource, new()
{
    private readonly HashSet<string> _written = new();

    /// <summary>The names of the objects to get; wildcards allowed. Every object when not given.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ResourceNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Writes each object's JSON text as the platform sent it instead of an object.</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var connection = ActiveConnection;
        var api = Api(connection);
        var names = Name ?? new[] { "*" };
        foreach (var name in names.Where(n => !IsPattern(n)))
        {
            if (AgentPath.Problem(name) is string problem)
            {
                WriteError(new ErrorRecord(new PSArgumentException($"'{ValidateAgentNameAttribute.Printable(name)}' cannot be the name of {Kind.ANoun}: {problem}."), "InvalidName", ErrorCategory.InvalidArgument, name));
                continue;
            }

            try
            {
                Write(Await(api.GetAsync(name, Requests, StopToken)), connection);
            }
            catch (RunAgentsApiException e) when (e.Failure == ApiFailure.NotFound)
            {
                WriteNotFound(name, connection, e);
            }
            catch (RunAgentsApiException e)
            {
                WriteResourceError(e, $"Cannot get {Kind.Noun}", name);
            }
        }

        var patterns = Patterns(names.Where(IsPattern).ToArray());
        if (patterns.Length == 0)
        {
            return;
        }

        List<T> all;
        try
        {
            all = Await(api.ListAsync(Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, $"Cannot list the {Kind.Noun}s of", connection.Uri, notFoundId: Kind.NotFoundId);
            return;
        }

        foreach (var item in all.Where(i => patterns.Any(p => p.IsMatch(i.Name))))
        {
            Write(item, connection);
        }
    }

    /// <summary>True for an object the cmdlet's other filters (-Phase, -UsedBy, ...) keep; every object by default.</summary>
    private protected virtual bool Keep(T item) => true;

    private void Write(T item, RAConnection connection)
    {
        if (!Keep(item) || !_written.Add(item.Name))
        {
            return;
        }

        if (Raw)
        {
            WriteObject(item.Json);
        }
        else
        {
            WriteFromPlatform(item, connection);
        }
    }
}
