using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Models;

/// <summary>What one agent's model has spent this period, against its monthly budget, as the platform estimates it.</summary>
public sealed class ModelSpendItem : PlatformObject
{
    private static readonly string[] s_modelled =
    {
        "agent_name", "agent", "agent_namespace", "namespace", "label", "role", "model_provider", "provider", "model",
        "monthly_budget_usd", "estimated_spend_usd", "remaining_budget_usd", "status", "period_start", "period_end",
    };

    /// <summary>The agent's name.</summary>
    public string Agent { get; private set; } = string.Empty;

    /// <summary>The agent's namespace.</summary>
    public string? Namespace { get; private set; }

    /// <summary>The label of the agent's model configuration.</summary>
    public string? Label { get; private set; }

    /// <summary>The role of the model in the agent: chat, embedding, classify or reranking.</summary>
    public string? Role { get; private set; }

    /// <summary>The name of the registered model provider the calls go to.</summary>
    public string? ModelProvider { get; private set; }

    /// <summary>The kind of provider, such as <c>openai</c>.</summary>
    public string? Provider { get; private set; }

    /// <summary>The model.</summary>
    public string? Model { get; private set; }

    /// <summary>The monthly budget in US dollars; null when the model has none (uncapped).</summary>
    public decimal? MonthlyBudgetUsd { get; private set; }

    /// <summary>The estimated spend this period, in US dollars.</summary>
    public decimal? EstimatedSpendUsd { get; private set; }

    /// <summary>What is left of the budget this period, in US dollars; null when the model has no budget.</summary>
    public decimal? RemainingBudgetUsd { get; private set; }

    /// <summary>Active, Near budget, Budget reached or Uncapped.</summary>
    public string? Status { get; private set; }

    /// <summary>When the budget period began, in UTC.</summary>
    public DateTimeOffset? PeriodStart { get; private set; }

    /// <summary>When the budget period ends, in UTC.</summary>
    public DateTimeOffset? PeriodEnd { get; private set; }

    /// <summary>The row's fields the module does not model, as plain values.</summary>
    public JsonFields AdditionalFields { get; private set; } = JsonFields.Empty;

    /// <summary><c>namespace/agent model: status</c>.</summary>
    public override string ToString() => $"{AgentPath.Identity(Namespace ?? string.Empty, Agent)} {Model}: {Status}";

    /// <summary>A row of the platform's answer; any shape of object is read, a field it lacks left null.</summary>
    internal static ModelSpendItem From(JsonElement row)
    {
        var extra = new Dictionary<string, JsonElement>();
        foreach (var field in row.EnumerateObject())
        {
            if (Array.IndexOf(s_modelled, field.Name) < 0)
            {
                extra[field.Name] = field.Value.Clone();
            }
        }

        return new ModelSpendItem
        {
            Agent = Text(row, "agent_name") ?? Text(row, "agent") ?? string.Empty,
            Namespace = Text(row, "agent_namespace") ?? Text(row, "namespace"),
            Label = Text(row, "label"),
            Role = Text(row, "role"),
            ModelProvider = Text(row, "model_provider"),
            Provider = Text(row, "provider"),
            Model = Text(row, "model"),
            MonthlyBudgetUsd = Money(row, "monthly_budget_usd"),
            EstimatedSpendUsd = Money(row, "estimated_spend_usd"),
            RemainingBudgetUsd = Money(row, "remaining_budget_usd"),
            Status = Text(row, "status"),
            PeriodStart = Time(row, "period_start"),
            PeriodEnd = Time(row, "period_end"),
            AdditionalFields = JsonFields.From(extra),
        };
    }

    /// <summary>A text field, safe to print; null when absent or not text.</summary>
    internal static string? Text(JsonElement item, string field) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? ServerText.Clean(value.GetString()) : null;

    /// <summary>An amount of money, or null when absent, null or not a number.</summary>
    internal static decimal? Money(JsonElement item, string field) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var amount) ? amount : null;

    /// <summary>A whole number, or null.</summary>
    internal static long? Count(JsonElement item, string field) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) ? count : null;

    /// <summary>A time in UTC, or null when absent or unreadable.</summary>
    internal static DateTimeOffset? Time(JsonElement item, string field) =>
        Text(item, field) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time.ToUniversalTime() : null;
}
