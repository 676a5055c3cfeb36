using UsageAnalytics.Budgets;

namespace UsageAnalytics.Monitoring;

/// <summary>A budget's spend reached one of its thresholds (<see cref="BudgetPolicy.Thresholds"/>, percent of the
/// limit): published once per threshold per budget period, at the evaluation that first sees it, in threshold order.</summary>
/// <remarks>Spend counts the rows this monitor recorded since it started (see <see cref="BudgetStatus.Spend"/>). Two
/// thresholds reached between two evaluations give two events at once, the lower first. A new period starts with no
/// threshold reached.</remarks>
public sealed record BudgetThresholdCrossedEvent : UsageMonitorEvent
{
    /// <summary>Gets the budget's status at the evaluation that saw the threshold reached.</summary>
    public required BudgetStatus Status { get; init; }

    /// <summary>Gets the threshold reached, in percent of the limit (0–100, for example 80).</summary>
    public required decimal Threshold { get; init; }
}
