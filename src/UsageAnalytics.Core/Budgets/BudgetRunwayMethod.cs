namespace UsageAnalytics.Budgets;

/// <summary>How a <see cref="BudgetStatus"/> projected the spend of the rest of its period.</summary>
public enum BudgetRunwayMethod
{
    /// <summary>
    /// No burn rate can be computed: nothing was spent in the period (or less than a second of it has elapsed) and
    /// there is no usable history. The projection is the spend itself and there is no runway.
    /// </summary>
    NoSpend,

    /// <summary>
    /// Period spend divided by the elapsed time of the period (fractional days), applied to the rest of the period.
    /// Used while the tracker holds fewer than 14 full local days of history before today.
    /// </summary>
    PlainRate,

    /// <summary>
    /// The mean daily spend of each weekday over the last 28 days at most (at least 14 full local days of history),
    /// summed over the remaining days; today's remainder is prorated by the fraction of today left. Used because LLM
    /// traffic usually differs between working days and weekends, which a plain rate smears out.
    /// </summary>
    WeekdayAware,
}
