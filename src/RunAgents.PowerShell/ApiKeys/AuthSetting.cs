using System;
using System.Collections.Generic;
using System.Text.Json;

namespace RunAgents.PowerShell.Models;

/// <summary>The workspace's authentication settings: how long an idle console session lasts, and about its API keys.</summary>
public sealed class AuthSetting : PlatformObject
{
    private static readonly string[] s_modelled =
    {
        "sessionIdleTimeoutMinutes", "minSessionIdleTimeoutMinutes", "maxSessionIdleTimeoutMinutes", "programmaticHeader",
        "apiKeyPrefix", "apiKeyCount", "oauthCallbackUrl",
    };

    /// <summary>How long a console session may stay idle before its user must sign in again.</summary>
    public TimeSpan? SessionIdleTimeout { get; private set; }

    /// <summary>The shortest idle timeout the platform accepts.</summary>
    public TimeSpan? MinSessionIdleTimeout { get; private set; }

    /// <summary>The longest idle timeout the platform accepts.</summary>
    public TimeSpan? MaxSessionIdleTimeout { get; private set; }

    /// <summary>The header programs send a workspace key in, such as <c>X-RunAgents-API-Key</c>.</summary>
    public string? ProgrammaticHeader { get; private set; }

    /// <summary>How every workspace key begins, such as <c>ra_ws_</c>.</summary>
    public string? ApiKeyPrefix { get; private set; }

    /// <summary>How many API keys the workspace has.</summary>
    public long? ApiKeyCount { get; private set; }

    /// <summary>Where an identity provider sends users back after signing in.</summary>
    public string? OAuthCallbackUrl { get; private set; }

    /// <summary>The settings' fields the module does not model, as plain values.</summary>
    public JsonFields AdditionalFields { get; private set; } = JsonFields.Empty;

    /// <summary>The settings' JSON text as the platform sent them, for Get-RAAuthSetting -Raw.</summary>
    internal string? Json { get; set; }

    /// <summary>The idle timeout, in words.</summary>
    public override string ToString() => $"Session idle timeout {SessionIdleTimeout}";

    /// <summary>The platform's answer; any object is read, a field it lacks left null.</summary>
    internal static AuthSetting From(JsonElement item)
    {
        var extra = new Dictionary<string, JsonElement>();
        foreach (var field in item.EnumerateObject())
        {
            if (Array.IndexOf(s_modelled, field.Name) < 0)
            {
                extra[field.Name] = field.Value.Clone();
            }
        }

        return new AuthSetting
        {
            SessionIdleTimeout = Minutes(item, "sessionIdleTimeoutMinutes"),
            MinSessionIdleTimeout = Minutes(item, "minSessionIdleTimeoutMinutes"),
            MaxSessionIdleTimeout = Minutes(item, "maxSessionIdleTimeoutMinutes"),
            ProgrammaticHeader = ModelSpendItem.Text(item, "programmaticHeader"),
            ApiKeyPrefix = ModelSpendItem.Text(item, "apiKeyPrefix"),
            ApiKeyCount = ModelSpendItem.Count(item, "apiKeyCount"),
            OAuthCallbackUrl = ModelSpendItem.Text(item, "oauthCallbackUrl"),
            AdditionalFields = JsonFields.From(extra),
        };
    }

    private static TimeSpan? Minutes(JsonElement item, string field) =>
        ModelSpendItem.Count(item, field) is long minutes && minutes >= 0 && minutes <= int.MaxValue ? TimeSpan.FromMinutes(minutes) : null;
}
