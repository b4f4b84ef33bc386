using System;
using System.Management.Automation;
using System.Security;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Connects to a RunAgents platform for the rest of the process.</summary>
[Cmdlet(VerbsCommunications.Connect, "RAService", DefaultParameterSetName = ApiKeySet, HelpUri = HelpUris.Docs + "Connect-RAService.md")]
[OutputType(typeof(RAConnection))]
public sealed class ConnectRAServiceCommand : PSCmdlet
{
    private const string ApiKeySet = "ApiKey";
    private const string CredentialSet = "Credential";

    /// <summary>The platform's base URI; defaults to RUNAGENTS_ENDPOINT, the CLI's config file, then https://api.runagents.io.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNull]
    public Uri? Uri { get; set; }

    /// <summary>The API key, as a SecureString; defaults to RUNAGENTS_API_KEY, then the CLI's config file.</summary>
    [Parameter(ParameterSetName = ApiKeySet)]
    [SecureKeyTransformation]
    [ValidateNotNull]
    public SecureString? ApiKey { get; set; }

    /// <summary>A credential whose password is the API key (the user name is not used).</summary>
    [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    /// <summary>How many times GET and DELETE are retried on 429, 502, 503, 504 and connection failures.</summary>
    [Parameter]
    [ValidateRange(0, 10)]
    public int MaxRetryCount { get; set; } = RAConnection.DefaultMaxRetryCount;

    /// <summary>How long each request may wait for the service in all (its answer, then its body), in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = RAConnection.DefaultTimeoutSec;

    /// <summary>The largest answer to read, in megabytes; a larger one is an error rather than exhausted memory.</summary>
    [Parameter]
    [ValidateRange(1, 2047)]
    public int MaxResponseSizeMB { get; set; } = RAConnection.DefaultMaxResponseSizeMB;

    /// <summary>Allows sending the key over plain http to a host that is not this machine.</summary>
    [Parameter]
    public SwitchParameter AllowUnencryptedAuthentication { get; set; }

    /// <summary>Skips the validation of the server's certificate. Unsafe; for test platforms only.</summary>
    [Parameter]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>Writes the connection to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Leaves the current connection as it is: the new connection is only written to the pipeline, for -Connection.</summary>
    [Parameter]
    public SwitchParameter KeepCurrent { get; set; }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        ApiKey? key;
        try
        {
            key = Credential is not null ? Client.ApiKey.FromSecureString(Credential.Password, "the password of -Credential")
                : ApiKey is not null ? Client.ApiKey.FromSecureString(ApiKey, "the -ApiKey parameter")
                : null;
        }
        catch (InvalidApiKeyException e)
        {
            ThrowTerminatingError(ConnectionStore.SettingError(e, null));
            return;
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "EmptyApiKey", ErrorCategory.InvalidArgument, null));
            return;
        }

        ConnectionSettings settings;
        try
        {
            settings = ConnectionSettings.Resolve(Uri, key);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(ConnectionStore.SettingError(e, null));
            return;
        }

        foreach (var warning in settings.Warnings)
        {
            WriteWarning(warning);
        }

        if (settings.Key is null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"No API key was given. Pass -ApiKey or -Credential, set the {ConnectionSettings.KeyVariable} environment variable, or log in with the RunAgents CLI so that {settings.ConfigPath} holds one."),
                "NoApiKey",
                ErrorCategory.InvalidArgument,
                null));
            return;
        }

        RAConnection connection;
        try
        {
            connection = new RAConnection(
                settings.Uri, settings.Key, settings.UriSource, settings.KeySource, MaxRetryCount, TimeoutSec,
                AllowUnencryptedAuthentication, SkipCertificateCheck, ConnectionStore.UserAgent(this), MaxResponseSizeMB);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(ConnectionStore.SettingError(e, settings.Uri));
            return;
        }

        if (SkipCertificateCheck)
        {
            WriteWarning($"Certificate validation is off for {connection.Uri.Host}: anyone who can intercept the traffic can read the API key.");
        }

        var made = $"{connection.ApiDescription} at {connection.Uri} (endpoint from {ConnectionStore.Describe(settings.UriSource, settings.ConfigPath)}) with the key {connection.KeyHint} from {ConnectionStore.Describe(settings.KeySource, settings.ConfigPath)}";
        if (KeepCurrent)
        {
            var current = ConnectionStore.Current;
            this.WriteVerboseLine($"Made a connection to {made}, for -Connection. {(current is null ? "None is current: commands without -Connection use RUNAGENTS_API_KEY or the RunAgents CLI's config file, if set" : $"The current connection is still the one to {current.Uri}")}. No request was sent.");
        }
        else
        {
            ConnectionStore.Current = connection;
            this.WriteVerboseLine($"Connected to {made}. No request was sent.");
        }

        if (PassThru || KeepCurrent)
        {
            WriteObject(connection);
        }
    }
}
