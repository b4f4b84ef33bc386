using System;
using System.Management.Automation;

namespace RunAgents.PowerShell;

/// <summary>
/// Thrown at import when this PowerShell cannot run the module. Import-Module shows its message as its
/// error, with a stable id and a category rather than the exception's type name.
/// </summary>
internal sealed class UnsupportedPowerShellException : PlatformNotSupportedException, IContainsErrorRecord
{
    private ErrorRecord? _errorRecord;

    /// <summary>Creates the exception with the one sentence the user reads.</summary>
    public UnsupportedPowerShellException(string message)
        : base(message)
    {
    }

    /// <summary>The record Import-Module writes: id UnsupportedPowerShell, category ResourceUnavailable.</summary>
    public ErrorRecord ErrorRecord => _errorRecord ??= new ErrorRecord(this, "UnsupportedPowerShell", ErrorCategory.ResourceUnavailable, null);
}
