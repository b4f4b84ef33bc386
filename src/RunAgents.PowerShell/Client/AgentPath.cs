using System;

namespace RunAgents.PowerShell.Client;

/// <summary>Checks and escapes agent names and namespaces, which the API takes as path segments.</summary>
public static class AgentPath
{
    /// <summary>The longest name Kubernetes accepts for an object, and so the longest the platform can hold.</summary>
    public const int MaxLength = 253;

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
}
