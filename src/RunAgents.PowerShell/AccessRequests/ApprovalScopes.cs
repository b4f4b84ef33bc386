using System;

namespace RunAgents.PowerShell.Models;

/// <summary>The names of <see cref="ApprovalScope"/> in the API (<c>once</c>, <c>run</c>, <c>agent_user_ttl</c>), both ways.</summary>
internal static class ApprovalScopes
{
    /// <summary>How the API names <paramref name="scope"/>.</summary>
    public static string ApiName(ApprovalScope scope) => scope switch
    {
        ApprovalScope.Once => "once",
        ApprovalScope.Run => "run",
        _ => "agent_user_ttl",
    };

    /// <summary>The scope <paramref name="text"/> names, as the module or the API writes it, in any case; false for anything else.</summary>
    public static bool TryParse(string? text, out ApprovalScope scope)
    {
        foreach (ApprovalScope known in Enum.GetValues(typeof(ApprovalScope)))
        {
            if (string.Equals(text, known.ToString(), StringComparison.OrdinalIgnoreCase) || string.Equals(text, ApiName(known), StringComparison.OrdinalIgnoreCase))
            {
                scope = known;
                return true;
            }
        }

        scope = default;
        return false;
    }

    /// <summary>
    /// The name -Scope takes for the scope <paramref name="text"/> names (<c>agent_user_ttl</c> is <c>Window</c>); a scope
    /// the module does not know, such as one the platform adds later, as the platform wrote it.
    /// </summary>
    public static string? Name(string? text) => TryParse(text, out var scope) ? scope.ToString() : text;
}
