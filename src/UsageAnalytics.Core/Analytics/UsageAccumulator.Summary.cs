using UsageAnalytics.Insights;

namespace UsageAnalytics.Analytics;

/// <content>Turning the state into the one result model.</content>
public sealed partial class UsageAccumulator
{
    /// <summary>Computes everything a dashboard shows from the current state. The accumulator is not changed.</summary>
    /// <param name="now">The instant the recent-activity comparisons (<see cref="UsageSummary.Last24Hours"/>,
    /// <see cref="UsageSummary.WeekOverWeek"/>) end at; pass a fixed value to reproduce a summary.</param>
    /// <returns>The summary; an empty accumulator gives zeros, empty lists and <see langword="null"/> rates.</returns>
    public UsageSummary ToSummary(DateTimeOffset now)
    {
        var groups = new Dictionary<UsageDimension, IReadOnlyList<UsageGroup>>();
        foreach (var table in _tables)
        {
            groups[table.Dimension] = SummaryParts.GroupsOf(table);
        }

        var series = new Dictionary<TimeBucketSize, IReadOnlyList<UsageTimeBucket>>();
        foreach (var bucket in _buckets)
        {
            series[bucket.Size] = SummaryParts.BucketsOf(bucket, _clock);
        }

        var (hourOfDay, dayOfWeek) = _patternSource is null ? (_hourOfDay, _dayOfWeek) : SummaryParts.PatternsFrom(_patternSource, _clock);
        var comparer = new PeriodComparer(_clock, _buckets);
        return new UsageSummary
        {
            Currency = _currency,
            TimeZone = _options.TimeZone,
            AsOf = _clock.AtInstant(now.UtcTicks),
            Totals = FiguresReader.FiguresOf(_totals),
            FirstTimestamp = Count == 0 ? null : _clock.AtInstant(_firstUtcTicks),
            LastTimestamp = Count == 0 ? null : _clock.AtInstant(_lastUtcTicks),
            UniqueUsers = DistinctOf(UsageDimension.User, _users),
            UniqueSessions = DistinctOf(UsageDimension.Session, _sessions),
            Groups = groups,
            TimeSeries = series,
            HourOfDay = SummaryParts.SlotsOf(hourOfDay),
            DayOfWeek = SummaryParts.SlotsOf(dayOfWeek),
            PeakDay = SummaryParts.PeakOf(series.GetValueOrDefault(TimeBucketSize.Day)),
            PeakHour = SummaryParts.PeakOf(series.GetValueOrDefault(TimeBucketSize.Hour)),
            TopCostDrivers = CostDriverRanking.Top(groups.Values, _totals.Effective.Total, _options.TopCostDriverCount),
            Last24Hours = comparer.Recent(now, TimeSpan.FromHours(24)),
            WeekOverWeek = comparer.Recent(now, TimeSpan.FromDays(7)),
        };
    }

    /// <summary>Computes the summary with "now" read from a clock.</summary>
    /// <param name="timeProvider">The clock that gives "now" (<see cref="TimeProvider.System"/> in production, a fake in tests).</param>
    /// <returns>The summary, as <see cref="ToSummary(DateTimeOffset)"/> gives it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    public UsageSummary ToSummary(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return ToSummary(timeProvider.GetUtcNow());
    }

    /// <summary>Compares a period with the period of equal length just before it, exactly.</summary>
    /// <param name="start">The start of the current period (inclusive); a bucket boundary.</param>
    /// <param name="end">The end of the current period (exclusive); a bucket boundary after <paramref name="start"/>.</param>
    /// <returns>The comparison, counted from the finest kept bucket size on whose boundaries <paramref name="start"/>,
    /// <paramref name="end"/> and the previous period's start all lie (whole hours with hour buckets, local midnights
    /// with day buckets, …).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="end"/> is not after <paramref name="start"/>, or the
    /// previous period would start before <see cref="DateTimeOffset.MinValue"/>.</exception>
    /// <exception cref="ArgumentException">No kept bucket size has boundaries at both ends of both periods, so the
    /// figures could only be approximated; the message names the finest size kept.</exception>
    /// <exception cref="InvalidOperationException">The accumulator keeps no time buckets.</exception>
    public PeriodComparison Compare(DateTimeOffset start, DateTimeOffset end) => new PeriodComparer(_clock, _buckets).Compare(start, end);

    private long? DistinctOf(UsageDimension dimension, DistinctCounter? counter)
    {
        if (!_options.CountDistinct)
        {
            return null;
        }

        foreach (var table in _tables)
        {
            if (table.Dimension.Equals(dimension))
            {
                return table.KeyedCount;
            }
        }

        return counter?.Estimate();
    }
}
