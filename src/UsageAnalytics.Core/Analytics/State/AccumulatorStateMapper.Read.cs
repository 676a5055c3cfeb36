using System.Globalization;

namespace UsageAnalytics.Analytics;

/// <content>Restores an accumulator from a version 1 document, refusing anything an accumulator could not have
/// written: every message names the member (as a JSON path) and what is wrong with it.</content>
internal static partial class AccumulatorStateMapper
{
    /// <summary>The widest range of bucket keys (ticks): week keys may start up to six days before year 1, minute and
    /// hour keys up to a day's offset beyond either end of time.</summary>
    private const long MinBucketKey = -7 * TimeSpan.TicksPerDay;
    private static readonly long _maxBucketKey = DateTime.MaxValue.Ticks + TimeSpan.TicksPerDay;

    private static UsageAccumulator ToAccumulator(AccumulatorStateV1 state)
    {
        UsageAccumulator accumulator;
        try
        {
            accumulator = new UsageAccumulator(ToOptions(Need(state.Options, "$.options")));
        }
        catch (ArgumentException exception)
        {
            throw new UsageStateFormatException("The accumulator state's options are invalid ($.options): " + exception.Message, exception);
        }

        ReadGroup(state.Totals, "$.totals", ref accumulator.TotalsState);
        if (accumulator.Count > 0)
        {
            var first = Ticks(Need(state.FirstUtcTicks, "$.firstUtcTicks"), "$.firstUtcTicks");
            var last = Ticks(Need(state.LastUtcTicks, "$.lastUtcTicks"), "$.lastUtcTicks");
            if (first > last)
            {
                throw Bad("$.lastUtcTicks", "is before firstUtcTicks");
            }

            accumulator.RestoreTimeRange(first, last);
        }
        else if (state.FirstUtcTicks is not null || state.LastUtcTicks is not null)
        {
            throw Bad("$.firstUtcTicks", "is present but the totals count no rows");
        }

        var totals = accumulator.TotalsState;
        ReadDimensions(Need(state.Groups, "$.groups"), accumulator.Tables, in totals);
        ReadBuckets(Need(state.Buckets, "$.buckets"), accumulator, in totals);
        ReadSlots(Need(state.HourOfDay, "$.hourOfDay"), "$.hourOfDay", accumulator.HourOfDayStates, in totals, accumulator.DerivesPatterns);
        ReadSlots(Need(state.DayOfWeek, "$.dayOfWeek"), "$.dayOfWeek", accumulator.DayOfWeekStates, in totals, accumulator.DerivesPatterns);
        ReadCounter(state.Users, "$.users", accumulator.DistinctUsers);
        ReadCounter(state.Sessions, "$.sessions", accumulator.DistinctSessions);
        return accumulator;
    }

    private static UsageAccumulatorOptions ToOptions(StateOptionsV1 options)
    {
        var zoneId = Need(options.TimeZone, "$.options.timeZone");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
        {
            throw new UsageStateFormatException("The accumulator state's time zone '" + zoneId + "' ($.options.timeZone) is not known on this system.");
        }

        var sizes = Need(options.TimeBuckets, "$.options.timeBuckets");
        var timeBuckets = new List<TimeBucketSize>(sizes.Count);
        for (var i = 0; i < sizes.Count; i++)
        {
            var path = Index("$.options.timeBuckets", i);
            timeBuckets.Add(EnumName<TimeBucketSize>(Need(sizes[i], path), path));
        }

        return new UsageAccumulatorOptions
        {
            GroupBy = Dimensions(Need(options.GroupBy, "$.options.groupBy"), "$.options.groupBy"),
            LatencyBy = Dimensions(Need(options.LatencyBy, "$.options.latencyBy"), "$.options.latencyBy"),
            LatencyInTimeBuckets = options.LatencyInTimeBuckets,
            TimeBuckets = timeBuckets,
            TimeZone = zone,
            FirstDayOfWeek = EnumName<DayOfWeek>(Need(options.FirstDayOfWeek, "$.options.firstDayOfWeek"), "$.options.firstDayOfWeek"),
            CountDistinct = options.CountDistinct,
            RelativeAccuracy = options.RelativeAccuracy,
            Currency = Need(options.Currency, "$.options.currency"),
        };
    }

    private static List<UsageDimension> Dimensions(IReadOnlyList<string> names, string path)
    {
        var dimensions = new List<UsageDimension>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            var itemPath = Index(path, i);
            try
            {
                dimensions.Add(UsageDimension.Parse(Need(names[i], itemPath)));
            }
            catch (ArgumentException exception)
            {
                throw new UsageStateFormatException("The accumulator state is malformed at '" + itemPath + "': " + exception.Message, exception);
            }
        }

        return dimensions;
    }

    private static void ReadDimensions(IReadOnlyList<DimensionGroupsV1> groups, DimensionTable[] tables, in GroupState totals)
    {
        if (groups.Count != tables.Length)
        {
            throw Bad("$.groups", Invariant($"has {groups.Count} entries but the options group by {tables.Length} dimensions"));
        }

        for (var i = 0; i < tables.Length; i++)
        {
            var path = Index("$.groups", i);
            var entry = Need(groups[i], path);
            var table = tables[i];
            var dimension = Need(entry.Dimension, path + ".dimension");
            if (!string.Equals(dimension, table.Dimension.Name, StringComparison.Ordinal))
            {
                throw Bad(path + ".dimension", "is '" + dimension + "' but the options group by '" + table.Dimension.Name + "' there");
            }

            Int128 rows = 0;
            if (entry.None is { } none)
            {
                var read = ReadGroup(none, path + ".none", ref table.None);
                if (read.Requests == 0)
                {
                    throw Bad(path + ".none.n", "the group of rows without a value is present but counts no rows");
                }

                CheckWithinTotals(in read, in totals, path + ".none");
                rows += read.Requests;
            }

            foreach (var (key, group) in Need(entry.Values, path + ".values"))
            {
                var keyPath = path + ".values['" + key + "']";
                if (DimensionKey.Normalize(key) is null)
                {
                    throw Bad(keyPath, "a blank key is no value; rows without a value belong in 'none'");
                }

                if (group is { Requests: 0 })
                {
                    throw Bad(keyPath + ".n", "a group counts at least one row");
                }

                var read = ReadGroup(group, keyPath, ref table.Get(key));
                CheckWithinTotals(in read, in totals, keyPath);
                rows += read.Requests;
            }

            // Each row is in exactly one group of a dimension, except tags: once per distinct tag, or in 'none'.
            if (table.Dimension.Kind == UsageDimensionKind.Tag ? rows < totals.Requests : rows != totals.Requests)
            {
                throw Bad(path, Invariant($"its groups count {rows} rows but the totals {totals.Requests}: a group is missing, repeated or filed under another dimension"));
            }
        }
    }

    private static void ReadBuckets(IReadOnlyList<BucketGroupsV1> buckets, UsageAccumulator accumulator, in GroupState totals)
    {
        var tables = accumulator.BucketTables;
        if (buckets.Count != tables.Length)
        {
            throw Bad("$.buckets", Invariant($"has {buckets.Count} entries but the options keep {tables.Length} bucket sizes"));
        }

        for (var i = 0; i < tables.Length; i++)
        {
            var path = Index("$.buckets", i);
            var entry = Need(buckets[i], path);
            var table = tables[i];
            var size = Need(entry.Size, path + ".size");
            if (!string.Equals(size, table.Size.ToString(), StringComparison.Ordinal))
            {
                throw Bad(path + ".size", "is '" + size + "' but the options keep '" + table.Size + "' buckets there");
            }

            // The buckets of the rows' instants, with a day's margin for local dates around offset changes.
            var hasRows = accumulator.Count > 0;
            var lowKey = hasRows ? accumulator.BucketKeyOf(table.Size, Math.Max(0, accumulator.FirstUtcTicks - TimeSpan.TicksPerDay)) : 0;
            var highKey = hasRows ? accumulator.BucketKeyOf(table.Size, Math.Min(DateTime.MaxValue.Ticks, accumulator.LastUtcTicks + TimeSpan.TicksPerDay)) : -1;
            Int128 rows = 0;
            var money = (0m, 0m, 0m);

            foreach (var (key, group) in Need(entry.Values, path + ".values"))
            {
                var keyPath = path + ".values['" + key + "']";
                if (!long.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ticks)
                    || !string.Equals(key, ticks.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
                {
                    throw Bad(keyPath, "a bucket key must be a whole number of ticks, written without a plus sign or leading zeros");
                }

                if (ticks < (table.Size == TimeBucketSize.Month ? 0 : MinBucketKey) || ticks > (table.Size == TimeBucketSize.Month ? DateTime.MaxValue.Ticks : _maxBucketKey))
                {
                    throw Bad(keyPath, "the bucket key is outside the range of dates");
                }

                if (ticks < lowKey || ticks > highKey)
                {
                    throw Bad(keyPath, "the bucket is outside the time range of the rows (firstUtcTicks to lastUtcTicks)");
                }

                if (group is { Requests: 0 })
                {
                    throw Bad(keyPath + ".n", "a bucket counts at least one row");
                }

                var read = ReadGroup(group, keyPath, ref table.Get(ticks));
                CheckWithinTotals(in read, in totals, keyPath);
                AddWithinTotals(ref money, in read, in totals, path);
                rows += read.Requests;
            }

            if (rows != totals.Requests)
            {
                throw Bad(path, Invariant($"its buckets count {rows} rows but the totals {totals.Requests}"));
            }
        }
    }

    private static void ReadSlots(IReadOnlyList<GroupStateV1> slots, string path, GroupState[] states, in GroupState totals, bool derived)
    {
        if (slots.Count != states.Length)
        {
            throw Bad(path, Invariant($"has {slots.Count} slots instead of {states.Length}"));
        }

        Int128 rows = 0;
        var money = (0m, 0m, 0m);
        for (var i = 0; i < states.Length; i++)
        {
            var slotPath = Index(path, i);
            var read = ReadGroup(slots[i], slotPath, ref states[i]);
            if (derived && read.Requests != 0)
            {
                throw Bad(slotPath + ".n", "the slots are derived from the hour or minute buckets, so the state keeps them empty");
            }

            CheckWithinTotals(in read, in totals, slotPath);
            AddWithinTotals(ref money, in read, in totals, path);
            rows += read.Requests;
        }

        if (!derived && rows != totals.Requests)
        {
            throw Bad(path, Invariant($"its slots count {rows} rows but the totals {totals.Requests}"));
        }
    }

    private static void ReadCounter(string? base64, string path, DistinctCounter? counter)
    {
        if (counter is null)
        {
            if (base64 is not null)
            {
                throw Bad(path, "is present but the options do not estimate it (countDistinct is off, or it is a group dimension)");
            }

            return;
        }

        try
        {
            counter.Merge(DistinctCounter.FromBase64(Need(base64, path)));
        }
        catch (FormatException exception)
        {
            throw new UsageStateFormatException("The accumulator state is malformed at '" + path + "': it is not base64 HyperLogLog registers. " + exception.Message, exception);
        }
    }
}
