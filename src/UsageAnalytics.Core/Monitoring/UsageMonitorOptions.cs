using UsageAnalytics.Alerts;
using UsageAnalytics.Budgets;
using UsageAnalytics.Records;

namespace UsageAnalytics.Monitoring;

/// <summary>What a <see cref="UsageMonitor"/> watches and how often it evaluates.</summary>
public sealed record UsageMonitorOptions
{
    /// <summary>Gets the time zone whose local minute, hour and day the snapshot's windows and the cost updates
    /// follow (alert rules' <c>daily_spend</c> too). Defaults to UTC.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Gets the ISO 4217 code of the currency the monitor sums (compared case-insensitively). Defaults to
    /// <c>USD</c>. A row in another currency is not summed: it is counted in
    /// <see cref="UsageMonitorSnapshot.RejectedRecords"/>.</summary>
    public string Currency { get; init; } = UsageRecord.DefaultCurrency;

    /// <summary>Gets how often the monitor evaluates its budgets and alert rules and publishes a
    /// <see cref="CostUpdatedEvent"/>, on the monitor's <see cref="TimeProvider"/>. Defaults to 10 seconds;
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns the timer off (then only <see cref="UsageMonitor.EvaluateNow"/>
    /// evaluates). Otherwise at least 100 ms.</summary>
    public TimeSpan CostUpdateInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets how many keys and models <see cref="UsageMonitorSnapshot.TopKeys"/> and
    /// <see cref="UsageMonitorSnapshot.TopModels"/> list (top by effective spend this hour). Defaults to 10; 0 to
    /// 1,000.</summary>
    public int TopCount { get; init; } = 10;

    /// <summary>Gets how far after the monitor's clock a row's timestamp may be (clock skew between hosts) before the row
    /// is refused and counted in <see cref="UsageMonitorSnapshot.FutureRecords"/>. Default 5 minutes; zero or more.</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the capacity of a subscription's event queue when <see cref="UsageMonitor.Subscribe"/> is not
    /// given one: the number of events a slow reader may fall behind before the oldest are dropped. Defaults to 1,024;
    /// at least 1.</summary>
    public int EventCapacity { get; init; } = 1024;

    /// <summary>Gets the budgets to track over the rows the monitor records (since it started): evaluated at each
    /// evaluation, with a <see cref="BudgetThresholdCrossedEvent"/> per threshold reached. Each must be valid
    /// (<see cref="BudgetPolicy.Validate"/>), uniquely named and in <see cref="Currency"/>. Defaults to none.</summary>
    public IReadOnlyList<BudgetPolicy> Budgets { get; init; } = [];

    /// <summary>Gets the alert rules evaluated at each evaluation over the rows the monitor records (since it started),
    /// with an <see cref="AlertMonitorEvent"/> when a rule fires or resolves; <c>budget_percent_used</c> reads
    /// <see cref="Budgets"/>. Names must be unique. Defaults to none.</summary>
    public IReadOnlyList<AlertRule> Rules { get; init; } = [];

    /// <summary>Gets the alert rules' state to resume from (for example <see cref="AlertRuleState.FromJson"/> of what
    /// <see cref="UsageMonitor.GetAlertStateJson"/> returned before a restart); the monitor copies it. Rules it does not
    /// name start Ok; names no longer in <see cref="Rules"/> are ignored. Default <see langword="null"/>: every rule starts Ok.</summary>
    public AlertRuleState? AlertState { get; init; }

    /// <summary>Throws when the options are unusable.</summary>
    /// <exception cref="ArgumentNullException"><see cref="TimeZone"/> or <see cref="Currency"/> is null.</exception>
    /// <exception cref="ArgumentException">A setting is out of range, a budget is invalid, two budgets share a name,
    /// or a budget is in another currency; the message names the setting or the budget and the rule.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Budgets, nameof(Budgets));
        ArgumentNullException.ThrowIfNull(Rules, nameof(Rules));
        var ruleNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in Rules)
        {
            ArgumentNullException.ThrowIfNull(rule, nameof(Rules));
            if (!ruleNames.Add(rule.Name))
            {
                throw new ArgumentException("UsageMonitorOptions.Rules has two rules named '" + rule.Name + "'; names must be unique.", nameof(Rules));
            }
        }

        ArgumentNullException.ThrowIfNull(TimeZone, nameof(TimeZone));
        ArgumentException.ThrowIfNullOrWhiteSpace(Currency, nameof(Currency));
        if (CostUpdateInterval != Timeout.InfiniteTimeSpan && CostUpdateInterval < TimeSpan.FromMilliseconds(100))
        {
            throw new ArgumentOutOfRangeException(nameof(CostUpdateInterval), CostUpdateInterval, "UsageMonitorOptions.CostUpdateInterval must be at least 100 ms, or Timeout.InfiniteTimeSpan to turn the timer off.");
        }

        if (MaxClockSkew < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxClockSkew), MaxClockSkew, "UsageMonitorOptions.MaxClockSkew must be zero or more.");
        }

        if (TopCount is < 0 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(TopCount), TopCount, "UsageMonitorOptions.TopCount must be 0 to 1,000.");
        }

        if (EventCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(EventCapacity), EventCapacity, "UsageMonitorOptions.EventCapacity must be at least 1.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var budget in Budgets)
        {
            ArgumentNullException.ThrowIfNull(budget, nameof(Budgets));
            budget.Validate();
            if (!names.Add(budget.Name))
            {
                throw new ArgumentException("UsageMonitorOptions.Budgets has two budgets named '" + budget.Name + "'; names must be unique.", nameof(Budgets));
            }

            if (!string.Equals(budget.Currency.Trim(), Currency.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException("Budget '" + budget.Name + "' is in " + budget.Currency + " but the monitor sums " + Currency + " (UsageMonitorOptions.Currency); rows in another currency are never summed.", nameof(Budgets));
            }
        }
    }
}
