using System.Diagnostics;

namespace RunAgents.PowerShell.Tests.Infrastructure;

/// <summary>Files Unix has and .NET cannot make: for tests under <see cref="UnixFactAttribute"/>.</summary>
public static class UnixFiles
{
    /// <summary>Makes a FIFO (named pipe) at <paramref name="path"/>, with <c>mkfifo</c>.</summary>
    public static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
