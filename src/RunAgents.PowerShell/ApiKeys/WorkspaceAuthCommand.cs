using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Security;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// What the API key and auth setting cmdlets share: the area, the refusal of a root platform that lacks the routes,
/// the ShouldProcess target that names the workspace (and the platform, when not the current one), which listed key
/// the connection itself sends, and the report of a create or rotation whose answer was lost.
/// </summary>
public abstract class WorkspaceAuthCommand : RequestCmdlet
{
    /// <summary>The area of <paramref name="connection"/>.</summary>
    private protected static WorkspaceAuthApi Api(RAConnection connection) => new(connection.Transport);

    /// <summary>The workspace a write acts on, in words: on a company default base (<c>…/api/v1</c>), the key's default workspace.</summary>
    private protected static string WorkspaceOf(RAConnection connection) => connection.Api switch
    {
        ApiGeneration.V1 when connection.Workspace is null => " in the key's default workspace",
        ApiGeneration.V1 => $" in workspace '{connection.Workspace}'",
        _ => string.Empty,
    };

    /// <summary>The ShouldProcess target of <paramref name="what"/>: with the workspace, and the platform when not the current one.</summary>
    private protected string Target(string what, RAConnection connection) => OnPlatform(what + WorkspaceOf(connection), connection);

    /// <summary>The error of a root platform that answered 404 or 405 to a route no contract documents.</summary>
    private protected static ErrorRecord NotSupported(RunAgentsApiException e, RAConnection connection, string what) => new(
        new PSNotSupportedException($"The platform at {connection.Uri} has no {what}: it answered {e.StatusCode} to {e.Method} {e.RequestUri.AbsolutePath}, the root API's route for it, which no contract documents. Connect to the platform's v1 API (its URI ending in /api/v1) to manage {what}.", e),
        "NotSupportedOnGeneration",
        ErrorCategory.InvalidOperation,
        connection.Uri);

    /// <summary>Marks the listed key the connection sends, comparing its prefix and last four characters with the connection's key.</summary>
    private protected static void MarkConnectionKey(IEnumerable<WorkspaceApiKey> keys, RAConnection connection)
    {
        foreach (var key in keys)
        {
            key.IsConnectionKey = connection.Key.Matches(key.Prefix, key.Last4);
        }
    }

    /// <summary>The workspace's keys, each marked and remembering its connection; null with the error written when they cannot be read.</summary>
    private protected List<WorkspaceApiKey>? ListKeys(RAConnection connection)
    {
        var api = Api(connection);
        try
        {
            var keys = Await(api.ListKeysAsync(Requests, StopToken));
            MarkConnectionKey(keys, connection);
            foreach (var key in keys)
            {
                ((IFromPlatform)key).Connection = connection;
            }

            return keys;
        }
        catch (RunAgentsApiException e) when (api.NotSupported(e))
        {
            WriteError(NotSupported(e, connection, "workspace API keys"));
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot list the API keys of", connection.Uri, notFoundId: "EndpointNotFound");
        }

        return null;
    }

    /// <summary>True when a failed create or rotation may still have happened: the call went out and its answer was lost.</summary>
    private protected static bool AnswerLost(RunAgentsApiException e) => e.Failure switch
    {
        ApiFailure.Timeout => true,
        ApiFailure.Network => !(e.InnerException is HttpRequestException sent && RetryRules.NeverConnected(sent)),
        ApiFailure.InvalidResponse or ApiFailure.TooLarge => e.StatusCode is >= 200 and < 300,
        ApiFailure.HttpStatus => e.StatusCode is 502 or 503 or 504,
        _ => false,
    };

    /// <summary>The error of a create or rotation that failed: a lost answer says what may have happened and what to do; a 429 says the wait.</summary>
    private protected ErrorRecord IssueError(RunAgentsApiException e, string action, object target, string lost, string notDone)
    {
        if (AnswerLost(e))
        {
            var record = new ErrorRecord(
                new InvalidOperationException($"{action} '{target}': the answer was lost ({e.Message}). {lost}", e),
                "ApiKeyAnswerLost",
                ErrorCategory.OperationTimeout,
                target);
            record.ErrorDetails = new ErrorDetails(record.Exception.Message) { RecommendedAction = lost };
            return record;
        }

        var error = ApiErrorRecord(e, action, target, notFoundId: "ApiKeyNotFound");
        if (e.StatusCode == 429)
        {
            error.ErrorDetails = new ErrorDetails($"{action} '{target}': {e.Message}. {notDone}")
            {
                RecommendedAction = "Run the command again after the wait the platform asked for; it is not retried automatically, since a lost answer would leave a token nobody has.",
            };
        }

        return error;
    }

    /// <summary>The token as the user asked for it: a SecureString, or text with -AsPlainText.</summary>
    private protected static object TokenValue(string token, bool asPlainText)
    {
        if (asPlainText)
        {
            return token;
        }

        var secure = new SecureString();
        foreach (var c in token)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }

    /// <summary>The key of a new token, for a connection; null (with the error written) when it cannot be one.</summary>
    private protected ApiKey? KeyOf(string token, object target)
    {
        try
        {
            return ApiKey.FromPlainText(token, "the platform's answer");
        }
        catch (ArgumentException e)
        {
            WriteError(new ErrorRecord(e, "InvalidApiKey", ErrorCategory.InvalidResult, target));
            return null;
        }
    }

    /// <summary>The ids and names of keys for messages: <c>'ci' (key-2)</c>.</summary>
    private protected static string Described(WorkspaceApiKey key) => key.Name.Length > 0 ? $"API key '{key.Name}' ({key.Id})" : $"API key {key.Id}";

    /// <summary>Whole days, rounded up, of a span given for an expiry; at least one.</summary>
    private protected static int DaysOf(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalDays));

    /// <summary>The id an object piped names: its Id, or its Key's Id (an object New-RAApiKey or Reset-RAApiKey wrote).</summary>
    private protected static string? PipedId(PSObject item)
    {
        if (item.BaseObject is string text)
        {
            return text;
        }

        if (item.BaseObject is IssuedApiKey issued)
        {
            return issued.Id;
        }

        var id = item.Properties["Id"]?.Value?.ToString();
        if (!string.IsNullOrEmpty(id))
        {
            return id;
        }

        return item.Properties["Key"]?.Value is object key ? PSObject.AsPSObject(key).Properties["Id"]?.Value?.ToString() : null;
    }

    /// <summary>The key of <paramref name="keys"/> whose id is <paramref name="id"/>; null when none.</summary>
    private protected static WorkspaceApiKey? Find(IEnumerable<WorkspaceApiKey> keys, string id) =>
        keys.FirstOrDefault(k => string.Equals(k.Id, id, StringComparison.Ordinal));

    /// <summary>The "not found" of a key id the list does not have, before any write.</summary>
    private protected static ErrorRecord KeyNotFound(string id, RAConnection connection) => NotFoundException.Record(
        $"API key '{id}' was not found{WorkspaceOf(connection)} at {connection.Uri}: Get-RAApiKey lists the keys and their ids.", null, "ApiKeyNotFound", id);

    /// <summary>The auth settings, remembering their connection; null with the error written when they cannot be read.</summary>
    internal AuthSetting? ReadSettings(RAConnection connection)
    {
        var api = Api(connection);
        try
        {
            var settings = Await(api.GetSettingsAsync(Requests, StopToken));
            ((IFromPlatform)settings).Connection = connection;
            return settings;
        }
        catch (RunAgentsApiException e) when (api.NotSupported(e))
        {
            WriteError(NotSupported(e, connection, "auth settings"));
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot get the auth settings of", connection.Uri, notFoundId: "EndpointNotFound");
        }

        return null;
    }
}
