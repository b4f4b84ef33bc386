using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace RunAgents.PowerShell;

/// <summary>
/// On Windows PowerShell (.NET Framework), which has no binding redirects for modules, loads the
/// module's own copies of its dependencies whatever version is asked for. On PowerShell 7, which uses
/// the copies it carries itself, nothing is hooked; there the import is refused, with one sentence that
/// says why, when those copies are too old (PowerShell 7.4.1 and older), rather than failing at the
/// first JSON read.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string s_moduleFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? string.Empty;

    /// <summary>True on the Desktop edition, where the handler is needed.</summary>
    internal static bool IsDesktop => Client.Platform.IsNetFramework;

    /// <inheritdoc/>
    public void OnImport()
    {
        if (IsDesktop)
        {
            AppDomain.CurrentDomain.AssemblyResolve += ResolveShippedDependency;
            return;
        }

        // Thrown here, before PowerShell registers any cmdlet, the import fails whole: no module is left behind.
        var refusal = DependencyCheck.Check();
        if (refusal is not null)
        {
            throw new UnsupportedPowerShellException(refusal);
        }
    }

    /// <inheritdoc/>
    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        if (IsDesktop)
        {
            AppDomain.CurrentDomain.AssemblyResolve -= ResolveShippedDependency;
        }
    }

    /// <summary>Finds the requested assembly among the files shipped beside the module, ignoring the version asked for.</summary>
    internal static Assembly? ResolveShippedDependency(object? sender, ResolveEventArgs args)
    {
        var name = new AssemblyName(args.Name).Name;
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var path = Path.Combine(s_moduleFolder, name + ".dll");
        return File.Exists(path) ? Assembly.LoadFrom(path) : null;
    }
}
