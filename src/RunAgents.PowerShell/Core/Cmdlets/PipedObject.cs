using System;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>What an object given to a cmdlet (piped, or as -InputObject) is, as far as the module can tell.</summary>
internal enum PipedKind
{
    /// <summary>An agent from Get-RAAgent or Wait-RAAgent.</summary>
    Agent,

    /// <summary>An agent's answer from Invoke-RAAgent.</summary>
    Answer,

    /// <summary>The answer of Deploy-RAAgent.</summary>
    DeployResult,

    /// <summary>An access request.</summary>
    AccessRequest,

    /// <summary>A run.</summary>
    Run,

    /// <summary>An event of a run.</summary>
    RunEvent,

    /// <summary>A connection from Connect-RAService -PassThru or Get-RAConnection.</summary>
    Connection,

    /// <summary>A string.</summary>
    Text,

    /// <summary>An object of the platform's configuration addressed by name: a tool, a model provider, a policy...</summary>
    Resource,

    /// <summary>Anything else: a hashtable, a PSCustomObject made by hand or read from a file.</summary>
    Other,
}

/// <summary>
/// One object given to a cmdlet, read the same way wherever it comes from: live from the module, or after
/// Select-Object, Export-Csv/Import-Csv, ConvertTo-Json/ConvertFrom-Json, Export-Clixml/Import-Clixml or a job,
/// which keep its properties (and, but for JSON, the name of its type) and lose the live link to its connection.
/// </summary>
internal sealed class PipedObject
{
    private const string ModelNamespace = "RunAgents.PowerShell.Models.";
    private const string ConnectionType = "RunAgents.PowerShell.Client.RAConnection";

    private PipedObject(PSObject item, PipedKind kind, bool fromModule, string? modelType = null)
    {
        Item = item;
        Kind = kind;
        FromModule = fromModule;
        ModelType = modelType;
    }

    /// <summary>The object as given.</summary>
    public PSObject Item { get; }

    /// <summary>What it is.</summary>
    public PipedKind Kind { get; }

    /// <summary>True when the module wrote it: live, or as its type's name says after Select-Object, Import-Csv or Import-Clixml.</summary>
    public bool FromModule { get; }

    /// <summary>The name of the module's type it is (<c>Agent</c>, <c>Tool</c>), live or as its type names say; null for other objects.</summary>
    public string? ModelType { get; }

    /// <summary>The connection it came from, while the object is the live one the module wrote; null otherwise.</summary>
    public RAConnection? LiveConnection => (Item.BaseObject as IFromPlatform)?.Connection;

    /// <summary>The base URI of the platform it came from, as its <c>Platform</c> property says; null when it has none.</summary>
    public string? Platform => Text(nameof(PlatformObject.Platform));

    /// <summary>Reads <paramref name="item"/>.</summary>
    public static PipedObject From(PSObject item)
    {
        switch (item.BaseObject)
        {
            case NamedResource resource:
                return new(item, PipedKind.Resource, true, resource.GetType().Name);
            case Agent:
                return new(item, PipedKind.Agent, true, nameof(Agent));
            case AgentResponse:
                return new(item, PipedKind.Answer, true, nameof(AgentResponse));
            case DeployResult:
                return new(item, PipedKind.DeployResult, true, nameof(DeployResult));
            case AccessRequest:
                return new(item, PipedKind.AccessRequest, true, nameof(AccessRequest));
            case Run:
                return new(item, PipedKind.Run, true, nameof(Run));
            case RunEvent:
                return new(item, PipedKind.RunEvent, true, nameof(RunEvent));
            case RAConnection:
                return new(item, PipedKind.Connection, true, nameof(RAConnection));
            case string:
                return new(item, PipedKind.Text, false);
        }

        // Select-Object names its output Selected.<type>, Import-Clixml Deserialized.<type>, Import-Csv CSV:<type>.
        foreach (var name in item.TypeNames)
        {
            if (KindOf(name) is (PipedKind kind, string model))
            {
                return new(item, kind, true, model);
            }
        }

        return new(item, PipedKind.Other, false);
    }

    /// <summary>A property's value as text; null when the object has no such property or it is null or empty.</summary>
    public string? Text(string property) =>
        Item.Properties[property]?.Value?.ToString() is { Length: > 0 } text ? text : null;

    /// <summary>A true/false property, as a bool or (after Import-Csv) as its text; false when absent.</summary>
    public bool Flag(string property) => Item.Properties[property]?.Value switch
    {
        bool value => value,
        PSObject { BaseObject: bool value } => value,
        string text => bool.TryParse(text, out var value) && value,
        _ => false,
    };

    /// <summary>True when the object has a property of that name, whatever its value.</summary>
    public bool Has(string property) => Item.Properties[property] is not null;

    /// <summary>The object as messages show it: its text, at most 60 characters, with control characters escaped.</summary>
    public string Shown() => ValidateAgentNameAttribute.Printable(Item.ToString());

    /// <summary>What the object is, in words: <c>run 'run-3'</c>, <c>an access request</c>, <c>a String</c>.</summary>
    public string Describe()
    {
        var shown = Shown();
        return Kind switch
        {
            PipedKind.Agent => $"agent '{shown}'",
            PipedKind.Answer => $"the answer of agent '{Text("Agent") ?? shown}'",
            PipedKind.DeployResult => $"the deploy of agent '{shown}'",
            PipedKind.AccessRequest => $"access request '{shown}'",
            PipedKind.Run => $"run '{shown}'",
            PipedKind.RunEvent => $"an event of run '{Text("RunId") ?? shown}'",
            PipedKind.Connection => $"the connection to {Text("Uri") ?? shown}",
            PipedKind.Resource => $"{Words(ModelType)} '{Text("Name") ?? shown}'",
            PipedKind.Text => $"the string '{shown}'",
            _ => Text("Name") is { } name ? $"the input '{AgentPath.Identity(Text("Namespace"), name)}'"
                : Text("Id") is { } id ? $"the input '{id}'"
                : $"the input '{shown}' ({Item.BaseObject.GetType().Name})",
        };
    }

    /// <summary>A type's name in words: <c>ModelProvider</c> as <c>model provider</c>.</summary>
    private static string Words(string? type)
    {
        switch (type)
        {
            case nameof(WorkspaceApiKey):
                return "API key";
            case nameof(IssuedApiKey):
                return "new API key";
        }

        var words = new System.Text.StringBuilder();
        foreach (var c in type ?? "object")
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ');
            }

            words.Append(char.ToLowerInvariant(c));
        }

        return words.ToString();
    }

    /// <summary><see cref="Describe"/> at the start of a sentence.</summary>
    public string Subject()
    {
        var text = Describe();
        return char.ToUpperInvariant(text[0]) + text.Substring(1);
    }

    private static (PipedKind Kind, string Model)? KindOf(string typeName)
    {
        if (typeName.EndsWith(ConnectionType, StringComparison.Ordinal))
        {
            return (PipedKind.Connection, nameof(RAConnection));
        }

        var at = typeName.LastIndexOf(ModelNamespace, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var model = typeName.Substring(at + ModelNamespace.Length);
        return (model switch
        {
            nameof(Agent) => PipedKind.Agent,
            nameof(AgentResponse) => PipedKind.Answer,
            nameof(DeployResult) => PipedKind.DeployResult,
            nameof(AccessRequest) => PipedKind.AccessRequest,
            nameof(Run) => PipedKind.Run,
            nameof(RunEvent) => PipedKind.RunEvent,
            _ => PipedKind.Resource,
        }, model);
    }
}
