namespace UsageAnalytics.Budgets;

/// <summary>
/// Where one <see cref="BudgetPolicy"/> stands at <see cref="AsOf"/>: spend of the current period, what is left, the
/// burn rate and the projected spend and runway. Money is in the policy's <see cref="BudgetPolicy.Currency"/>.
/// </summary>
/// <remarks>
/// <para>Spend covers the rows in the policy's scope and currency whose local day (in the policy's zone) lies between
/// <see cref="PeriodStart"/> and the local day of <see cref="AsOf"/>, using each row's effective cost (actual cost
/// when known, else the estimate). Rows of later local days are not counted.</para>
/// <para>The projection (<see cref="RunwayMethod"/>): with at least 14 full local days of history before today it is
/// weekday-aware (the mean spend of each weekday over the last 28 days at most, because weekday and weekend traffic
/// differ); otherwise it is the plain rate, period spend divided by the elapsed days of the period.</para>
/// </remarks>
public sealed record BudgetStatus
{
    /// <summary>Gets the policy evaluated.</summary>
    public required BudgetPolicy Policy { get; init; }

    /// <summary>Gets the instant of the evaluation.</summary>
    public DateTimeOffset AsOf { get; init; }

    /// <summary>Gets the start of the current period (local midnight, with the zone's offset).</summary>
    public DateTimeOffset PeriodStart { get; init; }

    /// <summary>Gets the end of the current period (exclusive; local midnight, with the zone's offset).</summary>
    public DateTimeOffset PeriodEnd { get; init; }

    /// <summary>Gets the spend of the period so far, in the policy currency (exact sum of effective costs).</summary>
    public decimal Spend { get; init; }

    /// <summary>Gets <see cref="BudgetPolicy.Limit"/> − <see cref="Spend"/>, in the policy currency; negative when over.</summary>
    public decimal Remaining { get; init; }

    /// <summary>Gets <see cref="Spend"/> / <see cref="BudgetPolicy.Limit"/> × 100, in percent (0–100, above 100 when over).</summary>
    public decimal PercentUsed { get; init; }

    /// <summary>Gets the burn rate in policy currency per day: the plain rate, or for <see cref="BudgetRunwayMethod.WeekdayAware"/>
    /// the mean of the seven weekday means; 0 for <see cref="BudgetRunwayMethod.NoSpend"/>.</summary>
    public decimal BurnRatePerDay { get; init; }

    /// <summary>Gets how the rest of the period was projected.</summary>
    public BudgetRunwayMethod RunwayMethod { get; init; }

    /// <summary>Gets <see cref="Spend"/> plus the expected spend of the rest of the period, in the policy currency.</summary>
    public decimal ProjectedSpend { get; init; }

    /// <summary>
    /// Gets the estimated instant spend reaches the limit at the projected burn (it may lie after <see cref="PeriodEnd"/>);
    /// <see cref="AsOf"/> when already exceeded (the past crossing time is not estimated); <see langword="null"/> when
    /// there is no burn or the instant is beyond the representable range.
    /// </summary>
    public DateTimeOffset? RunsOutAt { get; init; }

    /// <summary>Gets the days from <see cref="AsOf"/> to <see cref="RunsOutAt"/> (fractional); <see langword="null"/> when
    /// <see cref="RunsOutAt"/> is.</summary>
    public double? DaysRemaining { get; init; }

    /// <summary>Gets the days (fractional, elapsed time) from <see cref="AsOf"/> to <see cref="PeriodEnd"/>.</summary>
    public double DaysLeftInPeriod { get; init; }

    /// <summary>Gets the thresholds of the policy (percent) that <see cref="PercentUsed"/> has reached, ascending.</summary>
    public IReadOnlyList<decimal> ThresholdsCrossed { get; init; } = [];

    /// <summary>Gets the highest threshold reached (percent); <see langword="null"/> when none.</summary>
    public decimal? HighestThresholdCrossed { get; init; }

    /// <summary>Gets whether <see cref="Spend"/> ≥ <see cref="BudgetPolicy.Limit"/>.</summary>
    public bool IsExceeded { get; init; }

    /// <summary>Gets whether <see cref="ProjectedSpend"/> ≤ <see cref="BudgetPolicy.Limit"/>.</summary>
    public bool IsOnTrack { get; init; }

    /// <summary>Gets the number of rows in scope and in the period whose currency is not the policy's (not summed).</summary>
    public long OtherCurrencyRecords { get; init; }
}
