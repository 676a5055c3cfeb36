using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Query;

/// <summary>
/// A usage query: dimensions × metrics × filter × sort × limit, optionally broken down by a time bucket, answered
/// in one streaming pass with memory bounded by the number of result groups.
/// </summary>
/// <remarks>
/// A query runs on a <see cref="UsageAccumulator"/>'s state: the rows that pass <see cref="Filter"/> go through the
/// same row check (refused rows throw, see <see cref="UsageAccumulator.Add"/>), key rule, group state and figures as a
/// summary, so a query and a summary of the same rows never disagree.
/// </remarks>
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

    /// <summary>Gets the relative accuracy of percentile metrics, in (0, 1). Defaults to 0.01 (1%).</summary>
    public double RelativeAccuracy { get; init; } = QuantileSketch.DefaultRelativeAccuracy;

    /// <summary>Gets the ISO 4217 code of the one currency the query sums. Defaults to <c>USD</c>; a row in another
    /// currency is refused with an <see cref="ArgumentException"/> naming both.</summary>
    public string Currency { get; init; } = UsageRecord.DefaultCurrency;

    /// <summary>Runs the query over rows.</summary>
    /// <param name="records">The rows, read once.</param>
    /// <returns>The sorted, limited rows; empty when nothing matches.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is null or contains null.</exception>
    /// <exception cref="ArgumentException">The query is inconsistent (null lists, two tag dimensions, a negative
    /// limit, a bad accuracy or currency), or a matching row is refused (see <see cref="UsageAccumulator.Add"/>).</exception>
    public IReadOnlyList<UsageQueryRow> Execute(IEnumerable<UsageRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var (accumulator, table) = Start();
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            if (Filter.Matches(record))
            {
                accumulator.Add(record);
            }
        }

        return Finish(accumulator, table);
    }

    /// <summary>Runs the query over an asynchronous stream of rows.</summary>
    /// <param name="records">The rows, read once.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The sorted, limited rows; empty when nothing matches.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is null or contains null.</exception>
    /// <exception cref="ArgumentException">The query is inconsistent, or a matching row is refused.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<IReadOnlyList<UsageQueryRow>> ExecuteAsync(IAsyncEnumerable<UsageRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var (accumulator, table) = Start();
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            if (Filter.Matches(record))
            {
                accumulator.Add(record);
            }
        }

        return Finish(accumulator, table);
    }

    internal static double? ValueOf(UsageFigures figures, UsageMetric metric) => metric switch
    {
        UsageMetric.Requests => figures.Requests,
        UsageMetric.Successes => figures.Successes,
        UsageMetric.Failures => figures.Failures,
        UsageMetric.SuccessRate => figures.SuccessRate,
        UsageMetric.ErrorRate => figures.ErrorRate,
        UsageMetric.EstimatedCost => (double)figures.EstimatedCost,
        UsageMetric.ActualCost => (double)figures.ActualCost,
        UsageMetric.EffectiveCost => (double)figures.EffectiveCost,
        UsageMetric.ActualizedCount => figures.ActualizedCount,
        UsageMetric.EstimatedOnlyCount => figures.EstimatedOnlyCount,
        UsageMetric.MissingRequestIdCount => figures.MissingRequestIdCount,
        UsageMetric.PromptTokens => figures.PromptTokens,
        UsageMetric.CompletionTokens => figures.CompletionTokens,
        UsageMetric.TotalTokens => figures.TotalTokens,
        UsageMetric.CachedPromptTokens => figures.CachedPromptTokens,
        UsageMetric.CacheWriteTokens => figures.CacheWriteTokens,
        UsageMetric.ReasoningTokens => figures.ReasoningTokens,
        UsageMetric.CacheHits => figures.CacheHits,
        UsageMetric.CacheMisses => figures.CacheMisses,
        UsageMetric.CacheHitRate => figures.CacheHitRate,
        UsageMetric.TokensPerRequest => figures.TokensPerRequest?.Mean,
        UsageMetric.CompletionTokensPerSecond => figures.CompletionTokensPerSecond,
        UsageMetric.LatencyMeanMs => figures.LatencyMs?.Mean,
        UsageMetric.LatencyP50Ms => figures.LatencyMs?.P50,
        UsageMetric.LatencyP95Ms => figures.LatencyMs?.P95,
        UsageMetric.LatencyP99Ms => figures.LatencyMs?.P99,
        UsageMetric.TimeToFirstTokenMeanMs => figures.TimeToFirstTokenMs?.Mean,
        UsageMetric.TimeToFirstTokenP50Ms => figures.TimeToFirstTokenMs?.P50,
        UsageMetric.TimeToFirstTokenP95Ms => figures.TimeToFirstTokenMs?.P95,
        UsageMetric.TimeToFirstTokenP99Ms => figures.TimeToFirstTokenMs?.P99,
        UsageMetric.FailedLatencyMeanMs => figures.FailedLatencyMs?.Mean,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };

    private (UsageAccumulator Accumulator, CompoundTable Table) Start()
    {
        ArgumentNullException.ThrowIfNull(Dimensions);
        ArgumentNullException.ThrowIfNull(Metrics);
        ArgumentNullException.ThrowIfNull(Filter);
        ArgumentNullException.ThrowIfNull(Filter.Values, nameof(Filter));
        ArgumentNullException.ThrowIfNull(TimeZone);
        if (Dimensions.Any(d => d is null) || Dimensions.Count(d => d.Kind == UsageDimensionKind.Tag) > 1)
        {
            throw new ArgumentException("Dimensions must not contain null or more than one tag dimension.", nameof(Dimensions));
        }

        if (Limit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Limit), Limit, "The limit cannot be negative.");
        }

        foreach (var metric in Metrics.Append(SortBy))
        {
            if (!Enum.IsDefined(metric))
            {
                throw new ArgumentOutOfRangeException(nameof(Metrics), metric, "Unknown metric.");
            }
        }

        var timing = Metrics.Append(SortBy).Any(m => m >= UsageMetric.TokensPerRequest);
        var options = new UsageAccumulatorOptions
        {
            GroupBy = [],
            TimeBuckets = [],
            CountDistinct = false,
            TimeZone = TimeZone,
            RelativeAccuracy = RelativeAccuracy,
            Currency = Currency,
        };
        Func<string?, bool>? allowsTag = Filter.Values.TryGetValue(UsageDimension.Tag, out var tags) && tags is not null
            ? tag => UsageFilter.Allows(tags, DimensionKey.Normalize(tag))
            : null;
        var table = new CompoundTable([.. Dimensions], TimeBucket, timing ? RelativeAccuracy : null, allowsTag);
        return (new UsageAccumulator(options, table), table);
    }

    private List<UsageQueryRow> Finish(UsageAccumulator accumulator, CompoundTable table)
    {
        var rows = new List<UsageQueryRow>();
        foreach (var (keys, bucket, state) in table.Groups)
        {
            var figures = FiguresReader.FiguresOf(in state);
            DateTimeOffset? start = null;
            DateTimeOffset? end = null;
            if (TimeBucket is { } size)
            {
                (var s, var e) = accumulator.BoundsOf(size, bucket);
                (start, end) = (s, e);
            }

            var values = new double?[Metrics.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = ValueOf(figures, Metrics[i]);
            }

            rows.Add(new UsageQueryRow { Keys = keys, BucketStart = start, BucketEnd = end, Figures = figures, Values = values });
        }

        rows.Sort(Compare);
        if (Limit is { } limit && rows.Count > limit)
        {
            rows.RemoveRange(limit, rows.Count - limit);
        }

        return rows;
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
        switch (SortBy)
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
                var x = ValueOf(a, SortBy);
                var y = ValueOf(b, SortBy);
                if (x is null || y is null)
                {
                    return x is null ? (y is null ? 0 : 1) : -1;
                }

                order = x.Value.CompareTo(y.Value);
                break;
        }

        return Descending ? -order : order;
    }
}
