using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace RunAgents.PowerShell;

/// <summary>
/// On Windows PowerShell (.NET Framework), which has no binding redirects for modules, loads the
/// module's own copies of its dependencies whatever version is asked for. PowerShell 7 needs none
/// of this: it already carries newer copies of every dependency, so nothing is hooked there.
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
