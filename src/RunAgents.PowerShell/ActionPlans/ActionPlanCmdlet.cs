using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Management.Automation;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>What Test- and Invoke-RAActionPlan share: reading plans from objects, JSON text, hashtables and files, and reporting results.</summary>
public abstract class ActionPlanCmdlet : RequestCmdlet
{
    private protected const string ByInputObjectSet = "ByInputObject";
    private protected const string ByPathSet = "ByPath";
    private protected const string ByLiteralPathSet = "ByLiteralPath";

    /// <summary>The plans: from ConvertTo-RAActionPlan, a hashtable or ConvertFrom-Json object in the API's shape, JSON text, or files (Get-ChildItem).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ByInputObjectSet)]
    [ValidateNotNull]
    public PSObject[]? InputObject { get; set; }

    /// <summary>JSON files of plans; wildcards allowed.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByPathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>JSON files of plans, taken as written.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByLiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[]? LiteralPath { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (var (plan, source) in Plans())
        {
            Process(plan, source, ActiveConnection);
        }
    }

    /// <summary>Sends one plan, read from <paramref name="source"/>, over <paramref name="connection"/>.</summary>
    private protected abstract void Process(ActionPlan plan, object source, RAConnection connection);

    /// <summary>The API of action plans on <paramref name="connection"/>.</summary>
    private protected static ActionPlansApi Api(RAConnection connection) => new(connection.Transport);

    /// <summary>The error of a platform that answered 404 or 405 at the action-plans route.</summary>
    private protected static ErrorRecord NotSupported(RunAgentsApiException e, RAConnection connection)
    {
        var hint = connection.Api switch
        {
            ApiGeneration.Namespaced => "the root API's route for it, which no contract documents. Connect to the platform's v1 API (its URI ending in /api/v1/workspaces/<workspace>) to use action plans.",
            _ when connection.Workspace is null => "The action-plans contract lists the trial base and the workspace base (…/api/v1/workspaces/<workspace>), not a company's default base: connect with the workspace in the URI.",
            _ => "This platform has no action plans.",
        };
        return new ErrorRecord(
            new PSNotSupportedException($"The platform at {connection.Uri} has no action plans: it answered {e.StatusCode} to {e.Method} {e.RequestUri.AbsolutePath}; {hint}", e),
            connection.Api == ApiGeneration.Namespaced ? "NotSupportedOnGeneration" : "ActionPlansNotSupported",
            ErrorCategory.InvalidOperation,
            connection.Uri);
    }

    /// <summary>Writes each result, remembering its connection; a failed or invalid action is also an error.</summary>
    private protected void WriteResults(IEnumerable<ActionPlanResult> results, RAConnection connection, bool errors = true)
    {
        foreach (var result in results)
        {
            WriteFromPlatform(result, connection);
            if (errors && result.IsFailure)
            {
                var why = result.Error ?? (result.Errors.Length > 0 ? string.Join("; ", result.Errors) : "the platform gave no reason");
                var id = result.Status == "failed" ? "ActionFailed" : "ActionInvalid";
                var verb = result.Status == "failed" ? "failed" : "is invalid";
                WriteError(new ErrorRecord(
                    new InvalidOperationException($"Action {result.Id} ({result.Type}{(result.ResourceName is { } name ? $" '{name}'" : string.Empty)}) {verb}: {why}"),
                    id,
                    result.Status == "failed" ? ErrorCategory.InvalidOperation : ErrorCategory.InvalidData,
                    result));
            }
        }
    }

    private IEnumerable<(ActionPlan Plan, object Source)> Plans()
    {
        if (InputObject is not null)
        {
            foreach (var item in InputObject)
            {
                if (Read(item) is ActionPlan plan)
                {
                    yield return (plan, item);
                }
            }

            yield break;
        }

        foreach (var file in Files())
        {
            if (FromFile(file) is ActionPlan plan)
            {
                yield return (plan, file);
            }
        }
    }

    private IEnumerable<string> Files()
    {
        if (LiteralPath is not null)
        {
            foreach (var path in LiteralPath)
            {
                yield return SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            }

            yield break;
        }

        foreach (var path in Path ?? Array.Empty<string>())
        {
            Collection<string>? resolved = null;
            try
            {
                resolved = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _);
            }
            catch (ItemNotFoundException e)
            {
                WriteError(new ErrorRecord(e, "PlanFileNotFound", ErrorCategory.ObjectNotFound, path));
            }

            foreach (var file in resolved ?? new Collection<string>())
            {
                yield return file;
            }
        }
    }

    private ActionPlan? Read(PSObject item)
    {
        var value = item.BaseObject;
        if (value is ActionPlan plan)
        {
            return plan;
        }

        if (value is FileInfo file)
        {
            return FromFile(file.FullName);
        }

        if (value is not (string or IDictionary or PSCustomObject))
        {
            WriteError(new ErrorRecord(
                new PSArgumentException($"A {value.GetType().Name} is not an action plan: give the output of ConvertTo-RAActionPlan, a plan as a hashtable, ConvertFrom-Json object or JSON text ({{\"actions\": [...]}}), or its file."),
                "InvalidActionPlan",
                ErrorCategory.InvalidArgument,
                item));
            return null;
        }

        try
        {
            return ActionPlan.From(DocumentInput.From(item, "the plan"), "the plan");
        }
        catch (ArgumentException e)
        {
            WriteError(new ErrorRecord(new PSArgumentException(e.Message, e), "InvalidActionPlan", ErrorCategory.InvalidArgument, item));
            return null;
        }
    }

    private ActionPlan? FromFile(string path)
    {
        if (!File.Exists(path))
        {
            WriteError(new ErrorRecord(new ItemNotFoundException($"Cannot find the plan file '{path}'."), "PlanFileNotFound", ErrorCategory.ObjectNotFound, path));
            return null;
        }

        try
        {
            JsonObject document = DocumentInput.FromFile(this, path);
            return ActionPlan.From(document, $"the plan in '{path}'");
        }
        catch (ArgumentException e)
        {
            WriteError(new ErrorRecord(new PSArgumentException(e.Message, e), "InvalidActionPlan", ErrorCategory.InvalidArgument, path));
            return null;
        }
    }
}
