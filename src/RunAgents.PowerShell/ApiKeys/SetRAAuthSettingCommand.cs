using System;
using System.Globalization;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Sets the workspace's session idle timeout, checked against the bounds the platform gives before anything is written.</summary>
[Cmdlet(VerbsCommon.Set, "RAAuthSetting", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpUris.Docs + "Set-RAAuthSetting.md")]
[OutputType(typeof(AuthSetting))]
public sealed class SetRAAuthSettingCommand : WorkspaceAuthCommand
{
    /// <summary>How long a console session may stay idle before its user must sign in again, in whole minutes (within the platform's bounds).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [DurationTransformation(What = "a session's idle timeout")]
    public TimeSpan SessionIdleTimeout { get; set; }

    /// <summary>Writes the settings after the change (or as they are, when nothing changed).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        if (SessionIdleTimeout <= TimeSpan.Zero || SessionIdleTimeout.Ticks % TimeSpan.TicksPerMinute != 0 || SessionIdleTimeout.TotalMinutes > int.MaxValue)
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException($"-SessionIdleTimeout must be a positive number of whole minutes (it was {SessionIdleTimeout}), such as -SessionIdleTimeout 30m, 1h30m or (New-TimeSpan -Minutes 30)."),
                "InvalidSessionIdleTimeout",
                ErrorCategory.InvalidArgument,
                SessionIdleTimeout));
        }

        base.BeginProcessing();
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var connection = ActiveConnection;
        if (ReadSettings(connection) is not AuthSetting current)
        {
            return;
        }

        var minutes = (int)SessionIdleTimeout.TotalMinutes;
        if ((current.MinSessionIdleTimeout is TimeSpan min && SessionIdleTimeout < min) || (current.MaxSessionIdleTimeout is TimeSpan max && SessionIdleTimeout > max))
        {
            WriteError(new ErrorRecord(
                new PSArgumentException($"-SessionIdleTimeout {Minutes(minutes)} is outside what the platform accepts: from {Minutes(current.MinSessionIdleTimeout)} to {Minutes(current.MaxSessionIdleTimeout)}. Nothing was changed."),
                "SessionIdleTimeoutOutOfRange",
                ErrorCategory.InvalidArgument,
                SessionIdleTimeout));
            return;
        }

        if (current.SessionIdleTimeout == SessionIdleTimeout)
        {
            WriteVerbose($"Unchanged: the session idle timeout is {Minutes(minutes)} already; nothing was written.");
            if (PassThru)
            {
                WriteFromPlatform(current, connection);
            }

            return;
        }

        if (!ShouldProcess(Target("the auth settings", connection), $"Set the session idle timeout from {Minutes(current.SessionIdleTimeout)} to {Minutes(minutes)}"))
        {
            return;
        }

        var api = Api(connection);
        AuthSetting updated;
        try
        {
            updated = Await(api.SetSettingsAsync(minutes, Requests, StopToken));
        }
        catch (RunAgentsApiException e) when (api.NotSupported(e))
        {
            WriteError(NotSupported(e, connection, "auth settings"));
            return;
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot set the auth settings of", connection.Uri, notFoundId: "EndpointNotFound");
            return;
        }

        WriteVerbose($"Updated: the session idle timeout is {Minutes(updated.SessionIdleTimeout)}{WorkspaceOf(connection)}.");
        if (PassThru)
        {
            WriteFromPlatform(updated, connection);
        }
    }

    private static string Minutes(TimeSpan? span) => span is TimeSpan value ? Minutes((int)value.TotalMinutes) : "(not given)";

    private static string Minutes(int minutes) => minutes == 1 ? "1 minute" : minutes.ToString(CultureInfo.InvariantCulture) + " minutes";
}
