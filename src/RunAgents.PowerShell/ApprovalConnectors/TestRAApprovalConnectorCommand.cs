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
public sealed class TestRAApprovalConnectorCommand : ApprovalConnectorTargetCmdlet
{
    private const string ConfigurationSet = "Configuration";

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
        if (ParameterSetName == ConfigurationSet)
        {
            TestConfiguration();
            return;
        }

        const string NamesNone = "names no approval connector: pipe connectors (Get-RAApprovalConnector), or their names.";
        foreach (var (id, name, connection) in Targets(NamesNone, NamesNone))
        {
            TestSaved(id, name, connection);
        }
    }

    private void TestConfiguration()
    {
        var config = new JsonObject { ["endpoint"] = Endpoint, ["type"] = (Type ?? "Webhook").ToLowerInvariant() };
        try
        {
            var timeout = MyInvocation.BoundParameters.ContainsKey(nameof(DeliveryTimeoutSec)) ? DeliveryTimeoutSec : (int?)null;
            PutConfiguration(config, type: null, endpoint: null, Header, enabled: null, timeout, SlackSecurityMode);
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
        if ((id is not null && !IsPossibleId(id)) || Resolve(id, name, connection, "Cannot test approval connector", getById: true, missingName: false, out _) is not JsonObject saved)
        {
            return;
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
