using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace RunAgents.PowerShell;

/// <summary>
/// Decides at import whether PowerShell 7 can run the module. There the module binds to the copies of
/// System.Text.Json and its companions that PowerShell itself carries: the default load context takes the
/// platform's copy of a name, and fails when that copy is older than the one asked for. PowerShell 7.4.0
/// and 7.4.1 carry Microsoft.Bcl.AsyncInterfaces 5.0; 7.3 and older carry older System.Text.Json too.
/// What is checked is the assemblies themselves, not the version number, because a host may carry newer
/// or older copies than the PowerShell release it is built on.
/// </summary>
internal static class DependencyCheck
{
    /// <summary>The first PowerShell 7 release that carries every dependency at the version needed.</summary>
    public static readonly Version MinimumPowerShell = new(7, 4, 2);

    // Not dependencies to check: the contract every runtime provides, and the engine that is importing us.
    private static readonly HashSet<string> s_provided = new(StringComparer.OrdinalIgnoreCase) { "netstandard", "System.Management.Automation" };

    /// <summary>The module's dependencies: what it references, except what the runtime and PowerShell provide.</summary>
    public static IReadOnlyList<AssemblyName> Required { get; } =
        typeof(DependencyCheck).Assembly.GetReferencedAssemblies().Where(a => a.Name is not null && !s_provided.Contains(a.Name)).ToList();

    /// <summary>Why this process cannot run the module, or null when it can (or when the runtime does not say).</summary>
    public static string? Check()
    {
        var available = ReadPlatformVersions(Required.Select(a => a.Name!));
        return available is null ? null : Refusal(Required, available, PowerShellVersion());
    }

    /// <summary>
    /// The one sentence Import-Module shows when a required assembly is absent from <paramref name="available"/>
    /// or older there than required; null when every one is there.
    /// </summary>
    public static string? Refusal(IEnumerable<AssemblyName> required, IReadOnlyDictionary<string, Version> available, string powerShellVersion)
    {
        var unmet = required.Where(a => !available.TryGetValue(a.Name!, out var found) || found < a.Version).ToList();
        if (unmet.Count == 0)
        {
            return null;
        }

        var needs = Join(unmet.Select(a => $"{a.Name} {a.Version?.ToString(2)}".TrimEnd()));
        var has = unmet.Count == 1
            ? Found(unmet[0], available, named: false)
            : Join(unmet.Select(a => Found(a, available, named: true)));

        // A release at or past the minimum that still lacks them is a host that carries its own copies:
        // telling its user to update to a version they already have would not help.
        return IsBelowMinimum(powerShellVersion)
            ? $"RunAgents needs PowerShell {MinimumPowerShell} or later on PowerShell 7 (this is {powerShellVersion}): it needs {needs}, which this version does not have (it has {has}). Update PowerShell, or use Windows PowerShell 5.1."
            : $"RunAgents cannot run in this PowerShell {powerShellVersion} host: it needs {needs}, which this host does not carry (it has {has}). Run it in PowerShell {MinimumPowerShell} or later as released, or in Windows PowerShell 5.1.";
    }

    /// <summary>
    /// The versions this process binds for the named assemblies: its platform's own copies, those in the
    /// runtime's list of trusted platform assemblies. A name not in the list is left out. Null when the
    /// runtime keeps no such list (.NET Framework) or a listed copy cannot be loaded: then nothing is refused.
    /// </summary>
    internal static IReadOnlyDictionary<string, Version>? ReadPlatformVersions(IEnumerable<string> names)
    {
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is not string list)
        {
            return null;
        }

        var listed = new HashSet<string>(list.Split(Path.PathSeparator).Select(Path.GetFileNameWithoutExtension), StringComparer.OrdinalIgnoreCase);
        var versions = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names.Where(listed.Contains))
        {
            // Loaded by name, as the first cmdlet would load it: a listed name always binds to the platform's
            // copy. These are the module's own dependencies and cost a fraction of a millisecond to load, where
            // AssemblyName.GetAssemblyName, which reads a file without loading it, costs several milliseconds
            // on its first call.
            try
            {
                var version = Assembly.Load(new AssemblyName(name)).GetName().Version;
                if (version is null)
                {
                    return null;
                }

                versions[name] = version;
            }
            catch (Exception e) when (e is IOException or BadImageFormatException)
            {
                return null;
            }
        }

        return versions;
    }

    /// <summary>The version of the PowerShell engine loading the module, as $PSVersionTable.PSVersion shows it.</summary>
    internal static string PowerShellVersion()
    {
        var engine = typeof(PSObject).Assembly;
        var informational = engine.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational?.Split(' ', '+')[0] ?? engine.GetName().Version?.ToString(3) ?? "unknown";
    }

    private static bool IsBelowMinimum(string powerShellVersion)
    {
        // "7.4.0-rc.1" counts as 7.4.0.
        var number = new string(powerShellVersion.TakeWhile(c => char.IsDigit(c) || c == '.').ToArray());
        return !Version.TryParse(number, out var version) || version < MinimumPowerShell;
    }

    private static string Found(AssemblyName required, IReadOnlyDictionary<string, Version> available, bool named)
    {
        if (!available.TryGetValue(required.Name!, out var version))
        {
            return named ? "no " + required.Name : "none";
        }

        return named ? $"{required.Name} {version.ToString(2)}" : version.ToString(2);
    }

    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 1 ? list[0] : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[list.Count - 1];
    }
}
