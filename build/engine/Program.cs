namespace Microsoft.PowerShell;

/// <summary>The entry point of pwsh, named and shaped as PowerShell's own: the console host does the rest.</summary>
public static class ManagedPSEntry
{
    /// <summary>Starts PowerShell with the command line as given.</summary>
    public static int Main(string[] args) => UnmanagedPSEntry.Start(args, args.Length);
}
