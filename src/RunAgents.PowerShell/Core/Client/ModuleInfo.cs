using System.Reflection;

namespace RunAgents.PowerShell.Client;

/// <summary>Facts about this build of the module.</summary>
internal static class ModuleInfo
{
    /// <summary>The module version, taken from the assembly so that there is one source for it.</summary>
    public static readonly string Version =
        typeof(ModuleInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ModuleInfo).Assembly.GetName().Version?.ToString(3)
        ?? "0.0.0";
}
