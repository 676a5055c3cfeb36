using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

/// <summary>The groups of one dimension: one <see cref="GroupState"/> per distinct value, plus the group of rows
/// without a value (see <see cref="DimensionKey"/>), which always lives in slot 0.</summary>
internal sealed class DimensionTable
{
    /// <summary>Most identity-cache slots a table keeps (16 bytes each).</summary>
    private const int MaxCacheSlots = 1 << 14;

    /// <summary>The source of truth: each distinct non-blank key (compared ordinally) and the index of its state.</summary>
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private string?[] _keys = new string?[16];
    private GroupState[] _states = new GroupState[16];
    private int _count = 1;

    /// <summary>
    /// A direct-mapped cache from a key's string instance (by reference, slotted by its address) to its index: rows
    /// from one source mostly share instances (models, users from a pool), so a hit costs a multiplication and a
    /// compare instead of hashing the string and probing the dictionary. A miss (another instance with the same
    /// text, or an instance the garbage collector moved) falls back to <see cref="_ids"/> and refills the slot;
    /// entries are only ever compared with <see cref="object.ReferenceEquals"/>, so a stale one is harmless. Blank
    /// keys are cached too, pointing at slot 0.
    /// </summary>
    private CacheEntry[] _cache = new CacheEntry[64];
    private int _cacheShift = 64 - 6;

    public DimensionTable(UsageDimension dimension, double? timingAccuracy)
    {
        Dimension = dimension;
        TimingAccuracy = timingAccuracy;
        _states[0] = GroupState.Create(timingAccuracy);
    }

    public UsageDimension Dimension { get; }

    /// <summary>Gets the sketch accuracy when the groups keep latency statistics, otherwise <see langword="null"/>.</summary>
    public double? TimingAccuracy { get; }

    /// <summary>Gets the number of groups with a value (not counting the group of rows without one).</summary>
    public int KeyedCount => _count - 1;

    /// <summary>Gets whether rows without a value arrived (then <see cref="None"/> is their group).</summary>
    public bool HasNone => _states[0].Requests > 0;

    /// <summary>Gets the group of rows without a value.</summary>
    public ref GroupState None => ref _states[0];

    /// <summary>Gets the number of groups, the group of rows without a value included when it has rows.</summary>
    public int Count => KeyedCount + (HasNone ? 1 : 0);

    /// <summary>Enumerates the groups with a value as (key, state copy), in first-seen order. Do not change the copies.</summary>
    public IEnumerable<(string Key, GroupState State)> Groups
    {
        get
        {
            for (var i = 1; i < _count; i++)
            {
                yield return (_keys[i]!, _states[i]);
            }
        }
    }

    public void Add(UsageRecord record, in RowFigures row)
    {
        if (Dimension.Kind == UsageDimensionKind.Tag)
        {
            AddTags(record.Tags, in row);
            return;
        }

        Get(Dimension.ValueOf(record)).Add(in row);
    }

    /// <summary>Returns the group of a raw value; blank values map to the group of rows without a value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref GroupState Get(string? key)
    {
        if (key is null)
        {
            return ref _states[0];
        }

        var slot = (int)((ulong)Unsafe.As<string, nint>(ref key) * 0x9E3779B97F4A7C15UL >> _cacheShift);
        ref var entry = ref _cache[slot];
        if (ReferenceEquals(entry.Key, key))
        {
            return ref _states[entry.Index];
        }

        return ref GetSlow(key, slot);
    }

    public void Merge(DimensionTable other)
    {
        _states[0].Merge(in other._states[0]);
        foreach (var (key, state) in other.Groups)
        {
            Get(key).Merge(in state);
        }
    }

    private ref GroupState GetSlow(string key, int slot)
    {
        if (DimensionKey.Normalize(key) is null)
        {
            _cache[slot] = new CacheEntry(key, 0);
            return ref _states[0];
        }

        ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(_ids, key, out var exists);
        if (!exists)
        {
            index = _count;
            if (_count == _states.Length)
            {
                Array.Resize(ref _states, _states.Length * 2);
                Array.Resize(ref _keys, _keys.Length * 2);
            }

            _keys[_count] = key;
            _states[_count] = GroupState.Create(TimingAccuracy);
            _count++;
            if (_count * 2 > _cache.Length && _cache.Length < MaxCacheSlots)
            {
                // A bigger cache for a bigger table; it starts empty and refills on the next misses.
                _cache = new CacheEntry[_cache.Length * 4];
                _cacheShift -= 2;
                return ref _states[index];
            }
        }

        _cache[slot] = new CacheEntry(key, index);
        return ref _states[index];
    }

    private void AddTags(IReadOnlyList<string> tags, in RowFigures row)
    {
        var counted = false;
        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i];
            if (DimensionKey.Normalize(tag) is null)
            {
                continue;
            }

            var repeated = false;
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(tags[j], tag, StringComparison.Ordinal))
                {
                    repeated = true;
                    break;
                }
            }

            if (!repeated)
            {
                Get(tag).Add(in row);
                counted = true;
            }
        }

        if (!counted)
        {
            _states[0].Add(in row);
        }
    }

    private readonly record struct CacheEntry(string? Key, int Index);
}
