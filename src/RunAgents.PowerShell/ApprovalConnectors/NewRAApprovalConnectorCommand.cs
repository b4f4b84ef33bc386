using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Creates an approval connector, after checking that no connector has the name and that the platform's documented
/// rules hold. The create is never sent twice: a second copy would make a second connector of the same name.
/// </summary>
[Cmdlet(VerbsCommon.New, "RAApprovalConnector", DefaultParameterSetName = ParametersSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpUris.Docs + "New-RAApprovalConnector.md")]
[OutputType(typeof(ApprovalConnector))]
public sealed class NewRAApprovalConnectorCommand : ApprovalConnectorWriteCmdlet
{
    private const string ParametersSet = "Parameters";

    /// <summary>The connector's name; with a document, it names a connector the document does not.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParametersSet)]
    [Parameter(ParameterSetName = DocumentSet)]
    [Parameter(ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>The URL the platform posts approval requests to; https for a webhook.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ParametersSet)]
    [Parameter(ParameterSetName = DocumentSet)]
    [Parameter(ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string? Endpoint { get; set; }

    /// <summary>Creates the connector disabled: the platform delivers nothing through it until it is enabled.</summary>
    [Parameter]
    public SwitchParameter Disabled { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (var (fields, connection, target) in Documents())
        {
            fields.Remove("id");
            var name = Field(fields, "name");
            if (string.IsNullOrEmpty(name))
            {
                WriteInvalid(new ArgumentException("The approval connector has no name: give -Name, or a document with a name."), target);
                continue;
            }

            try
            {
                Unmask(fields, null);
                CheckRules(fields);
            }
            catch (ArgumentException e)
            {
                WriteInvalid(e, name);
                continue;
            }

            var all = ListAll(connection, "Cannot create approval connector", name!);
            if (all is null)
            {
                continue;
            }

            var taken = all.Where(c => Field(c, "name") == name).Select(c => ServerText.Clean(Field(c, "id"))).ToList();
            if (taken.Count > 0)
            {
                WriteError(new ErrorRecord(
                    new PSInvalidOperationException($"An approval connector named '{ServerText.Clean(name)}' exists already on {connection.Uri} ({string.Join(", ", taken)}). To change it, use Set-RAApprovalConnector; connector names need not be unique on the platform, but one name for two connectors makes policies' delivery ambiguous."),
                    "ApprovalConnectorExists",
                    ErrorCategory.ResourceExists,
                    name));
                continue;
            }

            if (!ShouldProcess(OnPlatform(Target(name, null), connection), "Create approval connector"))
            {
                continue;
            }

            if (Create(fields, connection) is { } created)
            {
                WriteFromPlatform(created, connection);
            }
        }
    }

    /// <inheritdoc/>
    private protected override void ApplyParameters(JsonObject fields)
    {
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Name)))
        {
            fields["name"] = Name;
        }

        if (Type is null && !fields.ContainsKey("type"))
        {
            fields["type"] = "webhook";
        }

        PutConfiguration(fields, Type, Endpoint, Header, Disabled ? false : null, DeliveryTimeout, SlackSecurityMode);
    }
}
