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

        var series = new Dictionary<TimeBucketSize, IReadOnlyList<UsageTimeBucket>>();
        foreach (var bucket in _buckets)
        {
            series[bucket.Size] = BucketsOf(bucket);
        }

        var (hourOfDay, dayOfWeek) = Patterns();
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
            HourOfDay = SlotsOf(hourOfDay),
            DayOfWeek = SlotsOf(dayOfWeek),
            PeakDay = PeakOf(series, TimeBucketSize.Day),
            PeakHour = PeakOf(series, TimeBucketSize.Hour),
            TopCostDrivers = drivers,
            Last24Hours = RecentComparison(now, TimeSpan.FromHours(24)),
            WeekOverWeek = RecentComparison(now, TimeSpan.FromDays(7)),
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

    private static int CompareGroups(UsageGroup a, UsageGroup b)
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

    private static List<PatternSlot> SlotsOf(GroupState[] states)
    {
        var slots = new List<PatternSlot>(states.Length);
        for (var i = 0; i < states.Length; i++)
        {
            slots.Add(new PatternSlot { Slot = i, Figures = FiguresReader.FiguresOf(in states[i]) });
        }

        return slots;
    }

    private static UsageTimeBucket? PeakOf(Dictionary<TimeBucketSize, IReadOnlyList<UsageTimeBucket>> series, TimeBucketSize size)
    {
        if (!series.TryGetValue(size, out var buckets))
        {
            return null;
        }

        UsageTimeBucket? peak = null;
        foreach (var bucket in buckets)
        {
            if (peak is null || bucket.Figures.Requests > peak.Figures.Requests)
            {
                peak = bucket;
            }
        }

        return peak;
    }

    private (GroupState[] HourOfDay, GroupState[] DayOfWeek) Patterns()
    {
        if (_patternSource is null)
        {
            return (_hourOfDay, _dayOfWeek);
        }

        // Minute and hour buckets are keyed by the instant they start; the local clock there names the slot. (In a
        // zone whose clock jumps by half an hour, the one hour bucket around the jump is named by its first instant.)
        var hourOfDay = new GroupState[24];
        var dayOfWeek = new GroupState[7];
        for (var i = 0; i < hourOfDay.Length; i++)
        {
            hourOfDay[i] = GroupState.Create(null);
        }

        for (var i = 0; i < dayOfWeek.Length; i++)
        {
            dayOfWeek[i] = GroupState.Create(null);
        }

        foreach (var (key, state) in _patternSource.All())
        {
            var local = key + _clock.OffsetTicks(key);
            hourOfDay[(int)(local / TimeSpan.TicksPerHour % 24)].Merge(in state);
            dayOfWeek[(int)(((local / TimeSpan.TicksPerDay) + 1) % 7)].Merge(in state);
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

    private static List<UsageGroup> GroupsOf(DimensionTable table)
    {
        var list = new List<UsageGroup>(table.Count);
        if (table.HasNone)
        {
            list.Add(new UsageGroup { Dimension = table.Dimension, Key = null, Figures = FiguresReader.FiguresOf(in table.None) });
        }

        foreach (var (key, state) in table.Groups)
        {
            list.Add(new UsageGroup { Dimension = table.Dimension, Key = key, Figures = FiguresReader.FiguresOf(state) });
        }

        list.Sort(CompareGroups);
        return list;
    }

    private List<UsageTimeBucket> BucketsOf(BucketTable table)
    {
        var buckets = SortedBuckets(table);
        var list = new List<UsageTimeBucket>(buckets.Count);
        foreach (var (key, state) in buckets)
        {
            var (start, end) = _clock.BoundsOf(table.Size, key);
            list.Add(new UsageTimeBucket { Size = table.Size, Start = start, End = end, Figures = FiguresReader.FiguresOf(state) });
        }

        return list;
    }
}
