using System;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Creates a workspace API key; its token is shown this once, as a SecureString unless -AsPlainText.</summary>
[Cmdlet(VerbsCommon.New, "RAApiKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpUris.Docs + "New-RAApiKey.md")]
[OutputType(typeof(IssuedApiKey))]
public sealed class NewRAApiKeyCommand : WorkspaceAuthCommand
{
    /// <summary>The key's name: what it is for, such as the pipeline that will use it.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>After how many days the key stops working; without it (or -ExpiresIn) the key does not expire.</summary>
    [Parameter]
    [ValidateRange(1, 36500)]
    public int ExpiresInDays { get; set; }

    /// <summary>After how long the key stops working, rounded up to whole days (at least one).</summary>
    [Parameter]
    [DurationTransformation(What = "a key's lifetime")]
    public TimeSpan ExpiresIn { get; set; }

    /// <summary>Writes the token as text instead of a SecureString. It is then in the session's memory and wherever the output goes.</summary>
    [Parameter]
    public SwitchParameter AsPlainText { get; set; }

    /// <summary>Makes a connection with the new key, to the same platform with the same settings, and makes it the current one.</summary>
    [Parameter]
    public SwitchParameter Connect { get; set; }

    /// <summary>With -Connect: leaves the current connection as it is; the new one is only in the output's Connection, for -Connection.</summary>
    [Parameter]
    public SwitchParameter KeepCurrent { get; set; }

    private int? Days => MyInvocation.BoundParameters.ContainsKey(nameof(ExpiresInDays)) ? ExpiresInDays
        : MyInvocation.BoundParameters.ContainsKey(nameof(ExpiresIn)) ? DaysOf(ExpiresIn)
        : null;

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        var bound = MyInvocation.BoundParameters;
        if (bound.ContainsKey(nameof(ExpiresInDays)) && bound.ContainsKey(nameof(ExpiresIn)))
        {
            ThrowTerminatingError(Invalid("Give -ExpiresInDays or -ExpiresIn, not both.", ExpiresIn, "AmbiguousExpiry"));
        }

        if (bound.ContainsKey(nameof(ExpiresIn)) && ExpiresIn <= TimeSpan.Zero)
        {
            ThrowTerminatingError(Invalid($"-ExpiresIn must be positive (it was {ExpiresIn}); the key's expiry is counted in whole days from now, at least one.", ExpiresIn, "InvalidExpiry"));
        }

        if (KeepCurrent && !Connect)
        {
            ThrowTerminatingError(Invalid("-KeepCurrent applies only with -Connect.", null, "KeepCurrentWithoutConnect"));
        }

        if (Name.Trim().Length == 0)
        {
            ThrowTerminatingError(Invalid("-Name must not be blank: name the key after what will use it.", Name, "InvalidApiKeyName"));
        }

        base.BeginProcessing();
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var connection = ActiveConnection;
        var days = Days;
        var expiry = days is int d ? $", expiring in {d} day{(d == 1 ? string.Empty : "s")}" : ", not expiring";
        if (!ShouldProcess(Target($"API key '{Name}'", connection), $"Create API key{expiry}"))
        {
            return;
        }

        var api = Api(connection);
        IssuedToken issued;
        try
        {
            issued = Await(api.CreateAsync(Name, days, Requests, StopToken));
        }
        catch (RunAgentsApiException e) when (api.NotSupported(e))
        {
            WriteError(NotSupported(e, connection, "workspace API keys"));
            return;
        }
        catch (RunAgentsApiException e)
        {
            WriteError(IssueError(
                e,
                "Cannot create API key",
                Name,
                $"The key may have been created{WorkspaceOf(connection)}, and nobody has its token. List the keys (Get-RAApiKey -Name '{Name}') and revoke any you did not expect (Remove-RAApiKey -Id <id>), then create it again.",
                "No key was created."));
            return;
        }

        var key = issued.Key;
        ((IFromPlatform)key).Connection = connection;
        RAConnection? made = null;
        if (Connect && KeyOf(issued.Token, key.Id) is ApiKey apiKey)
        {
            made = connection.WithKey(apiKey);
            key.IsConnectionKey = true;
            if (KeepCurrent)
            {
                WriteVerbose($"Made a connection to {made.Uri} with the new key {made.KeyHint}, for -Connection (the output's Connection). The current connection is unchanged. No request was sent.");
            }
            else
            {
                ConnectionStore.Current = made;
                WriteVerbose($"Connected to {made.ApiDescription} at {made.Uri} with the new key {made.KeyHint}. No request was sent.");
            }
        }

        WriteVerbose($"Created {Described(key)}{WorkspaceOf(connection)}; its token is in the output's Token and is not shown again.");
        WriteFromPlatform(new IssuedApiKey(key, TokenValue(issued.Token, AsPlainText), issued.Header, made), connection);
    }

    private static ErrorRecord Invalid(string message, object? target, string id) =>
        new(new PSArgumentException(message), id, ErrorCategory.InvalidArgument, target);
}
