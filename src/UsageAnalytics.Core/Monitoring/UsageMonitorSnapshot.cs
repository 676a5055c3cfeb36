using UsageAnalytics.Alerts;
using UsageAnalytics.Analytics;
using UsageAnalytics.Budgets;

namespace UsageAnalytics.Monitoring;

/// <summary>What a <see cref="UsageMonitor"/> shows at one instant: spend and usage this minute, this hour, today and
/// since it started, the top keys and models of the hour, the latest budget and alert evaluation, and its counters.</summary>
/// <remarks>
/// Windows follow the monitor's clock in <see cref="UsageMonitorOptions.TimeZone"/>: a row counts in every window it is
/// timestamped in (a row of the previous minute still counts in this hour and today, if they contain it); a row older
/// than local midnight today is counted in <see cref="Totals"/> and <see cref="LateRecords"/> only. A row timestamped
/// after <see cref="AsOf"/> (clock skew) counts in the current windows. Money is exact, in <see cref="Currency"/>.
/// </remarks>
public sealed record UsageMonitorSnapshot
{
    /// <summary>Gets the instant of the snapshot on the monitor's clock, with the zone's offset.</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>Gets the ISO 4217 code of every amount (<see cref="UsageMonitorOptions.Currency"/>, upper case).</summary>
    public required string Currency { get; init; }

    /// <summary>Gets the rows timestamped in the current local minute.</summary>
    public required UsageMonitorPeriod ThisMinute { get; init; }

    /// <summary>Gets the rows timestamped in the current local hour.</summary>
    public required UsageMonitorPeriod ThisHour { get; init; }

    /// <summary>Gets the rows timestamped since local midnight today (a 23- or 25-hour day across a DST change).</summary>
    public required UsageMonitorPeriod Today { get; init; }

    /// <summary>Gets every row recorded since the monitor started, whatever its timestamp; <see cref="UsageMonitorPeriod.Start"/>
    /// is the monitor's start.</summary>
    public required UsageMonitorPeriod Totals { get; init; }

    /// <summary>Gets the API key aliases (<see cref="UsageDimension.KeyAlias"/>) with the highest effective spend this
    /// hour, highest first (ties by key, ordinal), at most <see cref="UsageMonitorOptions.TopCount"/>; rows without a
    /// key alias are not ranked. Figures have counts, tokens and money; no latency statistics.</summary>
    public required IReadOnlyList<UsageGroup> TopKeys { get; init; }

    /// <summary>Gets the models with the highest effective spend this hour, as <see cref="TopKeys"/>.</summary>
    public required IReadOnlyList<UsageGroup> TopModels { get; init; }

    /// <summary>Gets the budgets' status at the latest evaluation (<see cref="UsageMonitor.EvaluateNow"/> or the timer),
    /// over the rows this monitor recorded since it started; <see langword="null"/> before the first evaluation or when
    /// <see cref="UsageMonitorOptions.Budgets"/> is empty.</summary>
    public BudgetReport? Budgets { get; init; }

    /// <summary>Gets the alert rules' results at the latest evaluation (observed values, status, the events it
    /// raised), over the rows this monitor recorded; <see langword="null"/> before the first evaluation or when
    /// <see cref="UsageMonitorOptions.Rules"/> is empty.</summary>
    public AlertEvaluation? Alerts { get; init; }

    /// <summary>Gets the number of rows recorded (accepted) since the start; equals
    /// <see cref="Totals"/>' <see cref="UsageFigures.Requests"/>.</summary>
    public required long Records { get; init; }

    /// <summary>Gets the number of recorded rows timestamped before local midnight of the day they arrived in (late
    /// rows): in the totals, not in today's windows.</summary>
    public required long LateRecords { get; init; }

    /// <summary>Gets the number of rows refused and not counted anywhere: money in another currency than
    /// <see cref="Currency"/>, or a row the engine refuses (default timestamp, negative tokens or cost, a cost over
    /// 10¹⁵, a negative or non-finite duration; see <see cref="UsageAccumulator.Add"/>).</summary>
    public required long RejectedRecords { get; init; }

    /// <summary>Gets the number of events dropped because a subscriber fell more than its capacity behind, over every
    /// subscription so far (see <see cref="UsageMonitorSubscription.DroppedCount"/>).</summary>
    public required long DroppedEvents { get; init; }
}
