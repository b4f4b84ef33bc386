using System.Reflection;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>
/// The decision, at import, whether this PowerShell 7 carries the assemblies the module needs. The
/// decision is fed the versions each PowerShell release carries; the probe is run against this process.
/// </summary>
public sealed class DependencyCheckTests
{
    // What the module is built against, in the order its references list them.
    private static readonly AssemblyName[] s_required =
    [
        new("System.Text.Json, Version=8.0.0.0"),
        new("Microsoft.Bcl.AsyncInterfaces, Version=8.0.0.0"),
        new("System.Threading.Tasks.Extensions, Version=4.2.0.1"),
        new("System.Memory, Version=4.0.1.2"),
        new("System.Text.Encodings.Web, Version=8.0.0.0"),
    ];

    [Fact]
    public void It_accepts_what_PowerShell_7_4_2_carries()
    {
        Assert.Null(DependencyCheck.Refusal(s_required, Carried("8.0.0.0", "8.0.0.0"), "7.4.2"));
    }

    [Fact]
    public void It_refuses_PowerShell_7_4_0_naming_the_minimum_and_the_assembly_it_lacks()
    {
        var refusal = DependencyCheck.Refusal(s_required, Carried("8.0.0.0", "5.0.0.0"), "7.4.0");

        Assert.Equal(
            "RunAgents needs PowerShell 7.4.2 or later on PowerShell 7 (this is 7.4.0): it needs Microsoft.Bcl.AsyncInterfaces 8.0, " +
            "which this version does not have (it has 5.0). Update PowerShell, or use Windows PowerShell 5.1.",
            refusal);
    }

    [Fact]
    public void It_refuses_PowerShell_7_3_naming_every_assembly_that_is_too_old()
    {
        var refusal = DependencyCheck.Refusal(s_required, Carried("7.0.0.0", "7.0.0.0"), "7.3.12");

        Assert.Equal(
            "RunAgents needs PowerShell 7.4.2 or later on PowerShell 7 (this is 7.3.12): it needs System.Text.Json 8.0, " +
            "Microsoft.Bcl.AsyncInterfaces 8.0 and System.Text.Encodings.Web 8.0, which this version does not have " +
            "(it has System.Text.Json 7.0, Microsoft.Bcl.AsyncInterfaces 7.0 and System.Text.Encodings.Web 7.0). " +
            "Update PowerShell, or use Windows PowerShell 5.1.",
            refusal);
    }

    [Fact]
    public void It_counts_a_preview_of_7_4_0_as_below_the_minimum()
    {
        var refusal = DependencyCheck.Refusal(s_required, Carried("8.0.0.0", "5.0.0.0"), "7.4.0-rc.1");

        Assert.StartsWith("RunAgents needs PowerShell 7.4.2 or later on PowerShell 7 (this is 7.4.0-rc.1): ", refusal);
    }

    [Fact]
    public void It_accepts_an_older_release_whose_host_carries_newer_copies()
    {
        // The version number alone would refuse this; the assemblies say it works.
        Assert.Null(DependencyCheck.Refusal(s_required, Carried("8.0.0.0", "8.0.0.0"), "7.4.1"));
    }

    [Fact]
    public void It_blames_the_host_when_a_release_past_the_minimum_carries_old_copies()
    {
        var refusal = DependencyCheck.Refusal(s_required, Carried("9.0.0.0", "5.0.0.0"), "7.5.4");

        Assert.Equal(
            "RunAgents cannot run in this PowerShell 7.5.4 host: it needs Microsoft.Bcl.AsyncInterfaces 8.0, which this host " +
            "does not carry (it has 5.0). Run it in PowerShell 7.4.2 or later as released, or in Windows PowerShell 5.1.",
            refusal);
    }

    [Fact]
    public void It_refuses_when_the_platform_does_not_carry_a_dependency_at_all()
    {
        // The copy beside the module is the .NET Standard build, whose types are not the runtime's: it cannot stand in.
        var available = Carried("9.0.0.0", "8.0.0.0");
        available.Remove("Microsoft.Bcl.AsyncInterfaces");

        var refusal = DependencyCheck.Refusal(s_required, available, "7.5.4");

        Assert.Contains("it needs Microsoft.Bcl.AsyncInterfaces 8.0, which this host does not carry (it has none).", refusal);
    }

    [Fact]
    public void It_checks_every_dependency_the_module_references()
    {
        var required = DependencyCheck.Required.Select(a => $"{a.Name} {a.Version}").Order().ToArray();

        Assert.Equal(s_required.Select(a => $"{a.Name} {a.Version}").Order().ToArray(), required);
    }

    [Fact]
    public void It_lets_the_module_import_in_this_process()
    {
        var available = DependencyCheck.ReadPlatformVersions(DependencyCheck.Required.Select(a => a.Name!));

        Assert.NotNull(available);
        Assert.True(available!["Microsoft.Bcl.AsyncInterfaces"] >= new Version(8, 0));
        Assert.Equal(typeof(System.Text.Json.JsonSerializer).Assembly.GetName().Version, available["System.Text.Json"]);
        Assert.Null(DependencyCheck.Check());
    }

    [Fact]
    public void It_names_the_engine_version_as_PSVersionTable_shows_it()
    {
        using var shell = new TestShell(key: null);

        var shown = shell.Run("$PSVersionTable.PSVersion.ToString()").Output.Single().ToString();

        Assert.Equal(shown, DependencyCheck.PowerShellVersion());
    }

    /// <summary>A platform carrying System.Text.Json and its framework companions at one version, and Microsoft.Bcl.AsyncInterfaces at another.</summary>
    private static Dictionary<string, Version> Carried(string framework, string bcl) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["System.Text.Json"] = new Version(framework),
        ["Microsoft.Bcl.AsyncInterfaces"] = new Version(bcl),
        ["System.Threading.Tasks.Extensions"] = new Version(framework),
        ["System.Memory"] = new Version(framework),
        ["System.Text.Encodings.Web"] = new Version(framework),
    };
}
