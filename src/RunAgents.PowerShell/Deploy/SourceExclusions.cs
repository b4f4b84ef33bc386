using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// What a source deploy leaves out: by default what a folder brings along that the agent never needs and that
/// may hold secrets (git's files, <c>.env</c> files, virtual environments, installed packages), and whatever
/// <c>-Exclude</c> names.
/// </summary>
internal sealed class SourceExclusions
{
    private static readonly Dictionary<string, string> s_defaultFolders = new(StringComparer.OrdinalIgnoreCase)
    {
        [".git"] = "git's own files",
        [".venv"] = "a Python virtual environment",
        ["venv"] = "a Python virtual environment",
        ["node_modules"] = "installed Node.js packages",
        ["__pycache__"] = "compiled Python files",
    };

    private readonly (string Text, WildcardPattern Pattern)[] _patterns;

    /// <param name="patterns">The -Exclude patterns: wildcards matched against an item's name and against its path relative to the folder given.</param>
    public SourceExclusions(IEnumerable<string>? patterns)
    {
        // Relative paths are keyed with forward slashes, so a pattern written with backslashes means the same.
        _patterns = (patterns ?? Array.Empty<string>())
            .Where(p => !string.IsNullOrEmpty(p))
            .Select(p => (p, new WildcardPattern(p.Replace('\\', '/').TrimEnd('/'), WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)))
            .ToArray();
    }

    /// <summary>Why <paramref name="name"/> (keyed <paramref name="key"/>, at <paramref name="path"/>) is left out, or null when it is sent.</summary>
    /// <param name="name">The file's or folder's own name.</param>
    /// <param name="key">Its path relative to the folder given, with forward slashes.</param>
    /// <param name="path">Where it is.</param>
    /// <param name="isDirectory">True for a folder.</param>
    /// <param name="byDefault">False for a path the user named, which only -Exclude leaves out.</param>
    public string? Why(string name, string key, string path, bool isDirectory, bool byDefault)
    {
        foreach (var (text, pattern) in _patterns)
        {
            if (pattern.IsMatch(name) || pattern.IsMatch(key))
            {
                return $"it matches -Exclude '{text}'";
            }
        }

        return byDefault ? Default(name, path, isDirectory) : null;
    }

    private static string? Default(string name, string path, bool isDirectory)
    {
        const string Suffix = ", left out by default";
        if (isDirectory)
        {
            if (s_defaultFolders.TryGetValue(name, out var what))
            {
                return what + Suffix;
            }

            // A virtual environment can have any name; the file Python writes at its top says what it is.
            return File.Exists(Path.Combine(path, "pyvenv.cfg")) ? "a Python virtual environment (it holds pyvenv.cfg)" + Suffix : null;
        }

        if (string.Equals(name, ".git", StringComparison.OrdinalIgnoreCase))
        {
            return "git's own file" + Suffix;
        }

        return string.Equals(name, ".env", StringComparison.OrdinalIgnoreCase) || name.StartsWith(".env.", StringComparison.OrdinalIgnoreCase)
            ? "a .env file, which holds secrets" + Suffix
            : null;
    }
}
