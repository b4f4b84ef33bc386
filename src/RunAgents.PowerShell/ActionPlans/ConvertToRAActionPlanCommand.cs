using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Makes one action plan of the tools, model providers and policies piped in: an upsert action each, with an
/// idempotency key derived from what the action writes, so the same objects always make the same plan. Local: no
/// request is sent, and the plan names no platform.
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "RAActionPlan", HelpUri = HelpUris.Docs + "ConvertTo-RAActionPlan.md")]
[OutputType(typeof(ActionPlan))]
public sealed class ConvertToRAActionPlanCommand : PSCmdlet
{
    private readonly List<ActionPlanAction> _actions = new();

    /// <summary>Tools, model providers or policies from their Get- cmdlets, or their documents (with -Kind).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject[]? InputObject { get; set; }

    /// <summary>What documents that are not the module's objects describe: Tool, ModelProvider or Policy.</summary>
    [Parameter]
    [ValidateSet("Tool", "ModelProvider", "Policy")]
    public string? Kind { get; set; }

    /// <summary>The plan's id.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PlanId { get; set; }

    /// <summary>Has the platform go on with the next actions when one fails.</summary>
    [Parameter]
    public SwitchParameter ContinueOnError { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (var item in InputObject ?? Array.Empty<PSObject>())
        {
            if (Action(item) is ActionPlanAction action)
            {
                if (_actions.FirstOrDefault(a => a.Type == action.Type && a.Name == action.Name) is { } earlier)
                {
                    WriteError(new ErrorRecord(
                        new PSArgumentException(earlier.IdempotencyKey == action.IdempotencyKey
                            ? $"{action} is in the plan already."
                            : $"{action} is in the plan already, with other settings: give each object once."),
                        "DuplicateAction",
                        ErrorCategory.InvalidArgument,
                        item));
                    continue;
                }

                _actions.Add(action);
            }
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (_actions.Count > 0)
        {
            WriteObject(new ActionPlan(PlanId, ContinueOnError, _actions));
        }
    }

    private ActionPlanAction? Action(PSObject item)
    {
        var piped = PipedObject.From(item);
        var kindName = piped.ModelType switch
        {
            "Tool" or "ModelProvider" or "Policy" => piped.ModelType,
            "IdentityProvider" => null,
            _ => Kind,
        };

        if (kindName is null)
        {
            var why = piped.ModelType == "IdentityProvider"
                ? $"{piped.Subject()} cannot be in an action plan: the API has upsert actions for tools, model providers and policies only. Use Set-RAIdentityProvider -Connection <target>."
                : $"{piped.Subject()} is not a tool, model provider or policy: pipe them from Get-RATool, Get-RAModelProvider or Get-RAPolicy, or say what documents describe with -Kind.";
            WriteError(new ErrorRecord(new PSArgumentException(why), "InvalidInputObject", ErrorCategory.InvalidArgument, item));
            return null;
        }

        var kind = ResourceKind.All.First(k => k.Id == kindName);
        JsonObject body;
        try
        {
            body = ResourceDocument.ToBody(DocumentInput.From(item, $"the {kind.Noun}"), null, kind);
        }
        catch (ArgumentException e)
        {
            WriteError(new ErrorRecord(new PSArgumentException(e.Message, e), "InvalidInputObject", ErrorCategory.InvalidArgument, item));
            return null;
        }

        var parameters = ResourceDocument.Comparable(body, kind);
        var name = parameters["name"]!.GetValue<string>();
        if (kind.SecretFields.Any(body.ContainsKey))
        {
            WriteWarning($"The {kind.Noun} '{name}' has {string.Join(", ", kind.SecretFields.Where(body.ContainsKey))}, which are left out of the plan: a plan is data, kept and passed around. Set them on the target with Set-RA{kind.Id}.");
        }

        var type = kind.Id switch
        {
            "Tool" => "tool.upsert",
            "ModelProvider" => "model_provider.upsert",
            _ => "policy.upsert",
        };
        var key = $"{type}/{name}/{ActionPlan.Hash(parameters)}";
        return new ActionPlanAction($"{type.Split('.')[0]}-{name}", type, key, parameters);
    }
}
