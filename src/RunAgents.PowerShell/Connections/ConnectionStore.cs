using System.Collections;
using System.Management.Automation;
using System.Threading;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// The process-wide connection. A static rather than a session variable, so that every runspace of
/// the process sees it: ForEach-Object -Parallel, thread jobs, and hosted runspaces.
/// </summary>
internal static class ConnectionStore
{
    private static RAConnection? s_current;
    private static RAConnection? s_implicit;
    private static string? s_userAgent;

    /// <summary>The connection Connect-RAService made, if any.</summary>
    public static RAConnection? Current
    {
        get => Volatile.Read(ref s_current);
        set => Volatile.Write(ref s_current, value);
    }

    /// <summary>
    /// A connection made from RUNAGENTS_API_KEY / RUNAGENTS_ENDPOINT or the CLI's config file, reused
    /// while those stay the same; null when there is no key anywhere.
    /// </summary>
    /// <remarks>
    /// A setting that cannot be used (a key that cannot be one, an endpoint that is not a URI or is plain
    /// http to another host) stops the command with the same error ids Connect-RAService uses, rather
    /// than an unclassified exception.
    /// </remarks>
    public static RAConnection? Implicit(PSCmdlet cmdlet)
    {
        try
        {
            return Implicit(cmdlet.WriteWarning, cmdlet.WriteVerboseLine, UserAgent(cmdlet));
        }
        catch (System.ArgumentException e)
        {
            cmdlet.ThrowTerminatingError(SettingError(e, null));
            return null;
        }
    }

    /// <summary>The error record of a setting that cannot be used: a key that cannot be one, plain http to another host, or not a URI.</summary>
    public static ErrorRecord SettingError(System.ArgumentException e, object? target) => e switch
    {
        InvalidApiKeyException => new ErrorRecord(e, "InvalidApiKey", ErrorCategory.InvalidArgument, target),
        InsecureEndpointException => new ErrorRecord(e, "UnencryptedAuthentication", ErrorCategory.SecurityError, target),
        _ => new ErrorRecord(e, "InvalidUri", ErrorCategory.InvalidArgument, target),
    };

    /// <summary>The implicit connection, telling <paramref name="warn"/> of a broken config file.</summary>
    public static RAConnection? Implicit(System.Action<string>? warn, System.Action<string>? verbose, string? userAgent)
    {
        var settings = ConnectionSettings.Resolve(null, null);
        foreach (var warning in settings.Warnings)
        {
            warn?.Invoke(warning);
        }

        if (settings.Key is null)
        {
            return null;
        }

        var candidate = new RAConnection(settings.Uri, settings.Key, settings.UriSource, settings.KeySource, userAgent: userAgent ?? Volatile.Read(ref s_userAgent));
        var cached = Volatile.Read(ref s_implicit);
        if (cached is not null && cached.SameTarget(candidate))
        {
            return cached;
        }

        Volatile.Write(ref s_implicit, candidate);
        verbose?.Invoke($"Using {candidate.ApiDescription} at {candidate.Uri} (endpoint from {Describe(settings.UriSource, settings.ConfigPath)}) with the key {candidate.KeyHint} from {Describe(settings.KeySource, settings.ConfigPath)}.");
        return candidate;
    }

    /// <summary>Says where a setting came from, in words a user can act on.</summary>
    public static string Describe(SettingSource source, string configPath) => source switch
    {
        SettingSource.Parameter => "the parameters",
        SettingSource.Environment => "the environment",
        SettingSource.ConfigFile => configPath,
        _ => "the default",
    };

    /// <summary><c>RunAgents-PowerShell/{module version} PowerShell/{host version}</c>.</summary>
    public static string UserAgent(PSCmdlet cmdlet)
    {
        var agent = Volatile.Read(ref s_userAgent);
        if (agent is null)
        {
            var table = cmdlet.SessionState.PSVariable.GetValue("PSVersionTable") as IDictionary;
            var version = table?["PSVersion"]?.ToString() ?? "unknown";
            agent = $"RunAgents-PowerShell/{ModuleInfo.Version} PowerShell/{version}";
            Volatile.Write(ref s_userAgent, agent);
        }

        return agent;
    }
}
