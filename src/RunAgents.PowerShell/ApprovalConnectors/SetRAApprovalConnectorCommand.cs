using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Applies an approval connector: finds it by id, else by name (a name two connectors share is refused, naming both ids,
/// before any write), and sends only the fields given that differ from the platform's (PATCH): the others stay as they
/// are, and an unchanged connector sends no write. A name no connector has is created.
/// </summary>
[Cmdlet(VerbsCommon.Set, "RAApprovalConnector", DefaultParameterSetName = NameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpUris.Docs + "Set-RAApprovalConnector.md")]
[OutputType(typeof(ApprovalConnector))]
public sealed class SetRAApprovalConnectorCommand : ApprovalConnectorWriteCmdlet
{
    private const string NameSet = "Name";
    private const string IdSet = "Id";

    /// <summary>The connector's id (<c>ac_...</c>); with it, -Name renames the connector.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = DocumentSet)]
    [Parameter(ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ApprovalConnectorIdCompleter))]
    public string? Id { get; set; }

    /// <summary>The connector's name: which connector, without -Id (created when none has it); its new name, with -Id.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = DocumentSet)]
    [Parameter(ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.ApprovalConnectorCompleter))]
    public string? Name { get; set; }

    /// <summary>The URL the platform posts approval requests to; https for a webhook.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Endpoint { get; set; }

    /// <summary>Enables the connector; <c>-Enabled:$false</c> disables it.</summary>
    [Parameter]
    public SwitchParameter Enabled { get; set; }

    /// <summary>Applies a connector piped from Get-RAApprovalConnector although it changed on the platform since it was read.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Writes the connector after the apply, changed or not.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (var (fields, connection, target) in Documents())
        {
            var id = Field(fields, "id");
            var name = Field(fields, "name");
            if (string.IsNullOrEmpty(id) && string.IsNullOrEmpty(name))
            {
                WriteInvalid(new ArgumentException("The document names no approval connector: give -Id or -Name, or a document with an id or a name."), target);
                continue;
            }

            if (id is not null && !IsPossibleId(id))
            {
                continue;
            }

            var current = Resolve(id, name, connection, "Cannot read approval connector", getById: false, missingName: true, out var absent);
            if (current is null)
            {
                if (absent)
                {
                    CreateNamed(fields, connection);
                }

                continue;
            }

            id = Field(current, "id")!;
            var shown = Target(Field(current, "name"), id);

            // A connector read earlier carries every field: applied onto a newer copy, it would silently undo the change.
            if (target is PSObject { BaseObject: ApprovalConnector earlier } && !Force && Changed(earlier, current))
            {
                WriteError(new ErrorRecord(
                    new PSInvalidOperationException($"The {shown} changed on {connection.Uri} since it was read. Read it again (Get-RAApprovalConnector -Id {id}) and apply your change to that, or pass -Force to write it over the change."),
                    "ApprovalConnectorChanged",
                    ErrorCategory.ResourceExists,
                    id));
                continue;
            }
            JsonObject patch;
            try
            {
                Unmask(fields, current);
                patch = Changes(current, fields);
                var merged = (JsonObject)current.DeepClone();
                foreach (var pair in patch)
                {
                    merged[pair.Key] = pair.Value?.DeepClone();
                }

                CheckRules(merged);
            }
            catch (ArgumentException e)
            {
                WriteInvalid(e, ServerText.Clean(name ?? id));
                continue;
            }

            if (patch.Count == 0)
            {
                WriteVerbose($"Unchanged {shown}: the platform already has what was given.");
                if (PassThru)
                {
                    WriteFromPlatform(ApprovalConnector.From(current, includeSecret: false), connection);
                }

                continue;
            }

            var changed = string.Join(", ", patch.Select(p => p.Key == "headers" ? "headers (secrets)" : p.Key));
            if (!ShouldProcess(OnPlatform(shown, connection), $"Update approval connector (changed: {changed})"))
            {
                continue;
            }

            JsonObject? updated;
            try
            {
                updated = Await(Api(connection).UpdateAsync(id, patch, Requests, StopToken));
            }
            catch (RunAgentsApiException e)
            {
                WriteApiError(e, "Cannot update approval connector", ServerText.Clean(name ?? id)!, notFoundId: "ApprovalConnectorNotFound");
                continue;
            }

            WriteVerbose($"Updated {shown}: {changed}.");
            if (updated is null)
            {
                WriteWarning($"The platform updated the {shown}, but its answer is not what the API gives. Read it again to see it.");
            }
            else if (PassThru)
            {
                WriteFromPlatform(ApprovalConnector.From(updated, includeSecret: false), connection);
            }
        }
    }

    /// <inheritdoc/>
    private protected override void ApplyParameters(JsonObject fields)
    {
        var bound = MyInvocation.BoundParameters;
        if (bound.ContainsKey(nameof(Id)))
        {
            fields["id"] = Id;
        }

        if (bound.ContainsKey(nameof(Name)))
        {
            fields["name"] = Name;
        }

        PutConfiguration(fields, Type, Endpoint, Header, bound.ContainsKey(nameof(Enabled)) ? Enabled.IsPresent : null, DeliveryTimeout, SlackSecurityMode);
    }

    /// <summary>The fields of <paramref name="fields"/> whose values differ from the connector's: what a PATCH sends.</summary>
    private static JsonObject Changes(JsonObject current, JsonObject fields)
    {
        var patch = new JsonObject();
        foreach (var pair in fields.Where(p => p.Key != "id"))
        {
            if (pair.Key == "headers")
            {
                if (!ConnectorHeaderValues.Same(pair.Value as JsonObject, current["headers"] as JsonObject))
                {
                    patch["headers"] = pair.Value?.DeepClone();
                }

                continue;
            }

            // A field the platform leaves out is null to it: a copy that says null (Select-Object *, CSV) changes nothing.
            var have = current.TryGetPropertyValue(pair.Key, out var node) ? node?.ToJsonString() ?? "null" : "null";
            var want = pair.Value?.ToJsonString() ?? "null";
            if (have != want)
            {
                patch[pair.Key] = pair.Value?.DeepClone();
            }
        }

        return patch;
    }

    /// <summary>True when the platform's connector differs from the one read earlier, times left out.</summary>
    private static bool Changed(ApprovalConnector earlier, JsonObject current)
    {
        string Comparable(JsonObject document)
        {
            var copy = (JsonObject)document.DeepClone();
            copy.Remove("created_at");
            copy.Remove("updated_at");
            return copy.ToJsonString();
        }

        var now = ApprovalConnector.From(current, earlier.SecretsIncluded).Document;
        return Comparable(earlier.Document) != Comparable(now);
    }

    private void CreateNamed(JsonObject fields, RAConnection connection)
    {
        var name = Field(fields, "name")!;
        try
        {
            Unmask(fields, null);
            if (!fields.ContainsKey("type"))
            {
                fields["type"] = "webhook";
            }

            CheckRules(fields);
        }
        catch (ArgumentException e)
        {
            WriteInvalid(new ArgumentException($"No approval connector is named '{ServerText.Clean(name)}' on {connection.Uri}, so it would be created, but: {e.Message}", e), name);
            return;
        }

        if (!ShouldProcess(OnPlatform(Target(name, null), connection), "Create approval connector"))
        {
            return;
        }

        if (Create(fields, connection) is { } created && PassThru)
        {
            WriteFromPlatform(created, connection);
        }
    }
}
