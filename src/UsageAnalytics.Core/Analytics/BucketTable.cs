using System.Runtime.InteropServices;

namespace UsageAnalytics.Analytics;

/// <summary>The buckets of one size, keyed as <see cref="ZoneClock.KeyOf"/> describes.</summary>
internal sealed class BucketTable
{
    public BucketTable(TimeBucketSize size) => Size = size;

    public TimeBucketSize Size { get; }

    public Dictionary<long, GroupState> Buckets { get; } = [];

    public GroupState Get(long key)
    {
        ref var state = ref CollectionsMarshal.GetValueRefOrAddDefault(Buckets, key, out _);
        return state ??= new GroupState(null);
    }

    public void Merge(BucketTable other)
    {
        foreach (var (key, state) in other.Buckets)
        {
            Get(key).Merge(state);
        }
    }
}
