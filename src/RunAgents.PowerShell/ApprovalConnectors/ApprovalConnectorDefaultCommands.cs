using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Gets the workspace's approval delivery defaults: the delivery mode, the fallback to the platform's UI, the delivery timeout and its bounds.</summary>
[Cmdlet(VerbsCommon.Get, "RAApprovalConnectorDefault", HelpUri = HelpUris.Docs + "Get-RAApprovalConnectorDefault.md")]
[OutputType(typeof(ApprovalConnectorDefaults))]
public sealed class GetRAApprovalConnectorDefaultCommand : ApprovalConnectorCmdlet
{
    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var connection = ActiveConnection;
        try
        {
            WriteFromPlatform(Await(Api(connection).GetDefaultsAsync(Requests, StopToken)), connection);
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot get the approval connector defaults of", connection.Uri, notFoundId: "ApprovalConnectorDefaultsNotFound");
        }
    }
}

/// <summary>
/// Sets the workspace's approval delivery defaults. Only the parameters given are sent; the delivery timeout is checked
/// against the bounds the platform gives; giving none is an error, and values the platform already has send no write.
/// </summary>
[Cmdlet(VerbsCommon.Set, "RAApprovalConnectorDefault", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpUris.Docs + "Set-RAApprovalConnectorDefault.md")]
[OutputType(typeof(ApprovalConnectorDefaults))]
public sealed class SetRAApprovalConnectorDefaultCommand : ApprovalConnectorCmdlet
{
    /// <summary>How a request goes to a policy's connectors by default: FirstSuccess (stop at the first that delivers) or All.</summary>
    [Parameter]
    [ValidateSet("FirstSuccess", "All")]
    public string? DeliveryMode { get; set; }

    /// <summary>Shows requests no connector delivered in the platform's approvals page; <c>-FallbackToUI:$false</c> does not.</summary>
    [Parameter]
    public SwitchParameter FallbackToUI { get; set; }

    /// <summary>How long a delivery may take by default, in seconds, within the bounds the platform gives (1 to 120 by the API).</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int DeliveryTimeoutSec { get; set; }

    /// <summary>Writes the defaults after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        var bound = MyInvocation.BoundParameters;
        if (!bound.ContainsKey(nameof(DeliveryMode)) && !bound.ContainsKey(nameof(FallbackToUI)) && !bound.ContainsKey(nameof(DeliveryTimeoutSec)))
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException("Give at least one default to set: -DeliveryMode, -FallbackToUI or -DeliveryTimeoutSec."),
                "NoApprovalConnectorDefaultGiven",
                ErrorCategory.InvalidArgument,
                null));
        }

        base.BeginProcessing();
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var connection = ActiveConnection;
        var api = Api(connection);
        ApprovalConnectorDefaults current;
        try
        {
            current = Await(api.GetDefaultsAsync(Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot read the approval connector defaults of", connection.Uri, notFoundId: "ApprovalConnectorDefaultsNotFound");
            return;
        }

        var bound = MyInvocation.BoundParameters;
        var body = new JsonObject();
        var changed = new List<string>();
        if (bound.ContainsKey(nameof(DeliveryMode)))
        {
            var mode = DeliveryMode == "All" ? "all" : "first_success";
            body["default_delivery_mode"] = mode;
            if (!string.Equals(mode, current.DeliveryMode, StringComparison.Ordinal))
            {
                changed.Add("default_delivery_mode");
            }
        }

        if (bound.ContainsKey(nameof(FallbackToUI)))
        {
            body["default_fallback_to_ui"] = FallbackToUI.IsPresent;
            if (current.FallbackToUI != FallbackToUI.IsPresent)
            {
                changed.Add("default_fallback_to_ui");
            }
        }

        if (bound.ContainsKey(nameof(DeliveryTimeoutSec)))
        {
            var min = current.MinTimeoutSec ?? 1;
            var max = current.MaxTimeoutSec ?? 120;
            if (DeliveryTimeoutSec < min || DeliveryTimeoutSec > max)
            {
                WriteError(new ErrorRecord(
                    new PSArgumentException($"-DeliveryTimeoutSec {DeliveryTimeoutSec} is outside what {connection.Uri} accepts: {min} to {max} seconds."),
                    "InvalidApprovalConnectorDefault",
                    ErrorCategory.InvalidArgument,
                    DeliveryTimeoutSec));
                return;
            }

            body["default_timeout_seconds"] = DeliveryTimeoutSec;
            if (current.DeliveryTimeoutSec != DeliveryTimeoutSec)
            {
                changed.Add("default_timeout_seconds");
            }
        }

        if (changed.Count == 0)
        {
            WriteVerbose("Unchanged approval connector defaults: the platform already has what was given.");
            if (PassThru)
            {
                WriteFromPlatform(current, connection);
            }

            return;
        }

        if (!ShouldProcess(OnPlatform("the approval connector defaults", connection), $"Set (changed: {string.Join(", ", changed)})"))
        {
            return;
        }

        ApprovalConnectorDefaults? updated;
        try
        {
            updated = Await(api.SetDefaultsAsync(body, Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot set the approval connector defaults of", connection.Uri, notFoundId: "ApprovalConnectorDefaultsNotFound");
            return;
        }

        WriteVerbose($"Updated the approval connector defaults: {string.Join(", ", changed)}.");
        if (updated is null)
        {
            WriteWarning("The platform set the approval connector defaults, but its answer is not what the API gives. Read them with Get-RAApprovalConnectorDefault.");
        }
        else if (PassThru)
        {
            WriteFromPlatform(updated, connection);
        }
    }
}

/// <summary>
/// Gets the approval connectors' delivery activity, newest first: requests delivered, decisions received, failures,
/// tests. -Connector, -RequestId and -RunId filter the rows read (the newest -Limit); access requests and runs pipe in.
/// </summary>
[Cmdlet(VerbsCommon.Get, "RAApprovalConnectorActivity", HelpUri = HelpUris.Docs + "Get-RAApprovalConnectorActivity.md")]
[OutputType(typeof(ApprovalConnectorActivity))]
public sealed class GetRAApprovalConnectorActivityCommand : ApprovalConnectorCmdlet
{
    private readonly List<string> _requests = new();
    private readonly List<string> _runs = new();
    private bool _piped;

    /// <summary>How many of the newest rows to read (the platform's <c>limit</c>); the filters apply to these.</summary>
    [Parameter]
    [ValidateRange(1, 10000)]
    public int Limit { get; set; } = 50;

    /// <summary>Only rows of these connectors, by name or id; wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.ApprovalConnectorCompleter))]
    public string[]? Connector { get; set; }

    /// <summary>Only rows about these access requests.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? RequestId { get; set; }

    /// <summary>Only rows about these runs.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? RunId { get; set; }

    /// <summary>Access requests (Get-RAAccessRequest) or runs (Get-RARun), whose rows to get.</summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject? InputObject { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            return;
        }

        _piped = true;
        var piped = PipedObject.From(InputObject);
        var id = piped.Kind == PipedKind.Text ? (string)InputObject.BaseObject : piped.Text("Id");
        switch (piped.Kind)
        {
            case PipedKind.AccessRequest when id is not null:
                _requests.Add(id);
                break;
            case PipedKind.Run when id is not null:
                _runs.Add(id);
                break;
            default:
                WriteInvalidInput(piped, $"{piped.Subject()} is neither an access request nor a run: pipe Get-RAAccessRequest or Get-RARun, or give -RequestId or -RunId.");
                break;
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (_piped && _requests.Count == 0 && _runs.Count == 0)
        {
            return;
        }

        var connection = ActiveConnection;
        List<ApprovalConnectorActivity> rows;
        try
        {
            rows = Await(Api(connection).ActivityAsync(Limit, Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot get the approval connector activity of", connection.Uri, notFoundId: "ApprovalConnectorActivityNotFound");
            return;
        }

        var connectors = Connector?.Select(c => WildcardPattern.Get(c, WildcardOptions.IgnoreCase)).ToArray();
        var requests = _requests.Concat(RequestId ?? Array.Empty<string>()).ToList();
        var runs = _runs.Concat(RunId ?? Array.Empty<string>()).ToList();
        foreach (var row in rows)
        {
            if (connectors is not null && !connectors.Any(p => p.IsMatch(row.ConnectorName ?? string.Empty) || p.IsMatch(row.ConnectorId ?? string.Empty)))
            {
                continue;
            }

            if (requests.Count > 0 && !requests.Contains(row.RequestId ?? string.Empty, StringComparer.Ordinal))
            {
                continue;
            }

            if (runs.Count > 0 && !runs.Contains(row.RunId ?? string.Empty, StringComparer.Ordinal))
            {
                continue;
            }

            WriteFromPlatform(row, connection);
        }
    }
}
