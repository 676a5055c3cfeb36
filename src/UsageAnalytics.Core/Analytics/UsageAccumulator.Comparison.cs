using UsageAnalytics.Insights;

namespace UsageAnalytics.Analytics;

/// <content>Exact period comparisons from the time buckets.</content>
public sealed partial class UsageAccumulator
{
    private static readonly TimeBucketSize[] _recentSizes = [TimeBucketSize.Minute, TimeBucketSize.Hour];
    private static readonly TimeBucketSize[] _allSizes = [TimeBucketSize.Minute, TimeBucketSize.Hour, TimeBucketSize.Day, TimeBucketSize.Week, TimeBucketSize.Month];

    /// <summary>Compares a period with the period of equal length just before it, exactly.</summary>
    /// <param name="start">The start of the current period (inclusive); a bucket boundary.</param>
    /// <param name="end">The end of the current period (exclusive); a bucket boundary after <paramref name="start"/>.</param>
    /// <returns>The comparison, counted from the finest kept bucket size on whose boundaries <paramref name="start"/>,
    /// <paramref name="end"/> and the previous period's start all lie (for example whole hours with hour buckets,
    /// local midnights with day buckets).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="end"/> is not after <paramref name="start"/>.</exception>
    /// <exception cref="ArgumentException">No kept bucket size has boundaries at both ends of both periods, so the
    /// figures could only be approximated; the message names the finest size kept.</exception>
    /// <exception cref="InvalidOperationException">The accumulator keeps no time buckets.</exception>
    public PeriodComparison Compare(DateTimeOffset start, DateTimeOffset end)
    {
        if (end <= start)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, "The end must be after the start.");
        }

        if (_buckets.Length == 0)
        {
            throw new InvalidOperationException("Period comparisons need time buckets (UsageAccumulatorOptions.TimeBuckets).");
        }

        var previousStart = start - (end - start);
        foreach (var size in _allSizes)
        {
            var table = Array.Find(_buckets, b => b.Size == size);
            if (table is not null && IsBoundary(size, start) && IsBoundary(size, end) && IsBoundary(size, previousStart))
            {
                return Comparison(table, previousStart, start, end);
            }
        }

        var finest = Array.Find(_allSizes, size => Array.Exists(_buckets, b => b.Size == size));
        throw new ArgumentException(
            "The periods [" + previousStart.ToString("O", System.Globalization.CultureInfo.InvariantCulture) + ", " + start.ToString("O", System.Globalization.CultureInfo.InvariantCulture) + ") and [.., "
            + end.ToString("O", System.Globalization.CultureInfo.InvariantCulture) + ") do not start and end on bucket boundaries; the finest bucket kept is " + finest + ".",
            nameof(start));
    }

    /// <summary>The window of <paramref name="length"/> ending at the end of the minute or hour bucket holding
    /// <paramref name="now"/> (at <paramref name="now"/> itself when it is a boundary), against the one before; or
    /// <see langword="null"/> without minute or hour buckets.</summary>
    private PeriodComparison? RecentComparison(DateTimeOffset now, TimeSpan length)
    {
        foreach (var size in _recentSizes)
        {
            var table = Array.Find(_buckets, b => b.Size == size);
            if (table is null)
            {
                continue;
            }

            var utc = now.UtcTicks;
            var (bucketStart, bucketEnd) = _clock.BoundsOf(size, _clock.KeyOf(size, utc, _clock.OffsetTicks(utc)));
            var end = bucketStart.UtcTicks == utc ? now : bucketEnd;
            var start = end - length;
            var previousStart = start - length;
            return IsBoundary(size, start) && IsBoundary(size, previousStart) ? Comparison(table, previousStart, start, end) : null;
        }

        return null;
    }

    private bool IsBoundary(TimeBucketSize size, DateTimeOffset instant)
    {
        var utc = instant.UtcTicks;
        return _clock.BoundsOf(size, _clock.KeyOf(size, utc, _clock.OffsetTicks(utc))).Start.UtcTicks == utc;
    }

    private PeriodComparison Comparison(BucketTable table, DateTimeOffset previousStart, DateTimeOffset start, DateTimeOffset end)
    {
        var current = GroupState.Create(null);
        var previous = GroupState.Create(null);
        foreach (var (key, state) in table.All())
        {
            var bucketStart = _clock.BoundsOf(table.Size, key).Start;
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
            CurrentStart = _clock.AtInstant(start.UtcTicks),
            CurrentEnd = _clock.AtInstant(end.UtcTicks),
            PreviousStart = _clock.AtInstant(previousStart.UtcTicks),
            PreviousEnd = _clock.AtInstant(start.UtcTicks),
            Current = now,
            Previous = before,
            RequestsChangePercent = ChangePercent(now.Requests, before.Requests),
            SuccessesChangePercent = ChangePercent(now.Successes, before.Successes),
            EffectiveCostChangePercent = before.EffectiveCost == 0 ? null : (double)((now.EffectiveCost - before.EffectiveCost) / before.EffectiveCost * 100),
            TotalTokensChangePercent = ChangePercent(now.TotalTokens, before.TotalTokens),
            FailuresChangePercent = ChangePercent(now.Failures, before.Failures),
        };
    }

    private static double? ChangePercent(double current, double previous) =>
        previous == 0 ? null : (current - previous) / previous * 100;
}
