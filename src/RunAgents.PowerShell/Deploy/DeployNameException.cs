using System;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>A deploy's agent name or namespace that the platform cannot take, found before any request.</summary>
internal sealed class DeployNameException : ArgumentException
{
    public DeployNameException(string message)
        : base(message)
    {
    }
}
