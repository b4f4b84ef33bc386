namespace RunAgents.PowerShell.Models;

/// <summary>What an approval covers, as Approve-RAAccessRequest -Scope names it.</summary>
public enum ApprovalScope
{
    /// <summary>This one tool call; the API's once.</summary>
    Once,

    /// <summary>Every matching tool call in this run; the API's run.</summary>
    Run,

    /// <summary>This agent, for this user, for a time window (-Duration); the API's agent_user_ttl.</summary>
    Window,
}
