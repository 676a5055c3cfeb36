using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

/// <summary>The groups of one dimension: one <see cref="GroupState"/> per distinct value, plus the null group.</summary>
internal sealed class DimensionTable
{
    public DimensionTable(UsageDimension dimension, double? timingAccuracy)
    {
        Dimension = dimension;
        TimingAccuracy = timingAccuracy;
    }

    public UsageDimension Dimension { get; }

    /// <summary>Gets the sketch accuracy when the groups keep latency statistics, otherwise <see langword="null"/>.</summary>
    public double? TimingAccuracy { get; }

    /// <summary>Most identity-cache slots a table keeps (16 bytes each).</summary>
    private const int MaxCacheSlots = 1 << 14;

    /// <summary>The source of truth: each distinct key (compared ordinally) and the index of its state.</summary>
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private string[] _keys = [];
    private GroupState[] _states = [];
    private int _keyed;

    /// <summary>
    /// A direct-mapped cache from a key's string instance (by reference, slotted by its address) to its index: rows
    /// from one source mostly share instances (models, users from a pool), so a hit costs a multiplication and a
    /// compare instead of hashing the string and probing the dictionary. A miss (another instance with the same
    /// text, or an instance the garbage collector moved) falls back to <see cref="_ids"/> and refills the slot;
    /// entries are only ever compared with <see cref="object.ReferenceEquals"/>, so a stale one is harmless.
    /// </summary>
    private CacheEntry[] _cache = new CacheEntry[64];
    private int _cacheShift = 64 - 6;

    /// <summary>Gets the number of groups with a value (not counting the null group).</summary>
    public int KeyedCount => _keyed;

    /// <summary>Enumerates the groups with a value as (key, state copy), in first-seen order. Do not change the copies.</summary>
    public IEnumerable<(string Key, GroupState State)> Groups
    {
        get
        {
            for (var i = 0; i < _keyed; i++)
            {
                yield return (_keys[i], _states[i]);
            }
        }
    }

    private GroupState _none;

    /// <summary>Gets whether rows without a value arrived (then <see cref="None"/> is their group).</summary>
    public bool HasNone { get; private set; }

    /// <summary>Gets the group of rows without a value; meaningful when <see cref="HasNone"/>.</summary>
    public ref GroupState None => ref _none;

    public int Count => _keyed + (HasNone ? 1 : 0);

    public void Add(UsageRecord record, in RowFigures row)
    {
        if (Dimension.Kind == UsageDimensionKind.Tag)
        {
            AddTags(record.Tags, in row);
            return;
        }

        Get(Dimension.ValueOf(record)).Add(in row);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref GroupState Get(string? key)
    {
        if (key is null)
        {
            return ref GetNone();
        }

        var slot = (int)((ulong)Unsafe.As<string, nint>(ref key) * 0x9E3779B97F4A7C15UL >> _cacheShift);
        ref var entry = ref _cache[slot];
        if (ReferenceEquals(entry.Key, key))
        {
            return ref _states[entry.Index];
        }

        return ref GetSlow(key, slot);
    }

    private ref GroupState GetNone()
    {
        if (!HasNone)
        {
            _none = GroupState.Create(TimingAccuracy);
            HasNone = true;
        }

        return ref _none;
    }

    private ref GroupState GetSlow(string key, int slot)
    {
        ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(_ids, key, out var exists);
        if (!exists)
        {
            index = _keyed;
            if (_keyed == _states.Length)
            {
                var capacity = Math.Max(16, _states.Length * 2);
                Array.Resize(ref _states, capacity);
                Array.Resize(ref _keys, capacity);
            }

            _keys[_keyed] = key;
            _states[_keyed] = GroupState.Create(TimingAccuracy);
            _keyed++;
            if (_keyed * 2 > _cache.Length && _cache.Length < MaxCacheSlots)
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

    public void Merge(DimensionTable other)
    {
        if (other.HasNone)
        {
            Get(null).Merge(in other._none);
        }

        foreach (var (key, state) in other.Groups)
        {
            Get(key).Merge(in state);
        }
    }

    private void AddTags(IReadOnlyList<string> tags, in RowFigures row)
    {
        if (tags.Count == 0)
        {
            Get(null).Add(in row);
            return;
        }

        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i];
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
            }
        }
    }

    private readonly record struct CacheEntry(string? Key, int Index);
}
