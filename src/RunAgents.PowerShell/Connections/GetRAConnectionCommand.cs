using System.Management.Automation;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Shows the connection commands use: URI, masked key hint, where each came from, and its settings.</summary>
[Cmdlet(VerbsCommon.Get, "RAConnection", HelpUri = HelpUris.Docs + "Get-RAConnection.md")]
[OutputType(typeof(RAConnection))]
public sealed class GetRAConnectionCommand : PSCmdlet
{
    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var connection = ConnectionStore.Current ?? ConnectionStore.Implicit(this);
        if (connection is null)
        {
            this.WriteVerboseLine($"Not connected, and neither {ConnectionSettings.KeyVariable} nor the RunAgents CLI's config file holds a key.");
            return;
        }

        WriteObject(connection);
    }
}
