using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Gets the workspace's authentication settings: the session idle timeout and its bounds, the key header and prefix.</summary>
[Cmdlet(VerbsCommon.Get, "RAAuthSetting", HelpUri = HelpUris.Docs + "Get-RAAuthSetting.md")]
[OutputType(typeof(AuthSetting), typeof(string))]
public sealed class GetRAAuthSettingCommand : WorkspaceAuthCommand
{
    /// <summary>Writes the platform's JSON text instead of an object.</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var connection = ActiveConnection;
        if (ReadSettings(connection) is AuthSetting settings)
        {
            if (Raw)
            {
                WriteObject(settings.Json);
            }
            else
            {
                WriteFromPlatform(settings, connection);
            }
        }
    }
}
