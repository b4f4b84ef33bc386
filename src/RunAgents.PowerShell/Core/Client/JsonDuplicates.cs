using System;
using System.Collections.Generic;
using System.Text.Json;

namespace RunAgents.PowerShell.Client;

/// <summary>Finds a field given twice in a JSON document a user wrote (a deploy document, a resource's document).</summary>
internal static class JsonDuplicates
{
    /// <summary>
    /// The first field an object of <paramref name="element"/> has twice, with the path of that object (null for the
    /// top level); null when none has. The platform would keep one of the two and PowerShell the other, so what
    /// -WhatIf shows and what is sent could differ. Names that differ only in case count as the same, as PowerShell's
    /// properties and the platform's reader take them.
    /// </summary>
    public static (string? Parent, string Name)? Find(JsonElement element) => Find(element, new List<(string? Name, int Index)>(), new List<List<string>>());

    /// <remarks>
    /// The path is kept as its steps and made text only for the field found: most documents have none. The names of an
    /// object are kept in a list of its depth, reused from object to object; a name is looked for in it one by one,
    /// which for the few fields of an object costs less than a set made for each.
    /// </remarks>
    private static (string? Parent, string Name)? Find(JsonElement element, List<(string? Name, int Index)> path, List<List<string>> namesByDepth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                while (namesByDepth.Count <= path.Count)
                {
                    namesByDepth.Add(new List<string>());
                }

                var seen = namesByDepth[path.Count];
                seen.Clear();
                HashSet<string>? many = null;
                foreach (var property in element.EnumerateObject())
                {
                    var name = property.Name;
                    if (many is null && seen.Count == 32)
                    {
                        many = new HashSet<string>(seen, StringComparer.OrdinalIgnoreCase);
                    }

                    if (many is not null ? !many.Add(name) : Contains(seen, name))
                    {
                        return (Text(path), name);
                    }

                    seen.Add(name);
                    path.Add((name, 0));
                    var inner = Find(property.Value, path, namesByDepth);
                    path.RemoveAt(path.Count - 1);
                    if (inner is not null)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    path.Add((null, i++));
                    var inner = Find(item, path, namesByDepth);
                    path.RemoveAt(path.Count - 1);
                    if (inner is not null)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool Contains(List<string> names, string name)
    {
        foreach (var seen in names)
        {
            if (string.Equals(seen, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A path as text: <c>spec.capabilities[0]</c>; null for the top level.</summary>
    private static string? Text(List<(string? Name, int Index)> path)
    {
        if (path.Count == 0)
        {
            return null;
        }

        var text = new System.Text.StringBuilder();
        foreach (var (name, index) in path)
        {
            if (name is null)
            {
                text.Append('[').Append(index).Append(']');
            }
            else
            {
                text.Append(text.Length == 0 ? string.Empty : ".").Append(name);
            }
        }

        return text.ToString();
    }
}
