using System.Management.Automation;
using RunAgents.PowerShell.Configuration;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Compares a configuration folder with the platform: one record per object, Same, Missing (in the folder only), Extra
/// (on the platform only) or Different with the JSON paths that differ, in the order Import-RAConfiguration would apply
/// them. Nothing is written to the platform; a folder with a file that cannot be read sends no request.
/// </summary>
[Cmdlet(VerbsData.Compare, "RAConfiguration", HelpUri = HelpUris.Docs + "Compare-RAConfiguration.md")]
[OutputType(typeof(ConfigurationComparison))]
public sealed class CompareRAConfigurationCommand : ConfigurationCmdlet
{
    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var kinds = KindsOfFolder();
        if (Read(kinds) is not { } read)
        {
            return;
        }

        var (folder, platform) = read;
        foreach (var item in Plan(kinds, folder, platform))
        {
            WriteFromPlatform(Comparison(item), Context.Connection);
        }
    }
}
