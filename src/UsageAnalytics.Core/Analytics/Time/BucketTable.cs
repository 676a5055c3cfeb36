using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace UsageAnalytics.Analytics;

/// <summary>The buckets of one size, keyed as <see cref="ZoneClock.KeyOf"/> describes.</summary>
/// <remarks>
/// Buckets of a fixed length (minute, hour, day, week) live inline in a dense window of slots that grows (up to
/// <see cref="MaxSlots"/>) around the keys seen, so the hot path is a subtraction and a division by a constant
/// instead of a hash lookup and a pointer chase. Keys the window cannot reach, keys off the grid (a half-hour
/// daylight saving shift) and months go to a dictionary. Memory stays O(buckets).
/// </remarks>
internal sealed class BucketTable
{
    private const int MaxSlots = 1 << 13;
    private const int InitialSlots = 64;
    private const long OffGrid = long.MinValue;

    private readonly Dictionary<long, GroupState> _sparse = [];
    private readonly long _step;
    private readonly double? _timingAccuracy;
    private GroupState[] _dense = [];
    private bool[] _present = [];
    private long _base;

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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref GroupState Get(long key)
    {
        if (_step != 0)
        {
            if (_dense.Length == 0)
            {
                Start(key);
            }

            var slot = SlotOf(key);
            if ((ulong)slot < (ulong)_dense.Length)
            {
                if (!_present[slot])
                {
                    return ref Claim((int)slot, key);
                }

                return ref _dense[slot];
            }

            if (slot != OffGrid && TryGrow(slot))
            {
                return ref Get(key);
            }
        }

        ref var state = ref CollectionsMarshal.GetValueRefOrAddDefault(_sparse, key, out var exists);
        if (!exists)
        {
            state = GroupState.Create(_timingAccuracy);
        }

        return ref state;
    }

    /// <summary>Enumerates every bucket as (key, state copy), in no particular order. Do not change the copies.</summary>
    public IEnumerable<(long Key, GroupState State)> All()
    {
        for (var i = 0; i < _dense.Length; i++)
        {
            if (_present[i])
            {
                yield return (_base + (i * _step), _dense[i]);
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
            Get(key).Merge(in state);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long SlotOf(long key)
    {
        var delta = key - _base;

        // Constant divisors let the JIT multiply instead of divide.
        var slot = Size switch
        {
            TimeBucketSize.Hour => delta / TimeSpan.TicksPerHour,
            TimeBucketSize.Day => delta / TimeSpan.TicksPerDay,
            TimeBucketSize.Minute => delta / TimeSpan.TicksPerMinute,
            _ => delta / (7 * TimeSpan.TicksPerDay),
        };

        // Off-grid keys (not a whole number of steps from the base) must not share a slot.
        return slot * _step == delta ? slot : OffGrid;
    }

    private ref GroupState Claim(int slot, long key)
    {
        // A key that once fell outside the window may already live in the dictionary: move it in.
        _dense[slot] = _sparse.Remove(key, out var moved) ? moved : GroupState.Create(_timingAccuracy);
        _present[slot] = true;
        return ref _dense[slot];
    }

    /// <summary>Opens the window around the first key, which also fixes the grid of the dense keys.</summary>
    private void Start(long key)
    {
        _dense = new GroupState[InitialSlots];
        _present = new bool[InitialSlots];
        _base = key - ((InitialSlots / 4) * _step);
    }

    private bool TryGrow(long slot)
    {
        var low = Math.Min(0, slot);
        var high = Math.Max(_dense.Length - 1, slot);
        var needed = high - low + 1;
        if (needed > MaxSlots)
        {
            return false;
        }

        var capacity = (int)Math.Min(MaxSlots, Math.Max(needed * 2, _dense.Length * 2L));

        // Old slot j moves to j - first; the spare room goes to the side that grew.
        var first = slot < 0 ? low - (capacity - needed) : 0;
        var dense = new GroupState[capacity];
        var present = new bool[capacity];
        Array.Copy(_dense, 0, dense, -first, _dense.Length);
        Array.Copy(_present, 0, present, -first, _present.Length);
        _dense = dense;
        _present = present;
        _base += first * _step;
        return true;
    }
}
