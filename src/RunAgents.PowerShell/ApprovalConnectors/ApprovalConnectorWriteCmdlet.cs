using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// New- and Set-RAApprovalConnector: the documents they are given (parameters, objects and documents from the pipeline,
/// files) read into the API's fields with the bound parameters on top, and the create they share, which is never sent
/// twice.
/// </summary>
public abstract class ApprovalConnectorWriteCmdlet : ApprovalConnectorCmdlet
{
    /// <summary>The parameter set of documents given as objects: piped, or as -InputObject.</summary>
    protected const string DocumentSet = "Document";

    /// <summary>The parameter set of documents in files.</summary>
    protected const string PathSet = "Path";

    /// <summary>
    /// A document of the connector: the API's body (<c>name</c>, <c>endpoint</c>, <c>type</c>, <c>headers</c>...), a
    /// Kubernetes-style manifest, a hashtable, JSON text, or an object of Get-RAApprovalConnector; a file piped from
    /// Get-ChildItem is read.
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = DocumentSet)]
    [ValidateNotNull]
    public object? InputObject { get; set; }

    /// <summary>Files holding documents: JSON (<c>.json</c>) or PowerShell data (<c>.psd1</c>).</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>Where it delivers: Webhook, Slack, Teams, Jira or PagerDuty.</summary>
    [Parameter]
    [ValidateSet("Webhook", "Slack", "Teams", "Jira", "PagerDuty")]
    public string? Type { get; set; }

    /// <summary>
    /// Headers sent with each delivery, such as a signing secret or a routing key: names and values, each value a
    /// SecureString or a string. They are secrets, never shown in clear. Set- replaces all of the connector's headers
    /// with them, and a value given as the mask Get- shows (<c>****abcd</c>) keeps the connector's value.
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable? Header { get; set; }

    /// <summary>How long the platform waits for a delivery, in seconds, 1 to 120 (the connector's timeout_seconds; -TimeoutSec is this request's).</summary>
    [Parameter]
    [ValidateRange(1, 120)]
    public int DeliveryTimeoutSec { get; set; }

    /// <summary>For Slack: Strict accepts signed requests only and needs the X-Slack-Signing-Secret header; Compat does not.</summary>
    [Parameter]
    [ValidateSet("Compat", "Strict")]
    public string? SlackSecurityMode { get; set; }

    /// <summary>-DeliveryTimeoutSec when it is given.</summary>
    private protected int? DeliveryTimeout => MyInvocation.BoundParameters.ContainsKey(nameof(DeliveryTimeoutSec)) ? DeliveryTimeoutSec : null;

    /// <summary>True when the cmdlet describes the connector by its parameters alone.</summary>
    private protected bool ByParameters => ParameterSetName != DocumentSet && ParameterSetName != PathSet;

    /// <summary>Sets the fields the bound parameters give into <paramref name="fields"/>, over what it has.</summary>
    /// <exception cref="ArgumentException">A parameter's value cannot be sent.</exception>
    private protected abstract void ApplyParameters(JsonObject fields);

    /// <summary>The documents of this record as the API's fields, each with the connection to write it with; a document that cannot be read is an error, and skipped.</summary>
    private protected IEnumerable<(JsonObject Fields, RAConnection Connection, object Target)> Documents()
    {
        if (ByParameters)
        {
            if (Make(() => new JsonObject(), "parameters") is JsonObject fields)
            {
                yield return (fields, ActiveConnection, Field(fields, "name") ?? Field(fields, "id") ?? string.Empty);
            }

            yield break;
        }

        if (ParameterSetName == PathSet)
        {
            foreach (var file in Path!.SelectMany(Resolve))
            {
                if (Make(() => Fields(DocumentInput.FromFile(this, file)), file) is JsonObject fields)
                {
                    yield return (fields, ActiveConnection, file);
                }
            }

            yield break;
        }

        var piped = PipedObject.From(PSObject.AsPSObject(InputObject));
        if (piped.Item.BaseObject is FileInfo info)
        {
            if (Make(() => Fields(DocumentInput.FromFile(this, info.FullName)), info.FullName) is JsonObject fromFile)
            {
                yield return (fromFile, ActiveConnection, info.FullName);
            }

            yield break;
        }

        if (piped.FromModule && piped.ModelType != nameof(ApprovalConnector))
        {
            WriteInvalidInput(piped, $"{piped.Subject()} is not an approval connector, nor a document of one.");
            yield break;
        }

        if (ConnectionFor(piped) is not RAConnection target)
        {
            yield break;
        }

        if (Make(() => Fields(piped.Item.BaseObject is ApprovalConnector ? piped.Item.BaseObject : InputObject!), piped.Item) is JsonObject document)
        {
            yield return (document, target, piped.Item);
        }
    }

    /// <summary>
    /// Refuses header values that are masks (<c>****abcd</c>, as Get- shows them) where no value of the connector stands
    /// behind them, and puts the connector's own value in for each mask of it: a document from Get- keeps the headers as they are.
    /// </summary>
    /// <exception cref="ArgumentException">A header value is a mask of nothing the connector has.</exception>
    private protected static void Unmask(JsonObject fields, JsonObject? current)
    {
        if (fields["headers"] is not JsonObject headers)
        {
            return;
        }

        var have = current?["headers"] as JsonObject;
        foreach (var name in headers.Select(h => h.Key).ToList())
        {
            // A mask (as Get- shows it) or the placeholder of a configuration folder's file, each standing for the stored value.
            if (headers[name] is not JsonValue value || !value.TryGetValue<string>(out var text) || !ConnectorHeaderValues.StandsIn(text))
            {
                continue;
            }

            var theirs = ConnectorHeaderValues.Stored(have, name);
            if (theirs is null || !ConnectorHeaderValues.Names(text, theirs))
            {
                var shown = text == Configuration.ConfigurationFile.SecretPlaceholder ? "the placeholder of a configuration file" : "a masked value, as Get-RAApprovalConnector shows it";
                throw new ArgumentException($"The value of the header '{ServerText.Clean(name)}' is {shown} ('{ServerText.Clean(text)}'), and {(current is null ? "there is no connector to take it from" : "the connector has no value it stands for")}: give the value itself (-Header @{{ '{ServerText.Clean(name)}' = $secret }}), or read the connector with -IncludeSecret.");
            }

            headers[name] = theirs;
        }
    }

    /// <summary>Creates a connector (never sent twice); the connector created, masked, or null when it failed or the answer is not one.</summary>
    private protected ApprovalConnector? Create(JsonObject fields, RAConnection connection)
    {
        var name = Field(fields, "name") ?? string.Empty;
        var body = (JsonObject)fields.DeepClone();
        body.Remove("id");
        JsonObject? created;
        try
        {
            created = Await(Api(connection).CreateAsync(body, Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteUnrepeatable(e, "Cannot create approval connector", ServerText.Clean(name)!, $"the connector may have been created all the same: look with Get-RAApprovalConnector -Name '{ServerText.Clean(name)}' before creating it again, since a second create makes a second connector of that name.");
            return null;
        }

        if (created is null)
        {
            WriteWarning($"The platform created the approval connector '{ServerText.Clean(name)}', but its answer is not what the API gives. Read it with Get-RAApprovalConnector -Name '{ServerText.Clean(name)}'.");
            return null;
        }

        var connector = ApprovalConnector.From(created, includeSecret: false);
        WriteVerbose($"Created {Target(connector.Name, connector.Id)}.");
        return connector;
    }

    private JsonObject? Make(Func<JsonObject> read, object target)
    {
        try
        {
            var fields = read();
            ApplyParameters(fields);
            return fields;
        }
        catch (ArgumentException e)
        {
            WriteInvalid(e, target is string text ? ServerText.Clean(text) : target);
            return null;
        }
    }

    private IEnumerable<string> Resolve(string path)
    {
        try
        {
            return GetResolvedProviderPathFromPSPath(path, out _);
        }
        catch (ItemNotFoundException e)
        {
            WriteError(new ErrorRecord(e, "InvalidApprovalConnector", ErrorCategory.ObjectNotFound, path));
            return Array.Empty<string>();
        }
    }
}
