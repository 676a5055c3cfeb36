using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

/// <summary>
/// Groups keyed by several dimensions at once, optionally per time bucket: the state a query keeps inside a
/// <see cref="UsageAccumulator"/>, so a query and a summary read the same rows through the same code (row check, row
/// figures, key rule, group state, figures).
/// </summary>
internal sealed class CompoundTable
{
    private readonly Dictionary<CompoundKey, GroupState> _groups = new(CompoundKeyComparer.Instance);
    private readonly IReadOnlyList<UsageDimension> _dimensions;
    private readonly string?[] _scratch;
    private readonly int _tagIndex = -1;
    private readonly double? _timingAccuracy;
    private readonly Func<string?, bool>? _allowsTag;

    /// <param name="dimensions">The key dimensions.</param>
    /// <param name="bucket">The time bucket of the key, if any.</param>
    /// <param name="timingAccuracy">The sketch accuracy of groups that keep latency statistics, or none.</param>
    /// <param name="allowsTag">When the query filters on tags too: which tags (and the no-tag group, as
    /// <see langword="null"/>) a row may be counted under, so a row that passed the filter through one tag is not
    /// also counted under its other tags.</param>
    public CompoundTable(IReadOnlyList<UsageDimension> dimensions, TimeBucketSize? bucket, double? timingAccuracy, Func<string?, bool>? allowsTag = null)
    {
        _dimensions = dimensions;
        _allowsTag = allowsTag;
        Bucket = bucket;
        _timingAccuracy = timingAccuracy;
        _scratch = new string?[dimensions.Count];
        for (var i = 0; i < dimensions.Count; i++)
        {
            if (dimensions[i].Kind == UsageDimensionKind.Tag)
            {
                _tagIndex = i;
            }
        }
    }

    public TimeBucketSize? Bucket { get; }

    public IEnumerable<(string?[] Keys, long Bucket, GroupState State)> Groups
    {
        get
        {
            foreach (var (key, state) in _groups)
            {
                yield return (key.Values, key.Bucket, state);
            }
        }
    }

    public void Add(UsageRecord record, in RowFigures row, long bucket)
    {
        for (var i = 0; i < _scratch.Length; i++)
        {
            _scratch[i] = i == _tagIndex ? null : DimensionKey.Normalize(_dimensions[i].ValueOf(record));
        }

        if (_tagIndex < 0)
        {
            Get(bucket).Add(in row);
            return;
        }

        // A row counts once per distinct non-blank tag, or once in the no-value group (the same rule as DimensionTable).
        var tags = record.Tags;
        var hasTag = false;
        for (var t = 0; t < tags.Count; t++)
        {
            if (DimensionKey.Normalize(tags[t]) is null)
            {
                continue;
            }

            hasTag = true;
            if (_allowsTag is not null && !_allowsTag(tags[t]))
            {
                continue;
            }

            var repeated = false;
            for (var u = 0; u < t && !repeated; u++)
            {
                repeated = string.Equals(tags[u], tags[t], StringComparison.Ordinal);
            }

            if (!repeated)
            {
                _scratch[_tagIndex] = tags[t];
                Get(bucket).Add(in row);
            }
        }

        if (!hasTag && (_allowsTag is null || _allowsTag(null)))
        {
            _scratch[_tagIndex] = null;
            Get(bucket).Add(in row);
        }
    }

    private ref GroupState Get(long bucket)
    {
        ref var state = ref CollectionsMarshal.GetValueRefOrNullRef(_groups, new CompoundKey(_scratch, bucket));
        if (Unsafe.IsNullRef(ref state))
        {
            // The scratch key is reused for every row: store a copy.
            state = ref CollectionsMarshal.GetValueRefOrAddDefault(_groups, new CompoundKey([.. _scratch], bucket), out _);
            state = GroupState.Create(_timingAccuracy);
        }

        return ref state;
    }

    private readonly record struct CompoundKey(string?[] Values, long Bucket);

    private sealed class CompoundKeyComparer : IEqualityComparer<CompoundKey>
    {
        public static readonly CompoundKeyComparer Instance = new();

        public bool Equals(CompoundKey x, CompoundKey y)
        {
            if (x.Bucket != y.Bucket)
            {
                return false;
            }

            for (var i = 0; i < x.Values.Length; i++)
            {
                if (!string.Equals(x.Values[i], y.Values[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        public int GetHashCode(CompoundKey obj)
        {
            var hash = new HashCode();
            hash.Add(obj.Bucket);
            foreach (var value in obj.Values)
            {
                hash.Add(value is null ? 0 : StringComparer.Ordinal.GetHashCode(value));
            }

            return hash.ToHashCode();
        }
    }
}
