namespace UsageAnalytics.Budgets;

/// <summary>The length of a budget period: one local day, week or month of the policy's time zone.</summary>
public enum BudgetPeriodKind
{
    /// <summary>One local calendar day, from local midnight to the next (23 or 25 hours on a DST change day).</summary>
    Day,

    /// <summary>Seven local days starting at local midnight of <see cref="BudgetPeriod.FirstDayOfWeek"/>.</summary>
    Week,

    /// <summary>From local midnight of <see cref="BudgetPeriod.ResetDay"/> to the same day of the next month.</summary>
    Month,
}
