using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using UsageAnalytics.Records;

using UsageAnalytics.Analytics;

namespace UsageAnalytics.Query;

/// <summary>
/// A usage query: dimensions × metrics × filter × sort × limit, optionally broken down by a time bucket, answered
/// in one streaming pass with memory bounded by the number of result groups.
/// </summary>
/// <example>
/// Top five models by cost last week, with their p95 latency:
/// <code>
/// var rows = new UsageQuery
/// {
///     Dimensions = [UsageDimension.Model],
///     Metrics = [UsageMetric.EffectiveCost, UsageMetric.LatencyP95Ms],
///     Filter = new UsageFilter { From = start, To = end },
///     Limit = 5,
/// }.Execute(records);
/// </code>
/// </example>
public sealed record UsageQuery
{
    /// <summary>Gets the dimensions to group by, in key order; empty (the default) gives one row for all rows.</summary>
    /// <remarks>At most one may be <see cref="UsageDimension.Tag"/>: a row then counts once per distinct tag.</remarks>
    public IReadOnlyList<UsageDimension> Dimensions { get; init; } = [];

    /// <summary>Gets the time bucket to break each group down by, or <see langword="null"/> (the default) for none.</summary>
    public TimeBucketSize? TimeBucket { get; init; }

    /// <summary>Gets the time zone of <see cref="TimeBucket"/>. Defaults to UTC.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Gets the metrics each row reports in <see cref="UsageQueryRow.Values"/>. Defaults to requests and effective cost.</summary>
    public IReadOnlyList<UsageMetric> Metrics { get; init; } = [UsageMetric.Requests, UsageMetric.EffectiveCost];

    /// <summary>Gets the rows to count. Defaults to <see cref="UsageFilter.None"/>.</summary>
    public UsageFilter Filter { get; init; } = UsageFilter.None;

    /// <summary>Gets the metric to sort by. Defaults to <see cref="UsageMetric.EffectiveCost"/>.</summary>
    /// <remarks>Ties (and rows whose value is <see langword="null"/>, which sort last) are ordered by bucket start,
    /// then by keys (ordinal, <see langword="null"/> first).</remarks>
    public UsageMetric SortBy { get; init; } = UsageMetric.EffectiveCost;

    /// <summary>Gets whether to sort descending. Defaults to <see langword="true"/>.</summary>
    public bool Descending { get; init; } = true;

    /// <summary>Gets the maximum number of rows to return, or <see langword="null"/> (the default) for all.</summary>
    public int? Limit { get; init; }

    /// <summary>Gets the relative accuracy of percentile metrics. Defaults to 0.01 (1%).</summary>
    public double RelativeAccuracy { get; init; } = QuantileSketch.DefaultRelativeAccuracy;

    /// <summary>Runs the query over rows.</summary>
    /// <param name="records">The rows, read once.</param>
    /// <returns>The sorted, limited rows; empty when nothing matches.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is null or contains null.</exception>
    /// <exception cref="ArgumentException">The query is inconsistent (null lists, two tag dimensions, a negative limit).</exception>
    public IReadOnlyList<UsageQueryRow> Execute(IEnumerable<UsageRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var state = Start();
        foreach (var record in records)
        {
            state.Add(record);
        }

        return state.Finish();
    }

    /// <summary>Runs the query over an asynchronous stream of rows.</summary>
    /// <param name="records">The rows, read once.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The sorted, limited rows; empty when nothing matches.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is null or contains null.</exception>
    /// <exception cref="ArgumentException">The query is inconsistent.</exception>
    public async Task<IReadOnlyList<UsageQueryRow>> ExecuteAsync(IAsyncEnumerable<UsageRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var state = Start();
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            state.Add(record);
        }

        return state.Finish();
    }

    internal static double? ValueOf(UsageFigures figures, UsageMetric metric) => metric switch
    {
        UsageMetric.Requests => figures.Requests,
        UsageMetric.Successes => figures.Successes,
        UsageMetric.Failures => figures.Failures,
        UsageMetric.ErrorRate => figures.ErrorRate,
        UsageMetric.EstimatedCost => (double)figures.EstimatedCost,
        UsageMetric.ActualCost => (double)figures.ActualCost,
        UsageMetric.EffectiveCost => (double)figures.EffectiveCost,
        UsageMetric.PromptTokens => figures.PromptTokens,
        UsageMetric.CompletionTokens => figures.CompletionTokens,
        UsageMetric.TotalTokens => figures.TotalTokens,
        UsageMetric.TokensPerRequest => figures.TokensPerRequest,
        UsageMetric.OutputTokensPerSecond => figures.OutputTokensPerSecond,
        UsageMetric.CacheHitRate => figures.CacheHitRate,
        UsageMetric.LatencyMeanMs => figures.Latency?.MeanMs,
        UsageMetric.LatencyP50Ms => figures.Latency?.P50Ms,
        UsageMetric.LatencyP95Ms => figures.Latency?.P95Ms,
        UsageMetric.LatencyP99Ms => figures.Latency?.P99Ms,
        UsageMetric.TimeToFirstTokenP50Ms => figures.TimeToFirstToken?.P50Ms,
        UsageMetric.TimeToFirstTokenP95Ms => figures.TimeToFirstToken?.P95Ms,
        UsageMetric.TimeToFirstTokenP99Ms => figures.TimeToFirstToken?.P99Ms,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };

    private QueryState Start()
    {
        ArgumentNullException.ThrowIfNull(Dimensions);
        ArgumentNullException.ThrowIfNull(Metrics);
        ArgumentNullException.ThrowIfNull(Filter);
        ArgumentNullException.ThrowIfNull(TimeZone);
        if (Dimensions.Any(d => d is null) || Dimensions.Count(d => d.Kind == UsageDimensionKind.Tag) > 1)
        {
            throw new ArgumentException("Dimensions must not contain null or more than one tag dimension.", nameof(Dimensions));
        }

        if (Limit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Limit), Limit, "The limit cannot be negative.");
        }

        var timing = Metrics.Append(SortBy).Any(m => m is UsageMetric.OutputTokensPerSecond or (>= UsageMetric.LatencyMeanMs and <= UsageMetric.TimeToFirstTokenP99Ms));
        return new QueryState(this, timing ? RelativeAccuracy : null);
    }

    /// <summary>The groups of one running query, keyed by their dimension values and bucket.</summary>
    private sealed class QueryState(UsageQuery query, double? sketchAccuracy)
    {
        private readonly Dictionary<QueryKey, GroupState> _groups = new(QueryKeyComparer.Instance);
        private readonly ZoneClock _clock = new(query.TimeZone, DayOfWeek.Monday);
        private readonly string?[] _scratch = new string?[query.Dimensions.Count];
        private readonly int _tagIndex = IndexOfTag(query.Dimensions);

        public void Add(UsageRecord record)
        {
            ArgumentNullException.ThrowIfNull(record);
            if (!query.Filter.Matches(record))
            {
                return;
            }

            var row = new RowFigures(record);
            long bucket = 0;
            if (query.TimeBucket is { } size)
            {
                var utc = record.Timestamp.UtcTicks;
                bucket = _clock.KeyOf(size, utc, _clock.OffsetTicks(utc));
            }

            for (var i = 0; i < _scratch.Length; i++)
            {
                _scratch[i] = i == _tagIndex ? null : query.Dimensions[i].ValueOf(record);
            }

            if (_tagIndex < 0 || record.Tags.Count == 0)
            {
                Get(bucket).Add(in row);
                return;
            }

            var tags = record.Tags;
            for (var t = 0; t < tags.Count; t++)
            {
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
        }

        public List<UsageQueryRow> Finish()
        {
            var rows = new List<UsageQueryRow>(_groups.Count);
            foreach (var (key, state) in _groups)
            {
                var figures = UsageAccumulator.FiguresOf(in state);
                DateTimeOffset? start = null;
                DateTimeOffset? end = null;
                if (query.TimeBucket is { } size)
                {
                    (var s, var e) = _clock.BoundsOf(size, key.Bucket);
                    (start, end) = (s, e);
                }

                var values = new double?[query.Metrics.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = ValueOf(figures, query.Metrics[i]);
                }

                rows.Add(new UsageQueryRow { Keys = key.Values, BucketStart = start, BucketEnd = end, Figures = figures, Values = values });
            }

            rows.Sort(Compare);
            if (query.Limit is { } limit && rows.Count > limit)
            {
                rows.RemoveRange(limit, rows.Count - limit);
            }

            return rows;
        }

        private static int IndexOfTag(IReadOnlyList<UsageDimension> dimensions)
        {
            for (var i = 0; i < dimensions.Count; i++)
            {
                if (dimensions[i].Kind == UsageDimensionKind.Tag)
                {
                    return i;
                }
            }

            return -1;
        }

        private ref GroupState Get(long bucket)
        {
            ref var state = ref CollectionsMarshal.GetValueRefOrNullRef(_groups, new QueryKey(_scratch, bucket));
            if (Unsafe.IsNullRef(ref state))
            {
                // The scratch key is reused for every row: store a copy.
                state = ref CollectionsMarshal.GetValueRefOrAddDefault(_groups, new QueryKey([.. _scratch], bucket), out _);
                state = GroupState.Create(sketchAccuracy);
            }

            return ref state;
        }

        private int Compare(UsageQueryRow a, UsageQueryRow b)
        {
            var byMetric = CompareMetric(a.Figures, b.Figures);
            if (byMetric != 0)
            {
                return byMetric;
            }

            var byBucket = Nullable.Compare(a.BucketStart, b.BucketStart);
            if (byBucket != 0)
            {
                return byBucket;
            }

            for (var i = 0; i < a.Keys.Count; i++)
            {
                var byKey = string.CompareOrdinal(a.Keys[i], b.Keys[i]);
                if (byKey != 0)
                {
                    return byKey;
                }
            }

            return 0;
        }

        private int CompareMetric(UsageFigures a, UsageFigures b)
        {
            // Money compares exactly as decimal; everything else as double. Nulls sort last either way.
            int order;
            switch (query.SortBy)
            {
                case UsageMetric.EstimatedCost:
                    order = a.EstimatedCost.CompareTo(b.EstimatedCost);
                    break;
                case UsageMetric.ActualCost:
                    order = a.ActualCost.CompareTo(b.ActualCost);
                    break;
                case UsageMetric.EffectiveCost:
                    order = a.EffectiveCost.CompareTo(b.EffectiveCost);
                    break;
                default:
                    var x = ValueOf(a, query.SortBy);
                    var y = ValueOf(b, query.SortBy);
                    if (x is null || y is null)
                    {
                        return x is null ? (y is null ? 0 : 1) : -1;
                    }

                    order = x.Value.CompareTo(y.Value);
                    break;
            }

            return query.Descending ? -order : order;
        }
    }

    private readonly record struct QueryKey(string?[] Values, long Bucket);

    private sealed class QueryKeyComparer : IEqualityComparer<QueryKey>
    {
        public static readonly QueryKeyComparer Instance = new();

        public bool Equals(QueryKey x, QueryKey y)
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

        public int GetHashCode(QueryKey obj)
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
