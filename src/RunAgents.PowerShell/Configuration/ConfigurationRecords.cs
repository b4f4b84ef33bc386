using System;
using System.Management.Automation;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Configuration;

/// <summary>
/// Where one object stands between a configuration folder and a platform: what Compare-RAConfiguration writes, and
/// Import-RAConfiguration -WhatIf. Its default view reads as a plan: <c>+</c> created, <c>~</c> updated, <c>-</c>
/// removed by -Prune, <c>=</c> the same.
/// </summary>
public sealed class ConfigurationComparison : PlatformObject
{
    /// <summary>The kind of the object, as -Resource names it: <c>Tool</c>, <c>Policy</c>...</summary>
    public string Resource { get; set; } = string.Empty;

    /// <summary>The object's name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Same, Missing (in the folder only), Extra (on the platform only) or Different.</summary>
    public ConfigurationDrift State { get; set; }

    /// <summary>
    /// Where the folder and the platform differ (Different only): a JSON path, the folder's value and the platform's; as
    /// text (Export-Csv, a string), <c>path: platform -&gt; folder</c> each, joined by <c>; </c>.
    /// </summary>
    public JoinedList<ConfigurationDifference> Differences { get; set; } = NoDifferences;

    /// <summary>
    /// What Import-RAConfiguration does with the object: <c>create</c>, <c>update</c>, <c>remove with -Prune</c>, nothing
    /// for one that is the same; for what it cannot do, why (<c>keep: ...</c>, <c>fail: ...</c>).
    /// </summary>
    public string Action { get; set; } = string.Empty;

    /// <summary>The folder's file of the object; null for an object the folder lacks.</summary>
    public string? File { get; set; }

    /// <summary>The plan's line: <c>~ Policy read-only</c>.</summary>
    public override string ToString() => $"{Mark(State)} {Resource} {Name}";

    /// <summary>No differences.</summary>
    internal static JoinedList<ConfigurationDifference> NoDifferences { get; } = Join(Array.Empty<ConfigurationDifference>());

    /// <summary>Differences as a record keeps them: a list whose text is every difference's, so that a CSV cell reads.</summary>
    internal static JoinedList<ConfigurationDifference> Join(ConfigurationDifference[] differences) => new(differences, "; ");

    internal static string Mark(ConfigurationDrift state) => state switch
    {
        ConfigurationDrift.Missing => "+",
        ConfigurationDrift.Different => "~",
        ConfigurationDrift.Extra => "-",
        _ => "=",
    };
}

/// <summary>What Import-RAConfiguration did with one object.</summary>
public sealed class ConfigurationResult : PlatformObject
{
    /// <summary>The kind of the object, as -Resource names it: <c>Tool</c>, <c>Policy</c>...</summary>
    public string Resource { get; set; } = string.Empty;

    /// <summary>The object's name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Created, Updated, Unchanged, Removed (by -Prune) or Failed.</summary>
    public ConfigurationState State { get; set; }

    /// <summary>What an update changed (Updated), or would have (Failed): a JSON path, the folder's value and the platform's; as text, as Compare's.</summary>
    public JoinedList<ConfigurationDifference> Differences { get; set; } = ConfigurationComparison.NoDifferences;

    /// <summary>Why it failed (Failed only): the platform's answer, or the object it depends on that failed.</summary>
    public string? Reason { get; set; }

    /// <summary>The error written for a failed write (Failed only; none for an object skipped because what it depends on failed).</summary>
    public ErrorRecord? Error { get; set; }

    /// <summary>The folder's file of the object; null for an object removed by -Prune.</summary>
    public string? File { get; set; }

    /// <summary>The object and what was done: <c>Created Tool stripe-api</c>.</summary>
    public override string ToString() => $"{State} {Resource} {Name}";
}

/// <summary>Where an object stands between a folder and a platform (Compare-RAConfiguration's State).</summary>
public enum ConfigurationDrift
{
    /// <summary>Folder and platform agree.</summary>
    Same,

    /// <summary>In the folder, not on the platform: Import creates it.</summary>
    Missing,

    /// <summary>On the platform, not in the folder: Import -Prune removes it.</summary>
    Extra,

    /// <summary>In both, with differences: Import updates it.</summary>
    Different,
}

/// <summary>What Import-RAConfiguration did with one object (its result record's State).</summary>
public enum ConfigurationState
{
    /// <summary>Created on the platform.</summary>
    Created,

    /// <summary>Updated: the fields that differed were written.</summary>
    Updated,

    /// <summary>The platform already had it: nothing written.</summary>
    Unchanged,

    /// <summary>Removed by -Prune.</summary>
    Removed,

    /// <summary>Not applied: the write failed, or an object it depends on failed (then it was not tried).</summary>
    Failed,
}

/// <summary>One difference between a folder's document and the platform's: a JSON path, the folder's value and the platform's.</summary>
public sealed class ConfigurationDifference
{
    /// <summary>The JSON path of the field, such as <c>spec.connection.baseUrl</c>.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>The folder's value as compact JSON; null when the folder lacks the field.</summary>
    public string? Folder { get; set; }

    /// <summary>The platform's value as compact JSON; null when the platform lacks the field.</summary>
    public string? Platform { get; set; }

    /// <inheritdoc/>
    public override string ToString() => $"{Path}: {Platform ?? "(none)"} -> {Folder ?? "(none)"}";
}
