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
    public static (string? Parent, string Name)? Find(JsonElement element) => Find(element, null);

    private static (string? Parent, string Name)? Find(JsonElement element, string? path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in element.EnumerateObject())
                {
                    if (!seen.Add(property.Name))
                    {
                        return (path, property.Name);
                    }

                    if (Find(property.Value, path is null ? property.Name : $"{path}.{property.Name}") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Find(item, $"{path}[{i++}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return null;
        }
    }
}
