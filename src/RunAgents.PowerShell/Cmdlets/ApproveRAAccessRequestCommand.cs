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
    public ApprovalScope? Scope { get; set; }

    /// <summary>How long a Window approval lasts, such as <c>(New-TimeSpan -Hours 4)</c> or <c>'04:00:00'</c>.</summary>
    [Parameter]
    public TimeSpan? Duration { get; set; }

    /// <inheritdoc/>
    protected override string Action => "Approve access request";

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        if (Scope == ApprovalScope.Window && Duration is null)
        {
            ThrowTerminatingError(Invalid("-Scope Window needs -Duration: how long the agent may act for this user, such as -Duration (New-TimeSpan -Hours 4).", Scope));
        }

        if (Duration is TimeSpan span && Scope != ApprovalScope.Window)
        {
            ThrowTerminatingError(Invalid("-Duration applies only to -Scope Window.", span));
        }

        if (Duration is TimeSpan { TotalSeconds: < 1 } tooShort)
        {
            ThrowTerminatingError(Invalid("-Duration must be at least one second.", tooShort));
        }

        // Without a scope or reason no body is sent, as the RunAgents CLI does: the platform's default scope applies.
        var body = new Dictionary<string, object?>();
        if (Scope is ApprovalScope scope)
        {
            body["scope"] = scope switch
            {
                ApprovalScope.Once => "once",
                ApprovalScope.Run => "run",
                _ => "agent_user_ttl",
            };
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

/// <summary>What an approval covers.</summary>
public enum ApprovalScope
{
    /// <summary>This one tool call.</summary>
    Once,

    /// <summary>Every matching tool call in this run.</summary>
    Run,

    /// <summary>This agent, for this user, for a time window (-Duration); the API's agent_user_ttl.</summary>
    Window,
}
