using UsageAnalytics.Records;
using UsageAnalytics.Analytics;

namespace UsageAnalytics.Alerts.Internal;

/// <summary>The rings of one distinct scope: 61 minute buckets, up to 745 hour buckets and two local days.</summary>
internal sealed class WindowScope
{
    public const int MinuteSlots = 61;

    public WindowScope(IReadOnlyList<KeyValuePair<UsageDimension, string>> filters, int hourSlots)
    {
        Filters = filters;
        Minutes = NewRing(MinuteSlots);
        Hours = NewRing(hourSlots);
        Days = NewRing(2);
    }

    public IReadOnlyList<KeyValuePair<UsageDimension, string>> Filters { get; }

    public WindowBucket[] Minutes { get; }

    public WindowBucket[] Hours { get; }

    /// <summary>Spend per local day (stamp = day number), today and yesterday.</summary>
    public WindowBucket[] Days { get; }

    public bool Matches(UsageRecord record)
    {
        foreach (var filter in Filters)
        {
            if (filter.Key.Kind == UsageDimensionKind.Tag)
            {
                var any = false;
                foreach (var tag in record.Tags)
                {
                    any |= string.Equals(tag, filter.Value, StringComparison.Ordinal);
                }

                if (!any)
                {
                    return false;
                }
            }
            else if (!string.Equals(filter.Key.ValueOf(record), filter.Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Adds to the slot of <paramref name="stamp"/>; false when the slot already holds a newer period.</summary>
    public static bool AddTo(WindowBucket[] ring, long stamp, UsageRecord record)
    {
        var bucket = ring[(int)(((stamp % ring.Length) + ring.Length) % ring.Length)];
        if (bucket.Stamp > stamp)
        {
            return false;
        }

        if (bucket.Stamp < stamp)
        {
            bucket.Reset(stamp);
        }

        bucket.Add(record);
        return true;
    }

    public static void MergeRing(WindowBucket[] mine, WindowBucket[] other)
    {
        for (var i = 0; i < mine.Length; i++)
        {
            var theirs = other[i];
            if (theirs.Stamp == long.MinValue || theirs.Stamp < mine[i].Stamp)
            {
                continue;
            }

            if (theirs.Stamp > mine[i].Stamp)
            {
                mine[i].Reset(theirs.Stamp);
            }

            mine[i].Merge(theirs);
        }
    }

    public static void Sum(WindowBucket[] ring, long first, long last, WindowBucket into)
    {
        foreach (var bucket in ring)
        {
            if (bucket.Stamp >= first && bucket.Stamp <= last)
            {
                into.Merge(bucket);
            }
        }
    }

    private static WindowBucket[] NewRing(int length)
    {
        var ring = new WindowBucket[length];
        for (var i = 0; i < length; i++)
        {
            ring[i] = new WindowBucket();
        }

        return ring;
    }
}
