using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Deletes objects of a named resource. Asks first (ConfirmImpact High) unless -Force; looks for what depends on each
/// object first, and refuses while something does, unless -Force.
/// </summary>
/// <typeparam name="T">The object the module writes for the resource.</typeparam>
public abstract class RemoveResourceCommand<T> : ResourceCmdlet<T>
    where T : NamedResource, new()
{
    /// <summary>The parameter set of objects named on the command line.</summary>
    protected const string NameSet = "Name";

    /// <summary>The parameter set of objects given as objects.</summary>
    protected const string InputObjectSet = "InputObject";

    /// <summary>The names of the objects to delete (exact names: get the ones a pattern matches with Get- and pipe them).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
    [ValidateAgentName(What = "name")]
    [ArgumentCompleter(typeof(ResourceNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>The objects to delete, as the matching Get- cmdlet writes them (or names, or objects with a Name).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public PSObject[]? InputObject { get; set; }

    /// <summary>Deletes without asking, and although something depends on the object.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Writes each object deleted.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            foreach (var name in Name!)
            {
                Remove(name, ActiveConnection, null);
            }

            return;
        }

        foreach (var item in InputObject)
        {
            var piped = PipedObject.From(item);
            if (NameOf(piped) is string name && ConnectionFor(piped) is RAConnection connection)
            {
                Remove(name, connection, piped.Item.BaseObject as T);
            }
        }
    }

    /// <summary>What depends on the object, in words (<c>agent 'finance/refunds' requires it</c>); none by default.</summary>
    private protected virtual IEnumerable<string> Dependents(RAConnection connection, string name) => Enumerable.Empty<string>();

    private void Remove(string name, RAConnection connection, T? given)
    {
        var target = OnPlatform(Target(name), connection);
        List<string> dependents;
        try
        {
            dependents = Dependents(connection, name).ToList();
        }
        catch (RunAgentsApiException e) when (e.Failure == ApiFailure.NotFound)
        {
            // Reading the object itself for what uses it (a policy's used_by) found no object.
            WriteNotFound(name, connection, e);
            return;
        }
        catch (RunAgentsApiException e)
        {
            // Not known to be unused: removing it could break what uses it.
            WriteApiError(e, $"Cannot tell what depends on {Kind.Noun}", name, notFoundId: Kind.NotFoundId);
            return;
        }

        if (dependents.Count > 0)
        {
            var what = $"{Capitalized(Target(name))} is in use: {string.Join("; ", dependents)}.";
            if (!Force)
            {
                WriteError(new ErrorRecord(
                    new PSInvalidOperationException($"{what} Removing it would break them. Change them first, or pass -Force to remove it anyway."),
                    Kind.Id + "InUse",
                    ErrorCategory.InvalidOperation,
                    name));
                return;
            }

            WriteWarning(what);
        }

        if (!ShouldProcessUnlessForced(target, $"Remove {Kind.Noun}", Force))
        {
            return;
        }

        string? inferred;
        try
        {
            inferred = Await(Api(connection).DeleteAsync(name, Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteResourceError(e, $"Cannot remove {Kind.Noun}", name);
            return;
        }

        if (inferred is not null)
        {
            WriteWarning(inferred);
        }

        WriteVerbose($"Removed {Target(name)}.");
        if (PassThru && given is not null)
        {
            WriteFromPlatform(given, connection);
        }
    }

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1);
}
