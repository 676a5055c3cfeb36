using UsageAnalytics.Insights;
namespace UsageAnalytics.Analytics;

/// <summary>Everything a usage dashboard shows, computed from one <see cref="UsageAccumulator"/>.</summary>
/// <remarks>All collections are read-only and never <see langword="null"/>; an empty input gives zeros, empty lists
/// and <see langword="null"/> rates.</remarks>
public sealed record AnalyticsSummary
{
    /// <summary>Gets the figures of all rows, with latency and time-to-first-token percentiles.</summary>
    public required UsageFigures Totals { get; init; }

    /// <summary>Gets the first row timestamp, or <see langword="null"/> without rows.</summary>
    public DateTimeOffset? FirstTimestamp { get; init; }

    /// <summary>Gets the last row timestamp, or <see langword="null"/> without rows.</summary>
    public DateTimeOffset? LastTimestamp { get; init; }

    /// <summary>
    /// Gets the number of distinct users: exact when users are a group dimension, otherwise a HyperLogLog estimate
    /// (standard error 0.81%); <see langword="null"/> when not tracked.
    /// </summary>
    public long? UniqueUsers { get; init; }

    /// <summary>Gets the number of distinct sessions, exact or estimated like <see cref="UniqueUsers"/>.</summary>
    public long? UniqueSessions { get; init; }

    /// <summary>
    /// Gets the groups of each group dimension, sorted by effective cost descending, ties by key (ordinal, the
    /// rows without a value first).
    /// </summary>
    public required IReadOnlyDictionary<UsageDimension, IReadOnlyList<AnalyticsGroup>> Groups { get; init; }

    /// <summary>Gets the time buckets of each kept size, in time order.</summary>
    public required IReadOnlyDictionary<TimeBucketSize, IReadOnlyList<AnalyticsTimeBucket>> TimeSeries { get; init; }

    /// <summary>Gets the 24 hour-of-day slots (local hours 0–23) in the configured time zone.</summary>
    public required IReadOnlyList<PatternSlot> HourOfDay { get; init; }

    /// <summary>Gets the 7 weekday slots, indexed by <see cref="DayOfWeek"/> (0 = Sunday), in the configured time zone.</summary>
    public required IReadOnlyList<PatternSlot> DayOfWeek { get; init; }

    /// <summary>Gets the day bucket with the most requests (the earliest on a tie), or <see langword="null"/>.</summary>
    public AnalyticsTimeBucket? PeakDay { get; init; }

    /// <summary>Gets the hour bucket with the most requests (the earliest on a tie), or <see langword="null"/>.</summary>
    public AnalyticsTimeBucket? PeakHour { get; init; }

    /// <summary>Gets the groups with the highest effective cost across all group dimensions except time.</summary>
    public required IReadOnlyList<CostDriver> TopCostDrivers { get; init; }

    /// <summary>Gets the last 24 hours against the 24 before, or <see langword="null"/> without minute or hour buckets.</summary>
    public PeriodComparison? Last24Hours { get; init; }

    /// <summary>Gets the last 7 days against the 7 before, or <see langword="null"/> without minute, hour or day buckets.</summary>
    public PeriodComparison? WeekOverWeek { get; init; }

    /// <summary>Gets the instant the summary was made (from the options' <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset GeneratedAt { get; init; }

    /// <summary>Returns the groups of a dimension, or an empty list when the accumulator does not group by it.</summary>
    /// <param name="dimension">The dimension.</param>
    /// <returns>The groups, sorted as in <see cref="Groups"/>.</returns>
    public IReadOnlyList<AnalyticsGroup> GroupsOf(UsageDimension dimension)
    {
        ArgumentNullException.ThrowIfNull(dimension);
        return Groups.TryGetValue(dimension, out var groups) ? groups : [];
    }
}
