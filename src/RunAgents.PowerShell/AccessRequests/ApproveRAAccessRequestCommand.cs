using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Approves an access request, so that the run waiting on it resumes.</summary>
[Cmdlet(VerbsLifecycle.Approve, "RAAccessRequest", DefaultParameterSetName = ByInputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpUris.Docs + "Approve-RAAccessRequest.md")]
[OutputType(typeof(AccessRequest))]
public sealed class ApproveRAAccessRequestCommand : AccessRequestDecision
{
    private string? _body;

    /// <summary>What the approval covers: this one call (Once), every matching call of the run (Run), or this agent for this user for -Duration (Window).</summary>
    [Parameter]
    [ApprovalScopeTransformation]
    public ApprovalScope? Scope { get; set; }

    /// <summary>How long a Window approval lasts, as the platform writes it (<c>4h</c>, <c>90m</c>, <c>1h30m</c>) or as a TimeSpan; one second to 30 days.</summary>
    [Parameter]
    [DurationTransformation(MaxDays = 30, What = "an approval window")]
    public TimeSpan? Duration { get; set; }

    /// <inheritdoc/>
    protected override string Action => "Approve access request";

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        if (Scope == ApprovalScope.Window && Duration is null)
        {
            ThrowTerminatingError(Invalid("-Scope Window needs -Duration: how long the agent may act for this user, such as -Duration 4h.", Scope));
        }

        if (Duration is TimeSpan span && Scope != ApprovalScope.Window)
        {
            ThrowTerminatingError(Invalid("-Duration applies only to -Scope Window.", span));
        }

        // Without a scope or reason no body is sent, as the RunAgents CLI does: the platform's default scope applies.
        var body = new Dictionary<string, object?>();
        if (Scope is ApprovalScope scope)
        {
            body["scope"] = ApprovalScopes.ApiName(scope);
        }

        if (Duration is TimeSpan duration)
        {
            body["duration"] = GoDuration.Format(duration);
        }

        if (Reason is not null)
        {
            body["reason"] = Reason;
        }

        _body = body.Count == 0 ? null : PSJson.Serialize(body);
        base.BeginProcessing();
    }

    /// <inheritdoc/>
    private protected override Task<WriteOutcome<AccessRequest>> DecideAsync(RAConnection connection, AccessRequest request) =>
        connection.AccessRequests.ApproveAsync(request.Id, _body, Requests, StopToken);

    private static ErrorRecord Invalid(string message, object? target) =>
        new(new PSArgumentException(message), "InvalidApprovalScope", ErrorCategory.InvalidArgument, target);
}
