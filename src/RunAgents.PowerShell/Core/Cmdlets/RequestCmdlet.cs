using System.Management.Automation;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>The base of every cmdlet that sends requests: the per-request settings every such cmdlet takes, typed and inherited.</summary>
public abstract class RequestCmdlet : RunAgentsCmdlet
{
    /// <summary>The timeout of each request in seconds, instead of the connection's: the time it may wait for the platform in all.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; }

    /// <summary>How many times to retry a transient failure, instead of the connection's setting (only where a retry is safe).</summary>
    [Parameter]
    [ValidateRange(0, 10)]
    public int MaxRetryCount { get; set; }
}
