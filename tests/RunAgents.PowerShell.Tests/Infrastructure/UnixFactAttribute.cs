using System.Runtime.InteropServices;

namespace RunAgents.PowerShell.Tests.Infrastructure;

/// <summary>A test of FIFOs, devices and symbolic links as Unix has them; skipped on Windows, which has none of these at a file path.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            Skip = "Windows has no FIFOs or device files at a file path, and symbolic links need a privilege there.";
        }
    }
}
