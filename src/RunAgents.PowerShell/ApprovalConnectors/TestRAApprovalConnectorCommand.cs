using System;
using System.Collections;
using System.Management.Automation;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Has the platform test an approval connector: a saved one (read, then its configuration tested), or a configuration
/// given by parameters before it is created. The test sends a real message to the endpoint, so it supports -WhatIf and
/// -Confirm and is never sent twice. An unhealthy connector is a result with its checks, not an error.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "RAApprovalConnector", DefaultParameterSetName = NameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = HelpUris.Docs + "Test-RAApprovalConnector.md")]
[OutputType(typeof(ApprovalConnectorTestResult), typeof(bool))]
public sealed class TestRAApprovalConnectorCommand : ApprovalConnectorCmdlet
{
    private const string NameSet = "Name";
    private const string IdSet = "Id";
    private const string InputObjectSet = "InputObject";
    private const string ConfigurationSet = "Configuration";

    /// <summary>The names of the saved connectors to test.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.ApprovalConnectorCompleter))]
    public string[]? Name { get; set; }

    /// <summary>The ids of the saved connectors to test.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ApprovalConnectorIdCompleter))]
    public string[]? Id { get; set; }

    /// <summary>The connectors to test, as Get-RAApprovalConnector writes them.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public PSObject[]? InputObject { get; set; }

    /// <summary>A configuration to test before creating it: its type (Webhook by default).</summary>
    [Parameter(ParameterSetName = ConfigurationSet)]
    [ValidateSet("Webhook", "Slack", "Teams", "Jira", "PagerDuty")]
    public string? Type { get; set; }

    /// <summary>A configuration to test before creating it: its endpoint.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ConfigurationSet)]
    [ValidateNotNullOrEmpty]
    public string? Endpoint { get; set; }

    /// <summary>A configuration to test before creating it: its headers, each value a SecureString or a string.</summary>
    [Parameter(ParameterSetName = ConfigurationSet)]
    [ValidateNotNull]
    public Hashtable? Header { get; set; }

    /// <summary>A configuration to test before creating it: its delivery timeout in seconds, 1 to 120.</summary>
    [Parameter(ParameterSetName = ConfigurationSet)]
    [ValidateRange(1, 120)]
    public int DeliveryTimeoutSec { get; set; }

    /// <summary>A configuration to test before creating it: its Slack security mode.</summary>
    [Parameter(ParameterSetName = ConfigurationSet)]
    [ValidateSet("Compat", "Strict")]
    public string? SlackSecurityMode { get; set; }

    /// <summary>Writes only whether each connector is healthy: <c>$true</c> or <c>$false</c>.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case ConfigurationSet:
                TestConfiguration();
                break;
            case IdSet:
                foreach (var id in Id!)
                {
                    TestSaved(id, null, ActiveConnection);
                }

                break;
            case NameSet:
                foreach (var name in Name!)
                {
                    TestSaved(null, name, ActiveConnection);
                }

                break;
            default:
                foreach (var item in InputObject!)
                {
                    var piped = PipedObject.From(item);
                    var id = piped.Kind == PipedKind.Text ? null : piped.Text("Id");
                    var name = piped.Kind == PipedKind.Text ? (string)item.BaseObject : piped.Text("Name");
                    if ((piped.FromModule && piped.ModelType != nameof(ApprovalConnector)) || (id is null && name is null))
                    {
                        WriteInvalidInput(piped, $"{piped.Subject()} names no approval connector: pipe connectors (Get-RAApprovalConnector), or their names.");
                        continue;
                    }

                    if (ConnectionFor(piped) is RAConnection connection)
                    {
                        TestSaved(id, name, connection);
                    }
                }

                break;
        }
    }

    private void TestConfiguration()
    {
        var config = new JsonObject { ["endpoint"] = Endpoint, ["type"] = (Type ?? "Webhook").ToLowerInvariant() };
        try
        {
            if (Header is not null)
            {
                config["headers"] = Headers(Header);
            }

            if (MyInvocation.BoundParameters.ContainsKey(nameof(DeliveryTimeoutSec)))
            {
                config["timeout_seconds"] = DeliveryTimeoutSec;
            }

            if (SlackSecurityMode is not null)
            {
                config["slack_security_mode"] = SlackSecurityMode.ToLowerInvariant();
            }

            if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException($"The endpoint '{ServerText.Clean(Endpoint)}' is not an absolute http or https URL.");
            }
        }
        catch (ArgumentException e)
        {
            WriteInvalid(e, Endpoint);
            return;
        }

        Send(config, null, null, ActiveConnection);
    }

    private void TestSaved(string? id, string? name, RAConnection connection)
    {
        JsonObject? saved;
        if (id is not null)
        {
            if (AgentPath.Problem(id) is not null || Array.IndexOf(ApprovalConnectorsApi.ReservedIds, id) >= 0)
            {
                WriteInvalid(new ArgumentException($"'{ValidateAgentNameAttribute.Printable(id)}' cannot be the id of an approval connector."), id);
                return;
            }

            try
            {
                saved = Await(Api(connection).GetAsync(id, Requests, StopToken));
            }
            catch (RunAgentsApiException e) when (e.Failure == ApiFailure.NotFound)
            {
                WriteError(NotFoundException.Record($"Cannot find an approval connector with the id '{ServerText.Clean(id)}' on {connection.Uri}.", e, "ApprovalConnectorNotFound", id));
                return;
            }
            catch (RunAgentsApiException e)
            {
                WriteApiError(e, "Cannot test approval connector", ServerText.Clean(id)!, notFoundId: "ApprovalConnectorNotFound");
                return;
            }
        }
        else
        {
            var all = ListAll(connection, "Cannot test approval connector", ServerText.Clean(name)!);
            saved = all is null ? null : Find(all, null, name, connection, missingName: false, out _);
            if (saved is null)
            {
                return;
            }
        }

        // The CLI's way: the saved connector's configuration, replayed to the test of a configuration.
        var config = new JsonObject();
        foreach (var field in new[] { "endpoint", "type", "headers", "timeout_seconds", "slack_security_mode" })
        {
            if (saved[field] is JsonNode value)
            {
                config[field] = value.DeepClone();
            }
        }

        Send(config, Field(saved, "id"), Field(saved, "name"), connection);
    }

    private void Send(JsonObject config, string? id, string? name, RAConnection connection)
    {
        var target = id is null ? $"the approval connector configuration for {ServerText.Clean(Field(config, "endpoint"))}" : Target(ServerText.Clean(name), ServerText.Clean(id));
        if (!ShouldProcess(OnPlatform(target, connection), "Test approval connector (sends a real test message to its endpoint)"))
        {
            return;
        }

        ApprovalConnectorTestResult result;
        try
        {
            result = Await(Api(connection).TestAsync(config, Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteUnrepeatable(e, "Cannot test approval connector", ServerText.Clean(name ?? id ?? Field(config, "endpoint"))!, "the test message may have been sent all the same.");
            return;
        }

        result.Id = ServerText.Clean(id);
        result.Name = ServerText.Clean(name);
        if (Quiet)
        {
            WriteObject(result.Healthy);
        }
        else
        {
            WriteFromPlatform(result, connection);
        }
    }
}
