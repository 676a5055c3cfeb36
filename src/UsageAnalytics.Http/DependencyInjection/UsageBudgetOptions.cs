namespace UsageAnalytics.DependencyInjection;

/// <summary>
/// One budget of <see cref="UsageMonitoringOptions.Budgets"/> as configuration holds it (an element of
/// <c>UsageAnalytics:Monitoring:Budgets</c>); mapped to Core's <see cref="Budgets.BudgetPolicy"/>.
/// </summary>
public sealed class UsageBudgetOptions
{
    /// <summary>Gets or sets the unique name of the budget (ordinal). Required.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// Gets or sets the rows the budget covers, in <see cref="Budgets.BudgetScope.Parse(string)"/> form: <c>global</c>
    /// (the default), <c>team=search</c>, <c>model=gpt-4o</c>, <c>tag=prod</c>, <c>dimension:department=legal</c>.
    /// </summary>
    public string Scope { get; set; } = "global";

    /// <summary>Gets or sets the limit per period in <see cref="Currency"/> (decimal); greater than 0. Required.</summary>
    public decimal Limit { get; set; }

    /// <summary>Gets or sets the ISO 4217 currency of <see cref="Limit"/>. Default <c>USD</c>.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>
    /// Gets or sets the period, in <see cref="Budgets.BudgetPeriod.Parse(string)"/> form: <c>day</c>, <c>week</c>
    /// (from Monday), <c>week:sunday</c>, <c>month</c> (the default, resetting on the 1st) or <c>month:15</c>.
    /// </summary>
    public string Period { get; set; } = "month";

    /// <summary>
    /// Gets or sets the time zone (IANA or Windows id) whose local midnights bound the periods; <see langword="null"/>
    /// (the default) uses <see cref="UsageMonitoringOptions.TimeZone"/>.
    /// </summary>
    public string? TimeZone { get; set; }

    /// <summary>
    /// Gets or sets the alert thresholds in percent of the limit (greater than 0, at most 100, ascending, distinct);
    /// <see langword="null"/> (the default) for 50, 80 and 95. A configured array replaces the default.
    /// </summary>
    public IReadOnlyList<decimal>? Thresholds { get; set; }
}
