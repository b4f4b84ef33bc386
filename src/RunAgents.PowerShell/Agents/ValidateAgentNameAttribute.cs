using System.Collections;
using System.Management.Automation;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Refuses, at parameter binding and so before any request, a value that cannot be an agent name or
/// namespace: empty, a slash, <c>..</c> or a lone <c>.</c>, a control character, or longer than 253 characters.
/// </summary>
public sealed class ValidateAgentNameAttribute : ValidateArgumentsAttribute
{
    /// <summary>What the value names, for the message: <c>agent name or namespace</c> unless told otherwise.</summary>
    public string What { get; set; } = "agent name or namespace";

    /// <inheritdoc/>
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        if (arguments is string single)
        {
            Check(single, What);
            return;
        }

        if (arguments is IEnumerable many)
        {
            foreach (var item in many)
            {
                Check(item as string ?? item?.ToString(), What);
            }

            return;
        }

        Check(arguments?.ToString(), What);
    }

    private static void Check(string? value, string what)
    {
        if (AgentPath.Problem(value) is string problem)
        {
            throw new ValidationMetadataException($"'{Printable(value)}' is not a valid {what}: {problem}.");
        }
    }

    /// <summary>The value as a message can show it: at most 60 characters, control characters escaped.</summary>
    internal static string Printable(string? value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        var shown = value.Length > 60 ? value.Substring(0, 60) + "..." : value;
        var builder = new System.Text.StringBuilder(shown.Length);
        foreach (var c in shown)
        {
            builder.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return builder.ToString();
    }
}
