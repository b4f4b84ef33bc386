using System;
using System.Collections.Generic;
using System.Text.Json;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Models;

/// <summary>One API key of the workspace, as the platform lists it: never its token, only its prefix and last four characters.</summary>
public sealed class WorkspaceApiKey : PlatformObject
{
    private static readonly string[] s_modelled = { "id", "name", "prefix", "last4", "createdAt", "lastUsedAt", "expiresAt" };

    /// <summary>The key's id, which Reset-RAApiKey and Remove-RAApiKey take.</summary>
    public string Id { get; private set; } = string.Empty;

    /// <summary>The name given when the key was created.</summary>
    public string Name { get; private set; } = string.Empty;

    /// <summary>
    /// The start of the token, as the platform shows it. For the key the connection itself uses it reads as the
    /// connection's masked hint (<c>****a1b2</c>): the module never shows a start of its own key.
    /// </summary>
    public string? Prefix { get; private set; }

    /// <summary>The last four characters of the token.</summary>
    public string? Last4 { get; private set; }

    /// <summary>When the key was created, in UTC.</summary>
    public DateTimeOffset? Created { get; private set; }

    /// <summary>When the key was last used, in UTC; null when never.</summary>
    public DateTimeOffset? LastUsed { get; private set; }

    /// <summary>When the key stops working, in UTC; null when it does not expire.</summary>
    public DateTimeOffset? Expires { get; private set; }

    /// <summary>True when this is the key the connection it was read with sends (its prefix and last four characters match).</summary>
    public bool IsConnectionKey { get; internal set; }

    /// <summary>The key's fields the module does not model, as plain values.</summary>
    public JsonFields AdditionalFields { get; private set; } = JsonFields.Empty;

    /// <summary>The key's JSON text as the platform sent it, for Get-RAApiKey -Raw.</summary>
    internal string? Json { get; set; }

    /// <summary><c>name (id)</c>.</summary>
    public override string ToString() => $"{Name} ({Id})";

    /// <summary>A key of the platform's list; any object is read, a field it lacks left null.</summary>
    internal static WorkspaceApiKey From(JsonElement item)
    {
        var extra = new Dictionary<string, JsonElement>();
        if (item.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in item.EnumerateObject())
            {
                if (Array.IndexOf(s_modelled, field.Name) < 0)
                {
                    extra[field.Name] = field.Value.Clone();
                }
            }
        }

        return new WorkspaceApiKey
        {
            Id = ModelSpendItem.Text(item, "id") ?? string.Empty,
            Name = ModelSpendItem.Text(item, "name") ?? string.Empty,
            Prefix = ModelSpendItem.Text(item, "prefix"),
            Last4 = ModelSpendItem.Text(item, "last4"),
            Created = ModelSpendItem.Time(item, "createdAt"),
            LastUsed = ModelSpendItem.Time(item, "lastUsedAt"),
            Expires = ModelSpendItem.Time(item, "expiresAt"),
            AdditionalFields = JsonFields.From(extra),
        };
    }
}

/// <summary>
/// A key just created or rotated: its metadata, and its token, which the platform shows this once. The token is a
/// SecureString unless -AsPlainText asked for text; nothing the module writes shows it.
/// </summary>
public sealed class IssuedApiKey : PlatformObject
{
    internal IssuedApiKey(WorkspaceApiKey key, object token, string header, RAConnection? connection)
    {
        Key = key;
        Token = token;
        Header = header;
        Connection = connection;
    }

    /// <summary>The key's metadata, as Get-RAApiKey lists it.</summary>
    public WorkspaceApiKey Key { get; }

    /// <summary>The key's id.</summary>
    public string Id => Key.Id;

    /// <summary>The key's name.</summary>
    public string Name => Key.Name;

    /// <summary>When the key stops working, in UTC; null when it does not expire.</summary>
    public DateTimeOffset? Expires => Key.Expires;

    /// <summary>The token: a SecureString, or a string with -AsPlainText. Shown once: store it now (a secret store, a CI variable).</summary>
    public object Token { get; }

    /// <summary>The header the token is sent in, such as <c>X-RunAgents-API-Key</c>.</summary>
    public string Header { get; }

    /// <summary>The connection made with the token (New-RAApiKey -Connect); null otherwise.</summary>
    public RAConnection? Connection { get; }

    /// <summary>The key's name and id, never its token.</summary>
    public override string ToString() => Key.ToString();
}
