using System;
using System.Linq;
using System.Text;

namespace RunAgents.PowerShell.Client;

/// <summary>Checks and escapes agent names and namespaces, which the API takes as path segments.</summary>
public static class AgentPath
{
    /// <summary>The longest name Kubernetes accepts for an object, and so the longest the platform can hold.</summary>
    public const int MaxLength = 253;

    /// <summary>The longest name of an agent or namespace that a deploy creates: a DNS label.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>How an agent is named in messages and targets: <c>namespace/name</c>, or the name alone where no namespace is known (v1 addresses agents by name).</summary>
    public static string Identity(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : ns + "/" + name;

    /// <summary>Returns why <paramref name="value"/> cannot be a name or namespace, or null when it can.</summary>
    /// <param name="value">The candidate name or namespace.</param>
    public static string? Problem(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "it is empty";
        }

        if (value!.Length > MaxLength)
        {
            return $"it is {value.Length} characters long, more than the {MaxLength} a name can have";
        }

        if (value.IndexOf('/') >= 0 || value.IndexOf('\\') >= 0)
        {
            return "it contains a slash, and a name is a single path segment";
        }

        if (value.IndexOf("..", StringComparison.Ordinal) >= 0)
        {
            return "it contains '..'";
        }

        // A URI drops a "." segment, so the request would go to another path than the one meant.
        if (value == ".")
        {
            return "it is '.', which a URL drops as a path segment";
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return $"it contains the control character U+{(int)c:X4}";
            }
        }

        if (value.Trim().Length == 0)
        {
            return "it is only white space";
        }

        return null;
    }

    /// <summary>
    /// Returns why <paramref name="value"/> cannot be the name of an agent or a namespace that a deploy creates, or
    /// null when it can. The platform runs agents as Kubernetes objects, whose names (and namespaces) must be DNS
    /// labels: at most 63 lowercase letters, digits and '-', starting and ending with a letter or a digit.
    /// </summary>
    /// <param name="value">The candidate name or namespace.</param>
    public static string? LabelProblem(string? value)
    {
        if (Problem(value) is string problem)
        {
            return problem;
        }

        if (value!.Length > MaxLabelLength)
        {
            return $"it is {value.Length} characters long, more than the {MaxLabelLength} of a DNS label";
        }

        foreach (var c in value)
        {
            if (!IsLabelCharacter(c))
            {
                return c switch
                {
                    ' ' => "it contains a space",
                    >= 'A' and <= 'Z' => "it contains capital letters",
                    _ => $"it contains '{c}'",
                };
            }
        }

        if (value[0] == '-' || value[value.Length - 1] == '-')
        {
            return $"it {(value[0] == '-' ? "starts" : "ends")} with '-'";
        }

        return null;
    }

    /// <summary>
    /// <paramref name="value"/> as a DNS label, for a hint: lowercase, with spaces, '_' and '.' as '-'; null when it
    /// holds anything else, which no rewriting would make the name that was meant.
    /// </summary>
    public static string? AsLabel(string value)
    {
        if (value.Any(c => !(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or ' ')))
        {
            return null;
        }

        var builder = new StringBuilder(value.Length);
        foreach (var c in value.Trim().ToLowerInvariant())
        {
            var kept = IsLabelCharacter(c) ? c : '-';
            if (kept != '-' || (builder.Length > 0 && builder[builder.Length - 1] != '-'))
            {
                builder.Append(kept);
            }
        }

        var label = builder.ToString().Trim('-');
        return label.Length > 0 && label.Length <= MaxLabelLength && label != value ? label : null;
    }

    private static bool IsLabelCharacter(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-';
}
