using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Configuration;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Applies a configuration folder to the platform, kind by kind in dependency order (identity providers, connectors,
/// tools, model providers, policies, agent config), each object with the Set-* semantics of its kind: created when
/// missing, updated when different, not written when the same. -Prune removes what the folder lacks, in reverse order,
/// asking before each removal (ConfirmImpact High) unless -Force. One result record per object.
/// </summary>
/// <remarks>
/// A failure of one object is an error and a Failed record, and the others go on (unless -ErrorAction Stop); an object
/// that names one that failed is not tried (Failed, with the reason). A folder with a file that cannot be read, or a
/// kind that cannot be read from the platform, sends no write at all. -WhatIf writes the plan Compare-RAConfiguration
/// writes, and sends no write.
/// </remarks>
[Cmdlet(VerbsData.Import, "RAConfiguration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpUris.Docs + "Import-RAConfiguration.md")]
[OutputType(typeof(ConfigurationResult), typeof(ConfigurationComparison))]
public sealed class ImportRAConfigurationCommand : ConfigurationCmdlet
{
    private bool _yesToAll;
    private bool _noToAll;

    /// <summary>Removes the objects the folder lacks, of the kinds the folder has (or -Resource names), in reverse order.</summary>
    [Parameter]
    public SwitchParameter Prune { get; set; }

    /// <summary>Removes without asking: each removal of -Prune otherwise asks (ConfirmImpact High).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var kinds = KindsOfFolder();
        if (Read(kinds) is not { } read)
        {
            return;
        }

        var (folder, platform) = read;
        if (platform.Count < kinds.Count)
        {
            WriteError(new ErrorRecord(
                new PSInvalidOperationException($"Nothing was applied: the platform's {string.Join(", ", kinds.Where(k => !platform.ContainsKey(k)).Select(k => k.Plural))} could not be read, so what to create, update or remove is not known."),
                "ConfigurationNotApplied",
                ErrorCategory.ReadError,
                Root));
            return;
        }

        var plan = Plan(kinds, folder, platform);
        var whatIf = WhatIfRequested();
        if (whatIf)
        {
            foreach (var item in plan)
            {
                WriteFromPlatform(Comparison(item), Context.Connection);
            }
        }

        // Each removal is asked for before anything is written: a session that cannot ask stops before the first write
        // (not halfway, with its records lost), and once the answers are given the work goes on without a pause.
        var removals = Prune
            ? plan.Where(p => p.State == ConfigurationDrift.Extra).OrderByDescending(p => p.Kind.Order).ThenByDescending(p => p.Name, StringComparer.Ordinal).ToList()
            : new List<PlannedObject>();
        var approved = new HashSet<PlannedObject>(removals.Where(item =>
            item.Kind.CanRemove && DependedOnBy(item, folder) is null && ShouldRemove(Target(item.Kind, item.Name), $"Remove {item.Kind.Noun} (not in the folder)")));

        var failed = new HashSet<(string Kind, string Name)>();
        foreach (var item in plan.Where(p => p.Desired is not null))
        {
            Apply(item, failed, whatIf);
        }

        foreach (var item in removals)
        {
            Remove(item, folder, approved.Contains(item));
        }

        if (!Prune)
        {
            foreach (var item in plan.Where(p => p.State == ConfigurationDrift.Extra))
            {
                WriteVerbose($"Left alone: {Target(item.Kind, item.Name)} is on the platform but not in the folder (-Prune removes it).");
            }
        }
    }

    private void Apply(PlannedObject item, HashSet<(string Kind, string Name)> failed, bool whatIf)
    {
        var kind = item.Kind;
        var desired = item.Desired!;
        if (kind.DependsOn(desired.Document).FirstOrDefault(failed.Contains) is { Kind: not null } dependency)
        {
            failed.Add((kind.Name, item.Name));
            var noun = ConfigurationKinds.ByName(dependency.Kind)?.Noun ?? dependency.Kind;
            Write(item, ConfigurationState.Failed, $"depends on {noun} '{ServerText.Clean(dependency.Name)}', which failed");
            return;
        }

        if (item.State == ConfigurationDrift.Same)
        {
            // -WhatIf writes the plan, not results.
            WriteVerbose($"Unchanged {Target(kind, item.Name)}: the platform already has what the folder says.");
            if (!whatIf)
            {
                Write(item, ConfigurationState.Unchanged);
            }

            return;
        }

        var action = item.State == ConfigurationDrift.Missing
            ? $"Create {kind.Noun}"
            : $"Update {kind.Noun} (changed: {string.Join(", ", item.Differences.Select(d => d.Path))})";
        if (!ShouldProcess(Target(kind, item.Name), action))
        {
            return;
        }

        ConfigurationState state;
        try
        {
            state = Call(() => kind.ApplyAsync(Context, desired, item.Current, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            failed.Add((kind.Name, item.Name));
            var record = ApiErrorRecord(e, item.State == ConfigurationDrift.Missing ? $"Cannot create {kind.Noun}" : $"Cannot update {kind.Noun}", ServerText.Clean(item.Name)!, notFoundId: kind.Name + "NotFound");
            Write(item, ConfigurationState.Failed, e.Message, record);
            WriteError(record);
            return;
        }
        catch (ConfigurationRefusedException e)
        {
            failed.Add((kind.Name, item.Name));
            var record = e.Record(item.Desired?.Path ?? item.Name);
            Write(item, ConfigurationState.Failed, e.Message, record);
            WriteError(record);
            return;
        }
        catch (ArgumentException e)
        {
            failed.Add((kind.Name, item.Name));
            var record = new ErrorRecord(e, "Invalid" + kind.Name, ErrorCategory.InvalidArgument, item.Desired?.Path ?? item.Name);
            Write(item, ConfigurationState.Failed, e.Message, record);
            WriteError(record);
            return;
        }

        WriteVerbose($"{state} {Target(kind, item.Name)}.");
        Write(item, state);
    }

    /// <summary>The object of the folder that names <paramref name="item"/>, which removing it would break; null when none does.</summary>
    private static ConfigurationObject? DependedOnBy(PlannedObject item, ConfigurationFolder folder) =>
        folder.Objects.FirstOrDefault(o => o.Kind.DependsOn(o.Document).Contains((item.Kind.Name, item.Name)));

    /// <param name="item">An object on the platform that the folder lacks.</param>
    /// <param name="folder">The folder.</param>
    /// <param name="approved">True when the user agreed to its removal (asked before any write).</param>
    private void Remove(PlannedObject item, ConfigurationFolder folder, bool approved)
    {
        var kind = item.Kind;
        if (!kind.CanRemove)
        {
            WriteVerbose($"Left alone: {Target(kind, item.Name)} is not in the folder, but the platform cannot remove {kind.Plural}.");
            return;
        }

        // Removing what the folder's own objects name would break them.
        if (DependedOnBy(item, folder) is ConfigurationObject user)
        {
            var reason = $"the folder's {user.Kind.Noun} '{ServerText.Clean(user.Name)}' names it: add the {kind.Noun} to the folder, or change the {user.Kind.Noun}";
            var record = new ErrorRecord(new PSInvalidOperationException($"Cannot remove {Target(kind, item.Name)}: {reason}."), "ConfigurationPruneDependedOn", ErrorCategory.InvalidOperation, item.Name);
            Write(item, ConfigurationState.Failed, reason, record);
            WriteError(record);
            return;
        }

        if (!approved)
        {
            return;
        }

        try
        {
            Call(() => kind.RemoveAsync(Context, item.Current!, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            var record = ApiErrorRecord(e, $"Cannot remove {kind.Noun}", ServerText.Clean(item.Name)!, notFoundId: kind.Name + "NotFound");
            Write(item, ConfigurationState.Failed, e.Message, record);
            WriteError(record);
            return;
        }
        catch (ConfigurationRefusedException e)
        {
            var record = e.Record(item.Name);
            Write(item, ConfigurationState.Failed, e.Message, record);
            WriteError(record);
            return;
        }

        WriteVerbose($"Removed {Target(kind, item.Name)}.");
        Write(item, ConfigurationState.Removed);
    }

    /// <summary>
    /// ShouldProcess for a removal, which is ConfirmImpact High in a cmdlet whose writes are Medium: with the default
    /// $ConfirmPreference (High) it asks, as Remove-* cmdlets do. -Force, -Confirm:$false or $ConfirmPreference None
    /// go on without asking; -WhatIf only reports; -Confirm or a lower $ConfirmPreference asks once (ShouldProcess).
    /// </summary>
    private bool ShouldRemove(string target, string action)
    {
        if (!ShouldProcess(target, action))
        {
            return false;
        }

        if (Force || MyInvocation.BoundParameters.ContainsKey("Confirm"))
        {
            return true;
        }

        if (SessionState.PSVariable.GetValue("ConfirmPreference") is ConfirmImpact preference && preference != ConfirmImpact.High)
        {
            // None: never ask; Low or Medium: ShouldProcess has just asked.
            return true;
        }

        try
        {
            return ShouldContinue($"{action}: {target}. It is on the platform but not in the configuration folder, and removing it cannot be undone.", "Confirm", ref _yesToAll, ref _noToAll);
        }
        catch (Exception e) when (e is HostException or PSInvalidOperationException)
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSInvalidOperationException($"Import-RAConfiguration -Prune asks before each removal, and this session cannot ask ({e.Message.TrimEnd('.')}). Pass -Force (or -Confirm:$false) to remove without asking, or -WhatIf to see what it would remove.", e),
                "ConfirmationRequired",
                ErrorCategory.InvalidOperation,
                target));
            return false;
        }
    }

    private void Write(PlannedObject item, ConfigurationState state, string? reason = null, ErrorRecord? error = null) =>
        WriteFromPlatform(
            new ConfigurationResult
            {
                Resource = item.Kind.Name,
                Name = item.Name,
                State = state,
                Differences = state is ConfigurationState.Updated or ConfigurationState.Failed ? ConfigurationComparison.Join(item.Differences) : ConfigurationComparison.NoDifferences,
                Reason = reason,
                Error = error,
                File = item.Desired?.Path,
            },
            Context.Connection);
}
