using System;
using System.Linq;
using System.Text.Json;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Cmdlets;

namespace RunAgents.PowerShell.Models;

/// <summary>What the platform said of one action of a plan: valid or not (a validation), or applied, failed, skipped or invalid (an apply).</summary>
public sealed class ActionPlanResult : PlatformObject
{
    /// <summary>The plan's id, as the platform echoed it.</summary>
    public string? PlanId { get; internal set; }

    /// <summary>The namespace or workspace the plan was validated or applied in.</summary>
    public string? Namespace { get; internal set; }

    /// <summary>The action's id.</summary>
    public string? Id { get; internal set; }

    /// <summary>The action's type.</summary>
    public string? Type { get; internal set; }

    /// <summary>The action's idempotency key.</summary>
    public string? IdempotencyKey { get; internal set; }

    /// <summary>applied, failed, skipped or invalid, after an apply; null after a validation.</summary>
    public string? Status { get; internal set; }

    /// <summary>True or false after a validation; null after an apply.</summary>
    public bool? Valid { get; internal set; }

    /// <summary>The path of what the action writes, as the platform gives it: <c>/tools/payments-api</c>.</summary>
    public string? ResourceRef { get; internal set; }

    /// <summary>The name of what the action writes: the last segment of <see cref="ResourceRef"/>.</summary>
    public string? ResourceName { get; internal set; }

    /// <summary>Why an applied action failed or was invalid.</summary>
    public string? Error { get; internal set; }

    /// <summary>What makes the action invalid, after a validation.</summary>
    public string[] Errors { get; internal set; } = Array.Empty<string>();

    /// <summary>What the platform warns of, after a validation.</summary>
    public string[] Warnings { get; internal set; } = Array.Empty<string>();

    /// <summary>What the action produced, as the platform gave it; null when nothing.</summary>
    public object? Output { get; internal set; }

    /// <summary>True for an action that failed or was invalid.</summary>
    public bool IsFailure => Valid == false || Status is "failed" or "invalid";

    /// <summary>The action and its outcome.</summary>
    public override string ToString() => $"{Type} {ResourceName ?? Id}: {Status ?? (Valid == true ? "valid" : "invalid")}";

    /// <summary>The result of one entry of an answer's <c>results</c>.</summary>
    internal static ActionPlanResult From(JsonElement item, string? planId, string? ns) => new()
    {
        PlanId = planId,
        Namespace = ns,
        Id = Text(item, "id"),
        Type = Text(item, "type"),
        IdempotencyKey = Text(item, "idempotency_key"),
        Status = Text(item, "status"),
        Valid = item.TryGetProperty("valid", out var valid) && valid.ValueKind is JsonValueKind.True or JsonValueKind.False ? valid.GetBoolean() : null,
        ResourceRef = Text(item, "resource_ref"),
        ResourceName = Text(item, "resource_ref") is { } path ? path.TrimEnd('/').Split('/').Last() : null,
        Error = Text(item, "error"),
        Errors = Texts(item, "errors"),
        Warnings = Texts(item, "warnings"),
        Output = item.TryGetProperty("output", out var output) && output.ValueKind != JsonValueKind.Null ? PSJson.ToPSObject(output) : null,
    };

    internal static string? Text(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? ServerText.Clean(text)
            : null;

    private static string[] Texts(JsonElement item, string name) =>
        item.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? ServerText.Clean(e.GetString()) ?? string.Empty : ServerText.Clean(e.GetRawText()) ?? string.Empty).ToArray()
            : Array.Empty<string>();
}
