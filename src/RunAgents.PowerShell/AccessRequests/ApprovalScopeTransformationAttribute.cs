using System.Management.Automation;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Reads the -Scope of an approval from the names -Scope takes (Once, Run, Window) and from the API's own (once, run,
/// agent_user_ttl), so that a request's Scope, a CSV row or the platform's JSON can be passed back as it is; empty text
/// (a CSV cell of a request never decided) is no scope.
/// </summary>
public sealed class ApprovalScopeTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc/>
    /// <exception cref="ArgumentTransformationMetadataException">The text names no scope the module knows.</exception>
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is not string text)
        {
            return value;
        }

        if (text.Trim().Length == 0)
        {
            return null;
        }

        return ApprovalScopes.TryParse(text.Trim(), out var scope)
            ? scope
            : throw new ArgumentTransformationMetadataException(
                $"'{ValidateAgentNameAttribute.Printable(text)}' is not a scope this module can approve with: -Scope takes Once, Run or Window (the API's once, run and agent_user_ttl).");
    }
}
