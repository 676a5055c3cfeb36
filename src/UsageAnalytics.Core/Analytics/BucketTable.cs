using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace UsageAnalytics.Analytics;

/// <summary>The buckets of one size, keyed as <see cref="ZoneClock.KeyOf"/> describes.</summary>
/// <remarks>
/// Buckets of a fixed length (minute, hour, day, week) live in a dense window of slots around the first key seen,
/// so the hot path is a subtraction and a division by a constant instead of a hash lookup; keys outside the window,
/// keys off the grid (a half-hour daylight saving shift) and months go to a dictionary. Memory stays O(buckets).
/// </remarks>
internal sealed class BucketTable
{
    private const int WindowSlots = 1 << 13;

    private readonly Dictionary<long, GroupState> _sparse = [];
    private readonly long _step;
    private GroupState?[]? _dense;
    private long _base;

    private readonly double? _timingAccuracy;

    public BucketTable(TimeBucketSize size, double? timingAccuracy)
    {
        Size = size;
        _timingAccuracy = timingAccuracy;
        _step = size switch
        {
            TimeBucketSize.Minute => TimeSpan.TicksPerMinute,
            TimeBucketSize.Hour => TimeSpan.TicksPerHour,
            TimeBucketSize.Day => TimeSpan.TicksPerDay,
            TimeBucketSize.Week => 7 * TimeSpan.TicksPerDay,
            _ => 0,
        };
    }

    public TimeBucketSize Size { get; }

    public int Count
    {
        get
        {
            var count = _sparse.Count;
            if (_dense is not null)
            {
                foreach (var state in _dense)
                {
                    count += state is null ? 0 : 1;
                }
            }

            return count;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public GroupState Get(long key)
    {
        var dense = _dense;
        if (dense is not null)
        {
            var delta = key - _base;
            var slot = Size switch
            {
                TimeBucketSize.Hour => Slot(delta, TimeSpan.TicksPerHour),
                TimeBucketSize.Day => Slot(delta, TimeSpan.TicksPerDay),
                TimeBucketSize.Minute => Slot(delta, TimeSpan.TicksPerMinute),
                _ => Slot(delta, 7 * TimeSpan.TicksPerDay),
            };
            if ((ulong)slot < (ulong)dense.Length)
            {
                return dense[slot] ??= new GroupState(_timingAccuracy);
            }
        }
        else if (_step != 0)
        {
            _dense = new GroupState?[WindowSlots];
            _base = key - ((WindowSlots / 4) * _step);
            return Get(key);
        }

        ref var state = ref CollectionsMarshal.GetValueRefOrAddDefault(_sparse, key, out _);
        return state ??= new GroupState(_timingAccuracy);
    }

    /// <summary>Enumerates every bucket as (key, state), in no particular order.</summary>
    public IEnumerable<(long Key, GroupState State)> All()
    {
        if (_dense is not null)
        {
            for (var i = 0; i < _dense.Length; i++)
            {
                if (_dense[i] is { } state)
                {
                    yield return (_base + (i * _step), state);
                }
            }
        }

        foreach (var (key, state) in _sparse)
        {
            yield return (key, state);
        }
    }

    public void Merge(BucketTable other)
    {
        foreach (var (key, state) in other.All())
        {
            Get(key).Merge(state);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Slot(long delta, long step)
    {
        // Off-grid keys (not a whole number of steps from the base) must not share a slot: send them to the dictionary.
        var slot = delta / step;
        return slot * step == delta ? slot : -1;
    }
}
