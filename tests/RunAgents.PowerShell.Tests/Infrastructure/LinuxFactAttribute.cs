using System.Runtime.InteropServices;

namespace RunAgents.PowerShell.Tests.Infrastructure;

/// <summary>A test of the /proc file system, which only Linux has; skipped elsewhere.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            Skip = "Only Linux has /proc, whose files report a length of 0 and hold more.";
        }
    }
}
