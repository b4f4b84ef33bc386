using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Revokes a workspace API key: its token stops working.</summary>
[Cmdlet(VerbsCommon.Remove, "RAApiKey", DefaultParameterSetName = ByIdSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpUris.Docs + "Remove-RAApiKey.md")]
[OutputType(typeof(void))]
public sealed class RemoveRAApiKeyCommand : ApiKeyChangeCommand
{
    /// <inheritdoc/>
    private protected override void Change(RAConnection connection, WorkspaceApiKey key)
    {
        if (key.IsConnectionKey && !Force)
        {
            WriteError(InUse(
                key,
                "once revoked, its token stops working",
                $"To switch first: make another key and connect with it (New-RAApiKey -Name <name> -Connect), then revoke this one with that connection; or rotate this one instead and keep the session (Reset-RAApiKey -Id {key.Id} -UpdateConnection)."));
            return;
        }

        var note = key.IsConnectionKey ? "; this connection sends it and will stop working" : string.Empty;
        if (!ShouldProcessUnlessForced(Target(Described(key), connection), $"Revoke API key (its token stops working{note})", Force))
        {
            return;
        }

        var api = Api(connection);
        string? outcome;
        try
        {
            outcome = Await(api.RevokeAsync(key.Id, Requests, StopToken));
        }
        catch (RunAgentsApiException e) when (api.NotSupported(e))
        {
            WriteError(NotSupported(e, connection, "workspace API keys"));
            return;
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot revoke API key", key.Id, notFoundId: "ApiKeyNotFound");
            return;
        }

        if (outcome is not null)
        {
            WriteWarning(outcome);
        }

        WriteVerbose($"Revoked {Described(key)}{WorkspaceOf(connection)}.");
        if (key.IsConnectionKey)
        {
            WriteWarning($"{Described(key)} was the key this connection sends: later commands will fail with 401. Connect with another key (Connect-RAService).");
        }
    }
}
