using System;
using System.Runtime.InteropServices;

namespace RunAgents.PowerShell.Client;

/// <summary>Which runtime the module runs on, for the few places where .NET Framework differs.</summary>
internal static class Platform
{
    /// <summary>True under .NET Framework, that is, in Windows PowerShell 5.1.</summary>
    public static readonly bool IsNetFramework =
        RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);
}
