using System;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Has the platform call URLs and say whether each answers: before a tool is registered, or for a tool's base URL.</summary>
[Cmdlet(VerbsDiagnostic.Test, "RAToolEndpoint", DefaultParameterSetName = UriSet, HelpUri = HelpUris.Docs + "Test-RAToolEndpoint.md")]
[OutputType(typeof(ToolProbe), typeof(bool))]
public sealed class TestRAToolEndpointCommand : RequestCmdlet
{
    private const string UriSet = "Uri";
    private const string InputObjectSet = "InputObject";

    /// <summary>The URLs to probe.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = UriSet)]
    [ValidateNotNull]
    public Uri[]? Uri { get; set; }

    /// <summary>URLs as strings, or tools as Get-RATool writes them (their base URL is probed).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public PSObject[]? InputObject { get; set; }

    /// <summary>Writes only whether each URL is reachable: <c>$true</c> or <c>$false</c>.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            foreach (var uri in Uri!)
            {
                Probe(uri.OriginalString, ActiveConnection, null);
            }

            return;
        }

        foreach (var item in InputObject)
        {
            var piped = PipedObject.From(item);
            var url = piped.Kind == PipedKind.Text ? (string)item.BaseObject
                : piped.ModelType == nameof(Tool) ? piped.Text("BaseUrl")
                : piped.Item.BaseObject is System.Uri given ? given.OriginalString
                : piped.FromModule ? null : piped.Text("BaseUrl") ?? piped.Text("Uri");
            if (url is null)
            {
                WriteInvalidInput(piped, $"{piped.Subject()} names no URL: pipe URLs, or tools (Get-RATool), whose base URL is probed.");
                continue;
            }

            if (ConnectionFor(piped) is RAConnection connection)
            {
                Probe(url, connection, piped.ModelType == nameof(Tool) ? piped.Text("Name") : null);
            }
        }
    }

    private void Probe(string url, RAConnection connection, string? tool)
    {
        if (!System.Uri.TryCreate(url, UriKind.Absolute, out var parsed) || (parsed.Scheme != System.Uri.UriSchemeHttps && parsed.Scheme != System.Uri.UriSchemeHttp))
        {
            WriteError(new ErrorRecord(new PSArgumentException($"'{ValidateAgentNameAttribute.Printable(url)}' is not an absolute http or https URL."), "InvalidUri", ErrorCategory.InvalidArgument, url));
            return;
        }

        ToolProbe probe;
        try
        {
            probe = Await(new ToolsApi(connection.Transport).ProbeAsync(url, Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot probe", url, notFoundId: "EndpointNotFound");
            return;
        }

        probe.Name = tool;
        if (Quiet)
        {
            WriteObject(probe.Reachable);
        }
        else
        {
            WriteFromPlatform(probe, connection);
        }
    }
}
