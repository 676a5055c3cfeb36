namespace UsageAnalytics.Analytics;

/// <summary>Builds the parts of a <see cref="UsageSummary"/> from internal state: groups, time series, pattern slots
/// and peaks, each through <see cref="FiguresReader"/>.</summary>
internal static class SummaryParts
{
    public static List<UsageGroup> GroupsOf(DimensionTable table)
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

        list.Sort(static (a, b) =>
        {
            var byCost = b.Figures.EffectiveCost.CompareTo(a.Figures.EffectiveCost);
            return byCost != 0 ? byCost : string.CompareOrdinal(a.Key, b.Key);
        });
        return list;
    }

    public static List<(long Key, GroupState State)> SortedBuckets(BucketTable table)
    {
        var buckets = table.All().ToList();
        buckets.Sort(static (a, b) => a.Key.CompareTo(b.Key));
        return buckets;
    }

    public static List<UsageTimeBucket> BucketsOf(BucketTable table, ZoneClock clock)
    {
        var buckets = SortedBuckets(table);
        var list = new List<UsageTimeBucket>(buckets.Count);
        foreach (var (key, state) in buckets)
        {
            var (start, end) = clock.BoundsOf(table.Size, key);
            list.Add(new UsageTimeBucket { Size = table.Size, Start = start, End = end, Figures = FiguresReader.FiguresOf(state) });
        }

        return list;
    }

    public static List<PatternSlot> SlotsOf(GroupState[] states)
    {
        var slots = new List<PatternSlot>(states.Length);
        for (var i = 0; i < states.Length; i++)
        {
            slots.Add(new PatternSlot { Slot = i, Figures = FiguresReader.FiguresOf(in states[i]) });
        }

        return slots;
    }

    /// <summary>Derives the hour-of-day and weekday slots from hour (or minute) buckets keyed by the UTC instant they
    /// start; the local clock there names the slot. (In a zone whose clock jumps by half an hour, the one hour bucket
    /// around the jump is named by its first instant.)</summary>
    public static (GroupState[] HourOfDay, GroupState[] DayOfWeek) PatternsFrom(BucketTable source, ZoneClock clock)
    {
        var hourOfDay = NewStates(24);
        var dayOfWeek = NewStates(7);
        foreach (var (key, state) in source.All())
        {
            var local = key + clock.OffsetTicks(key);
            hourOfDay[(int)(local / TimeSpan.TicksPerHour % 24)].Merge(in state);
            dayOfWeek[(int)(((local / TimeSpan.TicksPerDay) + 1) % 7)].Merge(in state);
        }

        return (hourOfDay, dayOfWeek);
    }

    public static GroupState[] NewStates(int count)
    {
        var states = new GroupState[count];
        for (var i = 0; i < count; i++)
        {
            states[i] = GroupState.Create(null);
        }

        return states;
    }

    /// <summary>The bucket with the most requests, the earliest on a tie.</summary>
    public static UsageTimeBucket? PeakOf(IReadOnlyList<UsageTimeBucket>? buckets)
    {
        UsageTimeBucket? peak = null;
        foreach (var bucket in buckets ?? [])
        {
            if (peak is null || bucket.Figures.Requests > peak.Figures.Requests)
            {
                peak = bucket;
            }
        }

        return peak;
    }
}
