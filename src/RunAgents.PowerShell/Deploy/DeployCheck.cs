using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Checks a deploy body against the API's fields (<see cref="DeployFields"/>) before anything is sent, so that
/// neither a deploy nor -WhatIf goes ahead with a body the platform would refuse, or would quietly read otherwise.
/// </summary>
/// <remarks>
/// Every problem is an <see cref="ArgumentException"/> whose message says what is wrong and how to say it right; a
/// <see cref="DeployNameException"/> when the agent's name or namespace is at fault.
/// </remarks>
internal static class DeployCheck
{
    /// <summary>Checks every field of <paramref name="body"/>, then that it names a valid agent and what the agent runs.</summary>
    /// <exception cref="ArgumentException">The body cannot be sent; the message says why.</exception>
    public static void Check(IDictionary<string, object?> body)
    {
        foreach (var pair in body)
        {
            var field = DeployFields.Find(pair.Key) ?? throw Unknown(pair.Key, null, DeployFields.Names);
            CheckValue(field, pair.Value, field.Name);
        }

        CheckName(body, "agent_name", "agent name");
        CheckName(body, "namespace", "namespace");
        if (!DeployFields.Sources.Any(source => body.TryGetValue(source, out var value) && HasContent(value)))
        {
            throw new ArgumentException(
                "The deployment says nothing for the agent to run: give -Image (or, without a piped document, -Path, -ArtifactId or -DraftId), or image, source_files, artifact_id or draft_id in the document.");
        }
    }

    /// <summary>A field name of a document as messages show it: control characters escaped, at most 60 characters.</summary>
    internal static string Shown(string name) => ValidateAgentNameAttribute.Printable(name);

    private static void CheckName(IDictionary<string, object?> body, string field, string what)
    {
        if (!body.TryGetValue(field, out var value) || Unwrap(value) is not string name)
        {
            if (field == "agent_name")
            {
                throw new ArgumentException("The deployment names no agent: give -Name, or agent_name in the document.");
            }

            return;
        }

        if (AgentPath.LabelProblem(name) is string problem)
        {
            var hint = AgentPath.Problem(name) is null && AgentPath.AsLabel(name) is string label ? $" Perhaps '{label}'?" : string.Empty;
            throw new DeployNameException(
                $"'{ValidateAgentNameAttribute.Printable(name)}' cannot be the {what} of a deploy: {problem}. The platform names agents and namespaces as DNS labels: "
                + $"at most {AgentPath.MaxLabelLength} lowercase letters, digits and '-', starting and ending with a letter or a digit.{hint}");
        }
    }

    private static void CheckValue(DeployField field, object? item, string path)
    {
        var value = Unwrap(item);
        if (value is null)
        {
            if (field.Required)
            {
                throw new ArgumentException($"{path} is required, but it is null.");
            }

            return;
        }

        switch (field.Kind)
        {
            case DeployFieldKind.Text:
                if (value is not string text)
                {
                    throw WrongType(path, value, "text");
                }

                if (field.Required && text.Trim().Length == 0)
                {
                    throw new ArgumentException($"{path} is required, but it is empty.");
                }

                return;
            case DeployFieldKind.Number:
                if (value is not (int or long or short or byte or sbyte or ushort or uint))
                {
                    throw WrongType(path, value, "a whole number");
                }

                return;
            case DeployFieldKind.TextList:
                var items = Items(value) ?? throw WrongType(path, value, $"a list of names, such as @('a', 'b') or [\"a\", \"b\"]");
                for (var i = 0; i < items.Count; i++)
                {
                    if (Unwrap(items[i]) is not string)
                    {
                        throw WrongType($"{path}[{i}]", Unwrap(items[i]), "text");
                    }
                }

                return;
            case DeployFieldKind.TextMap:
                var map = Fields(value) ?? throw WrongType(path, value, "an object of names and texts");
                foreach (var pair in map)
                {
                    if (Unwrap(pair.Value) is not string)
                    {
                        throw WrongType($"{path}['{Shown(pair.Key)}']", Unwrap(pair.Value), "text");
                    }
                }

                return;
            case DeployFieldKind.Object:
                CheckObject(field, value, path);
                return;
            case DeployFieldKind.ObjectList:
                var entries = Items(value) ?? throw WrongType(path, value, "a list of objects");
                for (var i = 0; i < entries.Count; i++)
                {
                    CheckObject(field, Unwrap(entries[i]), $"{path}[{i}]");
                }

                return;
        }
    }

    private static void CheckObject(DeployField field, object? value, string path)
    {
        var fields = Fields(value) ?? throw WrongType(path, value, $"an object with {string.Join(", ", field.FieldNames)}");
        foreach (var pair in fields)
        {
            var inner = field.Fields.FirstOrDefault(f => string.Equals(f.Name, pair.Key, StringComparison.Ordinal))
                ?? throw Unknown(pair.Key, path, field.FieldNames);
            CheckValue(inner, pair.Value, $"{path}.{inner.Name}");
        }

        var missing = field.Fields.Where(f => f.Required && !fields.Any(pair => pair.Key == f.Name)).Select(f => f.Name).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"{path} has no {string.Join(" or ", missing)}; each of {field.Name} needs {string.Join(" and ", field.Fields.Where(f => f.Required).Select(f => f.Name))}.");
        }
    }

    private static ArgumentException Unknown(string name, string? path, string[] known)
    {
        var where = path is null ? "The deploy document has" : $"{path} has";
        var nearest = NearestName.Of(name, known) is string guess ? $" Did you mean '{guess}'?" : string.Empty;
        return new ArgumentException(
            $"{where} a field the Deploy API does not know, '{Shown(name)}', which the platform would ignore without a word.{nearest} "
            + $"The fields are {string.Join(", ", known)}.");
    }

    private static ArgumentException WrongType(string path, object? value, string expected) =>
        new($"{path} must be {expected}, not {Describe(value)}.");

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string => "text",
        PSObject => "an object",
        IDictionary => "a hashtable",
        IEnumerable => "a list",
        bool => "a boolean",
        int or long or short or byte or sbyte or ushort or uint or ulong or float or double or decimal => "a number",
        _ => $"a {value.GetType().Name}",
    };

    /// <summary>True for a value that says something: not null, not empty text, not an empty object.</summary>
    private static bool HasContent(object? item) => Unwrap(item) switch
    {
        null => false,
        string text => text.Trim().Length > 0,
        var value => Fields(value) is not { } fields || fields.Count > 0,
    };

    /// <summary>The value PowerShell wraps, except a PSCustomObject, which is its own properties.</summary>
    internal static object? Unwrap(object? item) => item is PSObject { BaseObject: not PSCustomObject } wrapped ? wrapped.BaseObject : item;

    /// <summary>The items of an array or list; null for anything else (text, an object, a hashtable).</summary>
    internal static IList<object?>? Items(object? value) =>
        value is IEnumerable sequence and not string and not IDictionary and not PSObject ? sequence.Cast<object?>().ToList() : null;

    /// <summary>The fields of a hashtable or an object, in order; null for anything else.</summary>
    internal static List<KeyValuePair<string, object?>>? Fields(object? value) => value switch
    {
        IDictionary dictionary => dictionary.Keys.Cast<object>().Select(k => new KeyValuePair<string, object?>(k.ToString() ?? string.Empty, dictionary[k])).ToList(),
        PSObject custom => custom.Properties.Select(p => new KeyValuePair<string, object?>(p.Name, p.Value)).ToList(),
        _ => null,
    };
}
