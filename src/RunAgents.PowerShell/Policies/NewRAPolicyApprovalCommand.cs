using System;
using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Makes a policy's approval binding, to give to New-RAPolicy or Set-RAPolicy; sends nothing.</summary>
[Cmdlet(VerbsCommon.New, "RAPolicyApproval", HelpUri = HelpUris.Docs + "New-RAPolicyApproval.md")]
[OutputType(typeof(PolicyApproval))]
public sealed class NewRAPolicyApprovalCommand : PSCmdlet
{
    /// <summary>The binding's name, unique in its policy.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>The registered tools whose calls wait for approval.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ToolCompleter))]
    public string[]? ToolId { get; set; }

    /// <summary>The tools' capabilities covered; all of them when not given.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Capability { get; set; }

    /// <summary>The HTTP methods covered; every method when not given.</summary>
    [Parameter]
    [ValidateSet("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")]
    public string[]? Operation { get; set; }

    /// <summary>The URL covered, <c>*</c> at its end matching the rest.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Resource { get; set; }

    /// <summary>The risk tags covered.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Tag { get; set; }

    /// <summary>The groups whose members may approve.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Group { get; set; }

    /// <summary>Whether one approver of Any group is enough, or one of All of them is needed.</summary>
    [Parameter]
    [ValidateSet("Any", "All")]
    public string? Match { get; set; }

    /// <summary>How long an approval lasts by default: <c>4h</c>, <c>1h30m</c>, <c>(New-TimeSpan -Hours 4)</c> or <c>'04:00:00'</c>; whole seconds, at least one.</summary>
    [Parameter]
    [DurationTransformation(What = "an approval")]
    public TimeSpan? DefaultDuration { get; set; }

    /// <summary>The approval connectors, by name, that deliver the request.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ApprovalConnectorCompleter))]
    public string[]? Connector { get; set; }

    /// <summary>How the connectors deliver: FirstSuccess (stop at the first that delivers) or All.</summary>
    [Parameter]
    [ValidateSet("FirstSuccess", "All")]
    public string? DeliveryMode { get; set; }

    /// <summary>Shows the request in the platform's console too when delivery fails; <c>-FallbackToUI:$false</c> says it must not.</summary>
    [Parameter]
    public SwitchParameter FallbackToUI { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ToolId is null && Resource is null && Tag is null)
        {
            Fail("An approval binding needs -ToolId, -Resource or -Tag: without any it covers no call.", null);
        }

        if (Resource is not null && NewRAPolicyRuleCommand.ResourceProblem(Resource) is string problem)
        {
            Fail($"-Resource '{ValidateAgentNameAttribute.Printable(Resource)}' {problem}", Resource);
        }

        string? duration = null;
        if (DefaultDuration is TimeSpan span)
        {
            if (span.TotalSeconds < 1 || span.Ticks % TimeSpan.TicksPerSecond != 0)
            {
                Fail($"-DefaultDuration must be whole seconds, at least one, such as 4h or 1h30m; {span} is not.", span);
            }

            duration = GoDuration.Format(span);
        }

        WriteObject(new PolicyApproval
        {
            Name = Name,
            ToolIds = ToolId ?? Array.Empty<string>(),
            Capabilities = Capability ?? Array.Empty<string>(),
            Operations = Operation?.Select(o => o.ToUpperInvariant()).Distinct().ToArray() ?? Array.Empty<string>(),
            Resource = Resource,
            Tags = Tag ?? Array.Empty<string>(),
            Groups = Group ?? Array.Empty<string>(),
            Match = Match?.ToLowerInvariant(),
            DefaultDuration = duration,
            Connectors = Connector ?? Array.Empty<string>(),
            DeliveryMode = DeliveryMode is null ? null : PolicyApproval.ApiDeliveryMode(DeliveryMode),
            FallbackToUI = MyInvocation.BoundParameters.ContainsKey(nameof(FallbackToUI)) ? FallbackToUI.IsPresent : null,
        });
    }

    private void Fail(string message, object? target) =>
        ThrowTerminatingError(new ErrorRecord(new PSArgumentException(message), "InvalidPolicyApproval", ErrorCategory.InvalidArgument, target));
}
