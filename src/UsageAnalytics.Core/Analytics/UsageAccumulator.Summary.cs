using UsageAnalytics.Insights;
namespace UsageAnalytics.Analytics;

/// <content>Turning the state into results.</content>
public sealed partial class UsageAccumulator
{
    private static readonly TimeBucketSize[] _comparisonSizes = [TimeBucketSize.Minute, TimeBucketSize.Hour, TimeBucketSize.Day];

    /// <summary>Computes everything a dashboard shows from the current state. The accumulator is not changed.</summary>
    /// <returns>The summary; empty state gives zeros, empty lists and <see langword="null"/> rates.</returns>
    public AnalyticsSummary ToSummary()
    {
        var now = _options.TimeProvider.GetUtcNow();
        var groups = new Dictionary<UsageDimension, IReadOnlyList<AnalyticsGroup>>();
        var drivers = new List<CostDriver>();
        var total = _totals.Effective.Total;
        foreach (var table in _tables)
        {
            var list = GroupsOf(table);
            groups[table.Dimension] = list;
            foreach (var group in list)
            {
                if (group.Figures.EffectiveCost != 0)
                {
                    drivers.Add(new CostDriver
                    {
                        Dimension = group.Dimension,
                        Key = group.Key,
                        EffectiveCost = group.Figures.EffectiveCost,
                        Share = total == 0 ? null : (double)(group.Figures.EffectiveCost / total),
                    });
                }
            }
        }

        drivers.Sort(static (a, b) =>
        {
            var byCost = b.EffectiveCost.CompareTo(a.EffectiveCost);
            if (byCost != 0)
            {
                return byCost;
            }

            var byDimension = string.CompareOrdinal(a.Dimension.Name, b.Dimension.Name);
            return byDimension != 0 ? byDimension : string.CompareOrdinal(a.Key, b.Key);
        });
        if (drivers.Count > _options.TopCostDriverCount)
        {
            drivers.RemoveRange(_options.TopCostDriverCount, drivers.Count - _options.TopCostDriverCount);
        }

        var series = new Dictionary<TimeBucketSize, IReadOnlyList<AnalyticsTimeBucket>>();
        foreach (var bucket in _buckets)
        {
            series[bucket.Size] = BucketsOf(bucket);
        }

        var (hourOfDay, dayOfWeek) = Patterns();
        return new AnalyticsSummary
        {
            Totals = FiguresOf(_totals),
            FirstTimestamp = Count == 0 ? null : _clock.AtInstant(_firstUtcTicks),
            LastTimestamp = Count == 0 ? null : _clock.AtInstant(_lastUtcTicks),
            UniqueUsers = DistinctOf(UsageDimension.User, _users),
            UniqueSessions = DistinctOf(UsageDimension.Session, _sessions),
            Groups = groups,
            TimeSeries = series,
            HourOfDay = SlotsOf(hourOfDay),
            DayOfWeek = SlotsOf(dayOfWeek),
            PeakDay = PeakOf(series, TimeBucketSize.Day),
            PeakHour = PeakOf(series, TimeBucketSize.Hour),
            TopCostDrivers = drivers,
            Last24Hours = ComparisonOrNull(now - TimeSpan.FromHours(24), now),
            WeekOverWeek = ComparisonOrNull(now - TimeSpan.FromDays(7), now),
            GeneratedAt = _clock.AtInstant(now.UtcTicks),
        };
    }

    /// <summary>Compares a period with the period of equal length just before it.</summary>
    /// <param name="start">The start of the current period (inclusive).</param>
    /// <param name="end">The end of the current period (exclusive); after <paramref name="start"/>.</param>
    /// <returns>The comparison, resolved at the finest minute, hour or day bucket kept.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="end"/> is not after <paramref name="start"/>.</exception>
    /// <exception cref="InvalidOperationException">The accumulator keeps no minute, hour or day buckets.</exception>
    public PeriodComparison Compare(DateTimeOffset start, DateTimeOffset end)
    {
        if (end <= start)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, "The end must be after the start.");
        }

        return ComparisonOrNull(start, end)
            ?? throw new InvalidOperationException("Period comparisons need minute, hour or day buckets (UsageAccumulatorOptions.TimeBuckets).");
    }

    internal static UsageFigures FiguresOf(in GroupState state)
    {
        if (state.Requests == 0)
        {
            return UsageFigures.Empty;
        }

        var requests = state.Requests;
        var totalTokens = state.PromptTokens + state.CompletionTokens;
        return new UsageFigures
        {
            Requests = requests,
            Successes = requests - state.Failures,
            Failures = state.Failures,
            ErrorRate = (double)state.Failures / requests,
            EstimatedCost = state.Estimated.Total,
            ActualCost = state.Actual.Total,
            EffectiveCost = state.Effective.Total,
            ActualizedCount = state.Actualized,
            EstimatedOnlyCount = requests - state.Actualized,
            MissingRequestIdCount = state.MissingRequestId,
            PromptTokens = state.PromptTokens,
            CompletionTokens = state.CompletionTokens,
            CachedPromptTokens = state.CachedPromptTokens,
            CacheWriteTokens = state.CacheWriteTokens,
            ReasoningTokens = state.ReasoningTokens,
            TotalTokens = totalTokens,
            TokensPerRequest = (double)totalTokens / requests,
            OutputTokensPerSecond = state.Timing is { TimedLatencyMs: > 0 } timing ? timing.TimedCompletionTokens / (timing.TimedLatencyMs / 1000) : null,
            CacheHitRate = state.CacheKnown == 0 ? null : (double)state.CacheHits / state.CacheKnown,
            Latency = state.Timing is null ? null : StatsOf(state.Timing.Latency),
            TimeToFirstToken = state.Timing is null ? null : StatsOf(state.Timing.TimeToFirstToken),
        };
    }

    internal static DurationStats? StatsOf(in RunningStats stats)
    {
        if (stats.Count == 0)
        {
            return null;
        }

        var sketch = stats.Sketch;
        var min = stats.Min;
        var max = stats.Max;
        return new DurationStats
        {
            Count = stats.Count,
            MeanMs = stats.Sum / stats.Count,
            MinMs = min,
            MaxMs = max,
            P50Ms = Clamp(sketch?.Quantile(0.50), min, max),
            P95Ms = Clamp(sketch?.Quantile(0.95), min, max),
            P99Ms = Clamp(sketch?.Quantile(0.99), min, max),
        };
    }

    internal static int CompareGroups(AnalyticsGroup a, AnalyticsGroup b)
    {
        var byCost = b.Figures.EffectiveCost.CompareTo(a.Figures.EffectiveCost);
        return byCost != 0 ? byCost : string.CompareOrdinal(a.Key, b.Key);
    }

    private static List<(long Key, GroupState State)> SortedBuckets(BucketTable table)
    {
        var buckets = table.All().ToList();
        buckets.Sort(static (a, b) => a.Key.CompareTo(b.Key));
        return buckets;
    }

    private static double? Clamp(double? value, double min, double max) =>
        value is { } v ? Math.Clamp(v, min, max) : null;

    private static double? ChangePercent(double current, double previous) =>
        previous == 0 ? null : (current - previous) / previous * 100;

    private static List<PatternSlot> SlotsOf(PatternState[] states)
    {
        var slots = new List<PatternSlot>(states.Length);
        for (var i = 0; i < states.Length; i++)
        {
            slots.Add(new PatternSlot
            {
                Slot = i,
                Requests = states[i].Requests,
                Failures = states[i].Failures,
                EffectiveCost = states[i].Effective.Total,
                TotalTokens = states[i].TotalTokens,
            });
        }

        return slots;
    }

    private static AnalyticsTimeBucket? PeakOf(Dictionary<TimeBucketSize, IReadOnlyList<AnalyticsTimeBucket>> series, TimeBucketSize size)
    {
        if (!series.TryGetValue(size, out var buckets))
        {
            return null;
        }

        AnalyticsTimeBucket? peak = null;
        foreach (var bucket in buckets)
        {
            if (peak is null || bucket.Figures.Requests > peak.Figures.Requests)
            {
                peak = bucket;
            }
        }

        return peak;
    }

    private (PatternState[] HourOfDay, PatternState[] DayOfWeek) Patterns()
    {
        if (_patternSource is null)
        {
            return (_hourOfDay, _dayOfWeek);
        }

        // Minute and hour buckets are keyed by the instant they start; the local clock there names the slot. (In a
        // zone whose clock jumps by half an hour, the one hour bucket around the jump is named by its first instant.)
        var hourOfDay = new PatternState[24];
        var dayOfWeek = new PatternState[7];
        foreach (var (key, state) in _patternSource.All())
        {
            var local = key + _clock.OffsetTicks(key);
            var slot = new PatternState { Requests = state.Requests, Failures = state.Failures, TotalTokens = state.PromptTokens + state.CompletionTokens, Effective = state.Effective };
            hourOfDay[(int)(local / TimeSpan.TicksPerHour % 24)].Merge(slot);
            dayOfWeek[(int)(((local / TimeSpan.TicksPerDay) + 1) % 7)].Merge(slot);
        }

        return (hourOfDay, dayOfWeek);
    }

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

    private static List<AnalyticsGroup> GroupsOf(DimensionTable table)
    {
        var list = new List<AnalyticsGroup>(table.Count);
        if (table.HasNone)
        {
            list.Add(new AnalyticsGroup { Dimension = table.Dimension, Key = null, Figures = FiguresOf(in table.None) });
        }

        foreach (var (key, state) in table.Groups)
        {
            list.Add(new AnalyticsGroup { Dimension = table.Dimension, Key = key, Figures = FiguresOf(state) });
        }

        list.Sort(CompareGroups);
        return list;
    }

    private List<AnalyticsTimeBucket> BucketsOf(BucketTable table)
    {
        var buckets = SortedBuckets(table);
        var list = new List<AnalyticsTimeBucket>(buckets.Count);
        foreach (var (key, state) in buckets)
        {
            var (start, end) = _clock.BoundsOf(table.Size, key);
            list.Add(new AnalyticsTimeBucket { Size = table.Size, Start = start, End = end, Figures = FiguresOf(state) });
        }

        return list;
    }

    private PeriodComparison? ComparisonOrNull(DateTimeOffset start, DateTimeOffset end)
    {
        BucketTable? finest = null;
        foreach (var size in _comparisonSizes)
        {
            finest = Array.Find(_buckets, b => b.Size == size);
            if (finest is not null)
            {
                break;
            }
        }

        if (finest is null)
        {
            return null;
        }

        var length = end - start;
        var previousStart = start - length;
        var current = GroupState.Create(null);
        var previous = GroupState.Create(null);
        foreach (var (key, state) in finest.All())
        {
            var bucketStart = _clock.BoundsOf(finest.Size, key).Start;
            if (bucketStart >= start && bucketStart < end)
            {
                current.Merge(in state);
            }
            else if (bucketStart >= previousStart && bucketStart < start)
            {
                previous.Merge(in state);
            }
        }

        var now = FiguresOf(current);
        var before = FiguresOf(previous);
        return new PeriodComparison
        {
            CurrentStart = _clock.AtInstant(start.UtcTicks),
            CurrentEnd = _clock.AtInstant(end.UtcTicks),
            PreviousStart = _clock.AtInstant(previousStart.UtcTicks),
            Current = now,
            Previous = before,
            RequestsChangePercent = ChangePercent(now.Requests, before.Requests),
            EffectiveCostChangePercent = ChangePercent((double)now.EffectiveCost, (double)before.EffectiveCost),
            TotalTokensChangePercent = ChangePercent(now.TotalTokens, before.TotalTokens),
            FailuresChangePercent = ChangePercent(now.Failures, before.Failures),
        };
    }
}
