using System.Management.Automation;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Forgets the connection Connect-RAService made.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "RAService", HelpUri = HelpUris.Docs + "Disconnect-RAService.md")]
[OutputType(typeof(void))]
public sealed class DisconnectRAServiceCommand : PSCmdlet
{
    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var previous = ConnectionStore.Current;
        ConnectionStore.Current = null;
        this.WriteVerboseLine(previous is null
            ? "There was no connection to forget."
            : $"Forgot the connection to {previous.Uri}. Commands now use RUNAGENTS_API_KEY or the RunAgents CLI's config file, if set.");
    }
}
