using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace RunAgents.PowerShell.Models;

/// <summary>The platform's model spend this period: its totals against the budgets, the rows near or at their budget, and the rows that spend most.</summary>
public sealed class ModelSpend : PlatformObject
{
    private static readonly string[] s_modelled =
    {
        "total_estimated_spend_usd", "total_budget_usd", "remaining_budget_usd", "budgeted_model_count", "near_budget_count",
        "blocked_count", "uncapped_spend_usd", "period_start", "period_end",
    };

    /// <summary>The estimated spend of every agent's models this period, in US dollars.</summary>
    public decimal? TotalEstimatedSpendUsd { get; private set; }

    /// <summary>The sum of the monthly budgets, in US dollars.</summary>
    public decimal? TotalBudgetUsd { get; private set; }

    /// <summary>What is left of the budgets this period, in US dollars.</summary>
    public decimal? RemainingBudgetUsd { get; private set; }

    /// <summary>The spend of the models without a budget, in US dollars.</summary>
    public decimal? UncappedSpendUsd { get; private set; }

    /// <summary>How many agents' models have a budget.</summary>
    public long? BudgetedModelCount { get; private set; }

    /// <summary>How many are near their budget.</summary>
    public long? NearBudgetCount { get; private set; }

    /// <summary>How many have reached their budget, and are blocked.</summary>
    public long? BlockedCount { get; private set; }

    /// <summary>When the budget period began, in UTC.</summary>
    public DateTimeOffset? PeriodStart { get; private set; }

    /// <summary>When the budget period ends, in UTC.</summary>
    public DateTimeOffset? PeriodEnd { get; private set; }

    /// <summary>The rows near or at their budget; its text is the rows joined by <c>"; "</c>.</summary>
    public JoinedList<ModelSpendItem> Warnings { get; private set; } = new(Array.Empty<ModelSpendItem>(), "; ");

    /// <summary>The rows that spend most, most first; its text is the rows joined by <c>"; "</c>.</summary>
    public JoinedList<ModelSpendItem> TopModels { get; private set; } = new(Array.Empty<ModelSpendItem>(), "; ");

    /// <summary>The summary's fields the module does not model, as plain values.</summary>
    public JsonFields AdditionalFields { get; private set; } = JsonFields.Empty;

    /// <summary>The answer's JSON text as the server sent it (the key scrubbed, control characters shown), for -Raw.</summary>
    internal string? Json { get; set; }

    /// <summary>The estimated spend against the budget.</summary>
    public override string ToString() => $"{TotalEstimatedSpendUsd} USD of {TotalBudgetUsd} USD";

    /// <summary>The same summary, with only the rows <paramref name="keep"/> keeps; the totals stay the platform's, for every agent.</summary>
    internal ModelSpend Only(Func<ModelSpendItem, bool> keep)
    {
        var copy = (ModelSpend)MemberwiseClone();
        copy.Warnings = new JoinedList<ModelSpendItem>(Warnings.Where(keep).ToList(), "; ");
        copy.TopModels = new JoinedList<ModelSpendItem>(TopModels.Where(keep).ToList(), "; ");
        return copy;
    }

    /// <summary>The summary of the platform's answer, with the rows given.</summary>
    internal static ModelSpend From(JsonElement summary, IList<ModelSpendItem> warnings, IList<ModelSpendItem> topModels)
    {
        var extra = new Dictionary<string, JsonElement>();
        if (summary.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in summary.EnumerateObject().Where(f => Array.IndexOf(s_modelled, f.Name) < 0))
            {
                extra[field.Name] = field.Value.Clone();
            }
        }

        return new ModelSpend
        {
            TotalEstimatedSpendUsd = ModelSpendItem.Money(summary, "total_estimated_spend_usd"),
            TotalBudgetUsd = ModelSpendItem.Money(summary, "total_budget_usd"),
            RemainingBudgetUsd = ModelSpendItem.Money(summary, "remaining_budget_usd"),
            UncappedSpendUsd = ModelSpendItem.Money(summary, "uncapped_spend_usd"),
            BudgetedModelCount = ModelSpendItem.Count(summary, "budgeted_model_count"),
            NearBudgetCount = ModelSpendItem.Count(summary, "near_budget_count"),
            BlockedCount = ModelSpendItem.Count(summary, "blocked_count"),
            PeriodStart = ModelSpendItem.Time(summary, "period_start"),
            PeriodEnd = ModelSpendItem.Time(summary, "period_end"),
            Warnings = new JoinedList<ModelSpendItem>(warnings, "; "),
            TopModels = new JoinedList<ModelSpendItem>(topModels, "; "),
            AdditionalFields = JsonFields.From(extra),
        };
    }
}
