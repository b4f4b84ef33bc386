using System.Reflection;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>
/// The assembly-resolve handler Windows PowerShell needs. It only runs under .NET Framework, which is
/// not available here; these tests check its lookup, which is the same on every runtime.
/// </summary>
public sealed class DesktopResolverTests
{
    [Fact]
    public void It_loads_a_shipped_dependency_whatever_version_is_asked_for()
    {
        var asked = new AssemblyName(typeof(ModuleInitializer).Assembly.FullName!) { Version = new Version(99, 0, 0, 0) };

        var resolved = ModuleInitializer.ResolveShippedDependency(null, new ResolveEventArgs(asked.FullName));

        Assert.NotNull(resolved);
        Assert.Equal("RunAgents.PowerShell", resolved!.GetName().Name);
        Assert.Equal(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location), Path.GetDirectoryName(resolved.Location));
    }

    [Fact]
    public void It_leaves_an_assembly_the_module_does_not_ship_to_the_runtime()
    {
        var resolved = ModuleInitializer.ResolveShippedDependency(null, new ResolveEventArgs("Not.Shipped.Anywhere, Version=1.0.0.0"));

        Assert.Null(resolved);
    }

    [Fact]
    public void It_is_not_hooked_on_PowerShell_7()
    {
        Assert.False(ModuleInitializer.IsDesktop);
    }
}
