using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Rotates a workspace API key: a new token, shown this once; the old one stops working.</summary>
[Cmdlet(VerbsCommon.Reset, "RAApiKey", DefaultParameterSetName = ByIdSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpUris.Docs + "Reset-RAApiKey.md")]
[OutputType(typeof(IssuedApiKey))]
public sealed class ResetRAApiKeyCommand : ApiKeyChangeCommand
{
    /// <summary>After how many days from now the new token stops working; without it the key keeps its expiry.</summary>
    [Parameter]
    [ValidateRange(1, 36500)]
    public int ExpiresInDays { get; set; }

    /// <summary>When the key is the one the connection sends: switches the connection to the new token, so the session keeps working.</summary>
    [Parameter]
    public SwitchParameter UpdateConnection { get; set; }

    /// <summary>Writes the new token as text instead of a SecureString.</summary>
    [Parameter]
    public SwitchParameter AsPlainText { get; set; }

    /// <inheritdoc/>
    private protected override void Change(RAConnection connection, WorkspaceApiKey key)
    {
        int? days = MyInvocation.BoundParameters.ContainsKey(nameof(ExpiresInDays)) ? ExpiresInDays : null;
        if (key.IsConnectionKey && !Force && !UpdateConnection)
        {
            WriteError(InUse(key, "once rotated, its token stops working", $"Pass -UpdateConnection to switch the connection to the new token (Reset-RAApiKey -Id {key.Id} -UpdateConnection)."));
            return;
        }

        if (UpdateConnection && !key.IsConnectionKey)
        {
            WriteWarning($"{Described(key)} is not the key this connection sends ({connection.KeyHint}): -UpdateConnection leaves the connection as it is.");
        }

        var expiry = days is int d ? $", the new token expiring in {d} day{(d == 1 ? string.Empty : "s")}" : string.Empty;
        var note = key.IsConnectionKey ? (UpdateConnection ? "; the connection switches to the new token" : "; this connection sends it and will stop working") : string.Empty;
        if (!ShouldProcessUnlessForced(Target(Described(key), connection), $"Rotate API key (its current token stops working{note}){expiry}", Force))
        {
            return;
        }

        var api = Api(connection);
        IssuedToken issued;
        try
        {
            issued = Await(api.RotateAsync(key.Id, days, Requests, StopToken));
        }
        catch (RunAgentsApiException e) when (api.NotSupported(e))
        {
            WriteError(NotSupported(e, connection, "workspace API keys"));
            return;
        }
        catch (RunAgentsApiException e)
        {
            var self = key.IsConnectionKey ? " This connection sends that key: if it was rotated, the session is locked out; connect with another key to look." : string.Empty;
            WriteError(IssueError(
                e,
                "Cannot rotate API key",
                key.Id,
                $"The key may have been rotated: its old token may no longer work, and nobody has the new one. List it (Get-RAApiKey -Id {key.Id}: a Last4 other than {key.Last4} means it was rotated), then rotate it again or revoke it (Remove-RAApiKey -Id {key.Id}).{self}",
                "The key was not rotated."));
            return;
        }

        var rotated = issued.Key;
        ((IFromPlatform)rotated).Connection = connection;
        RAConnection? switched = null;
        if (key.IsConnectionKey && UpdateConnection && KeyOf(issued.Token, key.Id) is ApiKey newKey)
        {
            var wasCurrent = ReferenceEquals(ConnectionStore.Current, connection);
            connection.UseKey(newKey);
            switched = connection;
            rotated.IsConnectionKey = true;
            if (!wasCurrent && Connection is null)
            {
                // The connection came from RUNAGENTS_API_KEY or the CLI's config file, which still hold the old token.
                ConnectionStore.Current = connection;
                WriteWarning($"The connection now sends the new token ({connection.KeyHint}) and is the current one; {ConnectionSettings.KeyVariable} or the RunAgents CLI's config file still holds the old token, which no longer works: store the new one there.");
            }
            else
            {
                WriteVerbose($"The connection to {connection.Uri} now sends the new token {connection.KeyHint}.");
            }
        }
        else if (key.IsConnectionKey)
        {
            WriteWarning($"{Described(key)} was the key this connection sends: its old token no longer works, so later commands will fail with 401. Connect with the new token: Connect-RAService -ApiKey <the Token of this output>.");
        }

        WriteVerbose($"Rotated {Described(rotated)}{WorkspaceOf(connection)}; its new token is in the output's Token and is not shown again.");
        WriteFromPlatform(new IssuedApiKey(rotated, TokenValue(issued.Token, AsPlainText), issued.Header, switched), connection);
    }
}
