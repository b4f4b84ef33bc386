using System;
using System.Collections.Generic;
using System.Linq;

namespace RunAgents.PowerShell.Client;

/// <summary>What a field of a deploy body holds.</summary>
internal enum DeployFieldKind
{
    /// <summary>A string.</summary>
    Text,

    /// <summary>A whole number.</summary>
    Number,

    /// <summary>An array of strings.</summary>
    TextList,

    /// <summary>An object whose values are strings, under keys of the user's choosing (file names, URLs).</summary>
    TextMap,

    /// <summary>An object with the fields <see cref="DeployField.Fields"/>.</summary>
    Object,

    /// <summary>An array of objects, each with the fields <see cref="DeployField.Fields"/>.</summary>
    ObjectList,
}

/// <summary>One field of a deploy body, or of an object inside it.</summary>
internal sealed class DeployField
{
    public DeployField(string name, DeployFieldKind kind, bool required = false, params DeployField[] fields)
    {
        Name = name;
        Kind = kind;
        Required = required;
        Fields = fields;
    }

    /// <summary>The field's name, spelled as the API spells it.</summary>
    public string Name { get; }

    /// <summary>What it holds.</summary>
    public DeployFieldKind Kind { get; }

    /// <summary>True when the object that has this field must give it a value.</summary>
    public bool Required { get; }

    /// <summary>The fields of each object it holds; empty for the other kinds.</summary>
    public IReadOnlyList<DeployField> Fields { get; }

    /// <summary>The names of <see cref="Fields"/>, in the API's order.</summary>
    public string[] FieldNames => Fields.Select(f => f.Name).ToArray();
}

/// <summary>
/// The fields of the Deploy API's body (<c>POST /api/deploy</c>, <c>POST /deploy</c> on v1), as the platform documents
/// them: the one list that documents are checked against and that -Model and -NewTool read their keys from.
/// </summary>
/// <remarks>
/// The platform ignores a field it does not know, so a misspelt one (<c>requiredTools</c>) would deploy the agent
/// without what it names; the tools, which access is deny-by-default about, most of all. A field the platform adds
/// later belongs here.
/// </remarks>
internal static class DeployFields
{
    /// <summary>An <c>llm_configs</c> entry (and the single <c>llm_config</c> of the first API version).</summary>
    private static readonly DeployField[] s_model =
    {
        new("provider", DeployFieldKind.Text, required: true),
        new("model", DeployFieldKind.Text, required: true),
        new("role", DeployFieldKind.Text),
    };

    /// <summary>The body's fields, in the API's order.</summary>
    public static IReadOnlyList<DeployField> All { get; } = new DeployField[]
    {
        new("agent_name", DeployFieldKind.Text, required: true),
        new("namespace", DeployFieldKind.Text),
        new("image", DeployFieldKind.Text),
        new("source_files", DeployFieldKind.TextMap),
        new("artifact_id", DeployFieldKind.Text),
        new("draft_id", DeployFieldKind.Text),
        new("system_prompt", DeployFieldKind.Text),
        new("required_tools", DeployFieldKind.TextList),
        new("tool_url_mappings", DeployFieldKind.TextMap),
        new(
            "tools_to_create",
            DeployFieldKind.ObjectList,
            false,
            new DeployField("name", DeployFieldKind.Text, required: true),
            new DeployField("base_url", DeployFieldKind.Text, required: true),
            new DeployField("description", DeployFieldKind.Text),
            new DeployField("auth_type", DeployFieldKind.Text),
            new DeployField("port", DeployFieldKind.Number),
            new DeployField("scheme", DeployFieldKind.Text)),
        new("llm_configs", DeployFieldKind.ObjectList, false, s_model),
        new("llm_config", DeployFieldKind.Object, false, s_model),
        new(
            "env",
            DeployFieldKind.ObjectList,
            false,
            new DeployField("name", DeployFieldKind.Text, required: true),
            new DeployField("value", DeployFieldKind.Text)),
        new("requirements", DeployFieldKind.Text),
        new("entry_point", DeployFieldKind.Text),
        new("framework", DeployFieldKind.Text),
        new("identity_provider", DeployFieldKind.Text),
        new("policies", DeployFieldKind.TextList),
    };

    /// <summary>The fields that say what the agent runs; a deploy needs one of them.</summary>
    /// <remarks>The API documents the first three; a draft also holds the agent's source, and the platform takes it alone.</remarks>
    public static IReadOnlyList<string> Sources { get; } = new[] { "image", "source_files", "artifact_id", "draft_id" };

    /// <summary>The fields a source given on the command line replaces, as one: two of them would leave the platform to choose.</summary>
    public static IReadOnlyList<string> Alternatives { get; } = new[] { "image", "source_files", "artifact_id" };

    /// <summary>The names of the body's fields, in the API's order.</summary>
    public static string[] Names => All.Select(f => f.Name).ToArray();

    /// <summary>The field of that exact name; null when the body has none.</summary>
    public static DeployField? Find(string name) => All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));

    /// <summary>The fields of the objects that <paramref name="name"/> holds (<c>tools_to_create</c>, <c>llm_configs</c>, <c>env</c>).</summary>
    public static DeployField[] FieldsOf(string name) => Find(name)?.Fields.ToArray() ?? Array.Empty<DeployField>();
}
