using UsageAnalytics.Insights;

namespace UsageAnalytics.Analytics;

/// <summary>
/// Everything a usage dashboard shows, made by <see cref="UsageAccumulator.ToSummary(DateTimeOffset)"/> or
/// <see cref="UsageSummaryAggregator"/>: totals, groups per dimension, time series, daily and weekly patterns,
/// peaks, top cost drivers and the recent-activity comparisons.
/// </summary>
/// <remarks>
/// All collections are read-only and never <see langword="null"/>; no rows give zeros, empty lists and
/// <see langword="null"/> rates. Money is in <see cref="Currency"/> only. Day and hour figures are in
/// <see cref="TimeZone"/>. Groups follow one key rule (see <see cref="UsageGroup"/>), so the groups of a dimension
/// other than <see cref="UsageDimension.Tag"/> always add up to <see cref="Totals"/>.
/// </remarks>
public sealed record UsageSummary
{
    /// <summary>Gets the ISO 4217 code of every money figure in the summary (<see cref="UsageAccumulatorOptions.Currency"/>).</summary>
    public required string Currency { get; init; }

    /// <summary>Gets the time zone of the time series, patterns and peaks (<see cref="UsageAccumulatorOptions.TimeZone"/>).</summary>
    public required TimeZoneInfo TimeZone { get; init; }

    /// <summary>Gets the instant the recent-activity comparisons are anchored to ("now"), in <see cref="TimeZone"/>.</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>Gets the figures of all rows, with latency, time-to-first-token and token percentiles.</summary>
    public required UsageFigures Totals { get; init; }

    /// <summary>Gets the earliest row timestamp, in <see cref="TimeZone"/>; <see langword="null"/> without rows.</summary>
    public DateTimeOffset? FirstTimestamp { get; init; }

    /// <summary>Gets the latest row timestamp, in <see cref="TimeZone"/>; <see langword="null"/> without rows.</summary>
    public DateTimeOffset? LastTimestamp { get; init; }

    /// <summary>
    /// Gets the number of distinct non-blank user ids: exact when <see cref="UsageDimension.User"/> is a group
    /// dimension, otherwise a HyperLogLog estimate (standard error 0.81%); <see langword="null"/> when
    /// <see cref="UsageAccumulatorOptions.CountDistinct"/> is off.
    /// </summary>
    public long? UniqueUsers { get; init; }

    /// <summary>Gets the number of distinct non-blank session ids, exact or estimated like <see cref="UniqueUsers"/>.</summary>
    public long? UniqueSessions { get; init; }

    /// <summary>
    /// Gets the groups of each group dimension, sorted by effective cost descending, ties by key (ordinal, the
    /// group of rows without a value first).
    /// </summary>
    public required IReadOnlyDictionary<UsageDimension, IReadOnlyList<UsageGroup>> Groups { get; init; }

    /// <summary>Gets the time buckets of each kept size, in time order (only buckets that hold rows).</summary>
    public required IReadOnlyDictionary<TimeBucketSize, IReadOnlyList<UsageTimeBucket>> TimeSeries { get; init; }

    /// <summary>Gets the 24 hour-of-day slots (local hours 0–23 in <see cref="TimeZone"/>).</summary>
    public required IReadOnlyList<PatternSlot> HourOfDay { get; init; }

    /// <summary>Gets the 7 weekday slots, indexed by <see cref="System.DayOfWeek"/> (0 = Sunday), in <see cref="TimeZone"/>.</summary>
    public required IReadOnlyList<PatternSlot> DayOfWeek { get; init; }

    /// <summary>Gets the day bucket with the most requests (the earliest on a tie); <see langword="null"/> without
    /// rows or day buckets.</summary>
    public UsageTimeBucket? PeakDay { get; init; }

    /// <summary>Gets the hour bucket with the most requests (the earliest on a tie); <see langword="null"/> without
    /// rows or hour buckets.</summary>
    public UsageTimeBucket? PeakHour { get; init; }

    /// <summary>Gets the groups with the highest effective cost across the group dimensions that describe who or what
    /// spent (every dimension except <see cref="UsageDimension.Status"/> and <see cref="UsageDimension.ErrorType"/>), at
    /// most <see cref="UsageAccumulatorOptions.TopCostDriverCount"/>. Each share is of the total effective cost; the
    /// shares of <see cref="UsageDimension.Tag"/> groups can add up to more than 1, since a row counts under each of its
    /// tags.</summary>
    public required IReadOnlyList<CostDriver> TopCostDrivers { get; init; }

    /// <summary>
    /// Gets the last 24 hours against the 24 before, exact to the minute or hour buckets kept; <see langword="null"/>
    /// without minute or hour buckets (day buckets cannot tell the last 24 hours from the calendar day). The window
    /// ends at the end of the bucket holding <see cref="AsOf"/> (at <see cref="AsOf"/> itself when it is a bucket
    /// boundary), so the current, partial hour counts in full; rows timestamped after <see cref="AsOf"/> within that
    /// hour count too (live data has none; pass a whole hour as "now" to reproduce a window over historical data). The
    /// window is stated in the comparison (<see cref="PeriodComparison.CurrentStart"/>, <see cref="PeriodComparison.CurrentEnd"/>).
    /// </summary>
    public PeriodComparison? Last24Hours { get; init; }

    /// <summary>Gets the last 7 days against the 7 before, under the same rule as <see cref="Last24Hours"/>.</summary>
    public PeriodComparison? WeekOverWeek { get; init; }

    /// <summary>Returns the groups of a dimension.</summary>
    /// <param name="dimension">The dimension.</param>
    /// <returns>The groups, sorted as in <see cref="Groups"/>; empty when the accumulator does not group by it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dimension"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<UsageGroup> GroupsOf(UsageDimension dimension)
    {
        ArgumentNullException.ThrowIfNull(dimension);
        return Groups.TryGetValue(dimension, out var groups) ? groups : [];
    }

    /// <summary>Returns the time series of one bucket size.</summary>
    /// <param name="size">The bucket size.</param>
    /// <returns>The buckets in time order; empty when the accumulator does not keep that size.</returns>
    public IReadOnlyList<UsageTimeBucket> TimeSeriesOf(TimeBucketSize size) =>
        TimeSeries.TryGetValue(size, out var buckets) ? buckets : [];
}
