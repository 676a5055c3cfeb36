using System.Globalization;
using UsageAnalytics.Analytics;

namespace UsageAnalytics.Insights;

/// <summary>
/// Compares a period with the one of equal length before it from an accumulator's time buckets, exactly: only
/// windows whose ends lie on bucket boundaries are counted, so a figure never stands for a coarser window than it
/// states (the rule behind <see cref="UsageSummary.Last24Hours"/> and <see cref="UsageAccumulator.Compare"/>).
/// </summary>
internal sealed class PeriodComparer(ZoneClock clock, BucketTable[] buckets)
{
    private static readonly TimeBucketSize[] _recentSizes = [TimeBucketSize.Minute, TimeBucketSize.Hour];
    private static readonly TimeBucketSize[] _allSizes = [TimeBucketSize.Minute, TimeBucketSize.Hour, TimeBucketSize.Day, TimeBucketSize.Week, TimeBucketSize.Month];

    /// <summary>Compares [start, end) with the period before it at the finest kept size whose boundaries hold all
    /// three instants; throws when there is none (see <see cref="UsageAccumulator.Compare"/>).</summary>
    public PeriodComparison Compare(DateTimeOffset start, DateTimeOffset end)
    {
        if (end <= start)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, "The end must be after the start.");
        }

        if (buckets.Length == 0)
        {
            throw new InvalidOperationException("Period comparisons need time buckets (UsageAccumulatorOptions.TimeBuckets).");
        }

        if (start.UtcTicks - DateTimeOffset.MinValue.UtcTicks < (end - start).Ticks)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, "The previous period would start before the earliest representable instant.");
        }

        var previousStart = start - (end - start);
        foreach (var size in _allSizes)
        {
            var table = Array.Find(buckets, b => b.Size == size);
            if (table is not null && IsBoundary(size, start) && IsBoundary(size, end) && IsBoundary(size, previousStart))
            {
                return Comparison(table, previousStart, start, end);
            }
        }

        var finest = Array.Find(_allSizes, size => Array.Exists(buckets, b => b.Size == size));
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"The periods [{previousStart:O}, {start:O}) and [{start:O}, {end:O}) do not start and end on bucket boundaries, so they could only be approximated; the finest bucket kept is {finest}."),
            nameof(start));
    }

    /// <summary>The window of <paramref name="length"/> ending at the end of the minute or hour bucket holding
    /// <paramref name="now"/> (at <paramref name="now"/> itself when it is a boundary), against the one before; or
    /// <see langword="null"/> without minute or hour buckets.</summary>
    public PeriodComparison? Recent(DateTimeOffset now, TimeSpan length)
    {
        foreach (var size in _recentSizes)
        {
            var table = Array.Find(buckets, b => b.Size == size);
            if (table is null)
            {
                continue;
            }

            var utc = now.UtcTicks;
            var (bucketStart, bucketEnd) = clock.BoundsOf(size, clock.KeyOf(size, utc, clock.OffsetTicks(utc)));
            var end = bucketStart.UtcTicks == utc ? now : bucketEnd;
            if (end.UtcTicks - DateTimeOffset.MinValue.UtcTicks < 2 * length.Ticks)
            {
                return null; // "now" at the start of time has no two periods before it.
            }

            var start = end - length;
            var previousStart = start - length;
            return IsBoundary(size, start) && IsBoundary(size, previousStart) ? Comparison(table, previousStart, start, end) : null;
        }

        return null;
    }

    private static double? ChangePercent(double current, double previous) =>
        previous == 0 ? null : (current - previous) / previous * 100;

    private bool IsBoundary(TimeBucketSize size, DateTimeOffset instant)
    {
        var utc = instant.UtcTicks;
        return clock.BoundsOf(size, clock.KeyOf(size, utc, clock.OffsetTicks(utc))).Start.UtcTicks == utc;
    }

    private PeriodComparison Comparison(BucketTable table, DateTimeOffset previousStart, DateTimeOffset start, DateTimeOffset end)
    {
        var current = GroupState.Create(null);
        var previous = GroupState.Create(null);
        foreach (var (key, state) in table.All())
        {
            var bucketStart = clock.BoundsOf(table.Size, key).Start;
            if (bucketStart >= start && bucketStart < end)
            {
                current.Merge(in state);
            }
            else if (bucketStart >= previousStart && bucketStart < start)
            {
                previous.Merge(in state);
            }
        }

        var now = FiguresReader.FiguresOf(current);
        var before = FiguresReader.FiguresOf(previous);
        return new PeriodComparison
        {
            Resolution = table.Size,
            CurrentStart = clock.AtInstant(start.UtcTicks),
            CurrentEnd = clock.AtInstant(end.UtcTicks),
            PreviousStart = clock.AtInstant(previousStart.UtcTicks),
            PreviousEnd = clock.AtInstant(start.UtcTicks),
            Current = now,
            Previous = before,
            RequestsChangePercent = ChangePercent(now.Requests, before.Requests),
            SuccessesChangePercent = ChangePercent(now.Successes, before.Successes),
            EffectiveCostChangePercent = ChangePercent((double)now.EffectiveCost, (double)before.EffectiveCost),
            TotalTokensChangePercent = ChangePercent(now.TotalTokens, before.TotalTokens),
            FailuresChangePercent = ChangePercent(now.Failures, before.Failures),
        };
    }
}
