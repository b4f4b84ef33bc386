using System;
using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>What the Get-, New-, Set- and Remove- cmdlets of one named resource share: its kind, its client area, its errors.</summary>
/// <typeparam name="T">The object the module writes for the resource.</typeparam>
public abstract class ResourceCmdlet<T> : RequestCmdlet
    where T : NamedResource, new()
{
    /// <summary>The resource the cmdlet works on.</summary>
    private protected abstract ResourceKind Kind { get; }

    /// <summary>The resource's client area on a connection.</summary>
    private protected ResourceApi<T> Api(RAConnection connection) => new(connection.Transport, Kind);

    /// <summary>The object in messages and targets: <c>tool 'stripe-api'</c>.</summary>
    private protected string Target(string name) => $"{Kind.Noun} '{name}'";

    /// <summary>Writes the error of a name that does not exist, as an <see cref="ItemNotFoundException"/> with the resource's id.</summary>
    private protected void WriteNotFound(string name, RAConnection connection, Exception? inner = null) =>
        WriteError(NotFoundException.Record($"Cannot find {Kind.ANoun} named '{ServerText.Clean(name)}' on {connection.Uri}.", inner, Kind.NotFoundId, name));

    /// <summary>Writes a failed request about an object of the kind, its 404 being the resource's own not-found id.</summary>
    private protected void WriteResourceError(RunAgentsApiException e, string action, string name) =>
        WriteApiError(e, action, ServerText.Clean(name)!, notFoundId: Kind.NotFoundId);

    /// <summary>
    /// The name a piped object gives for this resource: an object of the same resource, a string, or any object with a
    /// Name. An object of another kind of the module's (an agent, another resource) is refused: it names something else.
    /// </summary>
    private protected string? NameOf(PipedObject piped)
    {
        var ownType = typeof(T).Name;
        if (piped.FromModule && piped.ModelType != ownType)
        {
            WriteInvalidInput(piped, $"{piped.Subject()} is not {Kind.ANoun}.");
            return null;
        }

        var name = piped.Kind == PipedKind.Text ? (string)piped.Item.BaseObject : piped.Text("Name");
        if (name is null)
        {
            WriteInvalidInput(piped, $"{piped.Subject()} names no {Kind.Noun}: pipe {Kind.Noun}s, or objects with a Name.");
            return null;
        }

        if (AgentPath.Problem(name) is string problem)
        {
            WriteInvalidInput(piped, $"{piped.Subject()} cannot name {Kind.ANoun}: '{ValidateAgentNameAttribute.Printable(name)}' {problem}.");
            return null;
        }

        return name;
    }

    /// <summary>True when <paramref name="name"/> holds wildcard characters.</summary>
    private protected static bool IsPattern(string name) => WildcardPattern.ContainsWildcardCharacters(name);

    /// <summary>Patterns for names, case-insensitive.</summary>
    private protected static WildcardPattern[] Patterns(string[] names) => names.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToArray();
}
