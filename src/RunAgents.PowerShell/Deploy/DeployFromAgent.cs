using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Turns an agent, as the Agents API describes it, into the deploy body that gives the platform that agent again:
/// <c>spec.image</c>, <c>spec.systemPrompt</c>, <c>spec.requiredTools</c>, <c>spec.llmConfig</c>, <c>spec.env</c>,
/// <c>spec.policies</c> and the identity provider's label become <c>image</c>, <c>system_prompt</c>,
/// <c>required_tools</c>, <c>llm_configs</c>, <c>env</c>, <c>policies</c> and <c>identity_provider</c>.
/// </summary>
/// <remarks>
/// The agent may be the object Get-RAAgent writes (live, or after Select-Object, Import-Clixml or a job), its -Raw
/// JSON text, or that text through ConvertFrom-Json: its fields are read by name, without regard to case, from
/// properties or dictionary keys alike. A deserialized copy may hold a nested value as its text only (a tool as its
/// name, a model as <c>provider/model</c>, a variable as <c>NAME=value</c>), which is read back the same way.
/// </remarks>
internal static class DeployFromAgent
{
    /// <summary>The label by which the platform says which identity provider an agent's users sign in with.</summary>
    public const string IdentityProviderLabel = "platform.ai/identity-provider";

    // The spec fields a deploy carries, and the one that holds the fields the module does not model.
    private static readonly string[] s_carried = { "image", "systemPrompt", "requiredTools", "llmConfig", "env", "policies", "additionalFields" };

    /// <summary>True when <paramref name="item"/> is an agent rather than a deploy document: it has a name and a spec, and no agent_name.</summary>
    public static bool IsAgent(PSObject item) =>
        Read(item, "agent_name") is null && Read(item, "name") is not null && Read(item, "spec") is { } spec && spec is not string;

    /// <summary>The deploy body of <paramref name="agent"/>, in the API's order.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="notCarried">Receives the spec fields the Deploy API has no field for (<c>spec.replicas</c>), which are not sent.</param>
    /// <exception cref="ArgumentException">The object has no spec to deploy from (after Select-Object left it out, say).</exception>
    public static Dictionary<string, object?> Body(PSObject agent, ICollection<string> notCarried)
    {
        var name = Text(Read(agent, "name"));
        var spec = Read(agent, "spec");
        if (spec is null)
        {
            throw new ArgumentException(
                $"The agent '{ValidateAgentNameAttribute.Printable(name)}' has no Spec, so its image, tools, models and policies are not known and a deploy would drop them. Pipe the agent as Get-RAAgent writes it, or its -Raw JSON.");
        }

        var body = new Dictionary<string, object?>(StringComparer.Ordinal) { ["agent_name"] = name };
        Set(body, "namespace", Text(Read(agent, "namespace")));
        Set(body, "image", Text(Read(spec, "image")));
        Set(body, "system_prompt", Text(Read(spec, "systemPrompt")));
        Set(body, "required_tools", Names(Read(spec, "requiredTools")));
        Set(body, "llm_configs", Model(Read(spec, "llmConfig")) is { } model ? new List<object?> { model } : null);
        Set(body, "env", Variables(Read(spec, "env")));
        Set(body, "identity_provider", Text(Read(Read(agent, "labels"), IdentityProviderLabel)));
        Set(body, "policies", Names(Read(spec, "policies") ?? Read(Read(spec, "additionalFields"), "policies")));

        foreach (var field in FieldNames(spec).Concat(FieldNames(Read(spec, "additionalFields"))))
        {
            if (!s_carried.Contains(field, StringComparer.OrdinalIgnoreCase) && !notCarried.Contains(field))
            {
                notCarried.Add(field);
            }
        }

        return body;
    }

    private static void Set(Dictionary<string, object?> body, string field, object? value)
    {
        if (value is not null)
        {
            body[field] = value;
        }
    }

    /// <summary>A field of an object or a dictionary by name, without regard to case; null when it has none.</summary>
    private static object? Read(object? value, string name)
    {
        switch (DeployCheck.Unwrap(value))
        {
            case null:
                return null;
            case IDictionary dictionary:
                foreach (var key in dictionary.Keys)
                {
                    if (string.Equals(key?.ToString(), name, StringComparison.OrdinalIgnoreCase))
                    {
                        return DeployCheck.Unwrap(dictionary[key!]);
                    }
                }

                return null;
            case string:
                return null;
            case var other:
                return DeployCheck.Unwrap(PSObject.AsPSObject(other).Properties[name]?.Value);
        }
    }

    /// <summary>The names of an object's fields: a dictionary's keys, or the properties of an object read from JSON or deserialized.</summary>
    private static IEnumerable<string> FieldNames(object? value) => DeployCheck.Unwrap(value) switch
    {
        null or string => Enumerable.Empty<string>(),
        IDictionary dictionary => dictionary.Keys.Cast<object>().Select(k => k.ToString() ?? string.Empty),
        var other => PSObject.AsPSObject(other).Properties.Where(p => p.IsGettable && p is PSProperty or PSNoteProperty).Select(p => p.Name),
    };

    private static string? Text(object? value) => DeployCheck.Unwrap(value) is string { Length: > 0 } text ? text : null;

    /// <summary>Tool or policy names: each item a name, or an object with one; null when there are none.</summary>
    private static List<object?>? Names(object? value)
    {
        var names = (DeployCheck.Items(DeployCheck.Unwrap(value)) ?? new List<object?>())
            .Select(item => DeployCheck.Unwrap(item) is string text ? text : Text(Read(item, "name")))
            .Where(n => n is not null)
            .Cast<object?>()
            .ToList();
        return names.Count > 0 ? names : null;
    }

    /// <summary>An <c>llm_configs</c> entry from <c>spec.llmConfig</c>; null when the agent has no model.</summary>
    private static Dictionary<string, object?>? Model(object? value)
    {
        string? provider;
        string? model;
        if (DeployCheck.Unwrap(value) is string text)
        {
            var slash = text.IndexOf('/');
            (provider, model) = slash > 0 ? (text.Substring(0, slash), text.Substring(slash + 1)) : (null, null);
        }
        else
        {
            (provider, model) = (Text(Read(value, "provider")), Text(Read(value, "model")));
        }

        return provider is null || model is null ? null : new Dictionary<string, object?> { ["provider"] = provider, ["model"] = model };
    }

    /// <summary>The <c>env</c> list from <c>spec.env</c>: each item an object with name and value, or <c>NAME=value</c>; null when there are none.</summary>
    private static List<object?>? Variables(object? value)
    {
        var variables = new List<object?>();
        foreach (var item in DeployCheck.Items(DeployCheck.Unwrap(value)) ?? new List<object?>())
        {
            string? name;
            object? text;
            if (DeployCheck.Unwrap(item) is string pair)
            {
                var equals = pair.IndexOf('=');
                (name, text) = equals > 0 ? (pair.Substring(0, equals), pair.Substring(equals + 1)) : (null, null);
            }
            else
            {
                (name, text) = (Text(Read(item, "name")), Read(item, "value"));
            }

            if (name is not null)
            {
                variables.Add(new Dictionary<string, object?> { ["name"] = name, ["value"] = text });
            }
        }

        return variables.Count > 0 ? variables : null;
    }
}
