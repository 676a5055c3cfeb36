namespace UsageAnalytics.Analytics;

/// <summary>
/// The distribution of one per-request quantity over the requests that reported it: a latency or a time to first
/// token in milliseconds, or a token count per request. The property that holds it names the unit and the rows.
/// </summary>
/// <remarks>
/// <see cref="Count"/>, <see cref="Min"/> and <see cref="Max"/> are exact; <see cref="Mean"/> is a floating-point sum
/// over the count (merging in another order may change its last digits). Percentiles come from
/// a DDSketch-style quantile sketch (Masson et al., VLDB 2019) and lie within its relative accuracy (1% by default,
/// <see cref="UsageAccumulatorOptions.RelativeAccuracy"/>) of the exact <c>quantile_cont</c> value (linear
/// interpolation between the two nearest ranks), clamped to [<see cref="Min"/>, <see cref="Max"/>]. They are
/// <see langword="null"/> where no sketch is kept (see the property that holds the distribution).
/// </remarks>
public sealed record UsageDistribution
{
    /// <summary>Gets the number of requests the distribution covers (at least 1).</summary>
    public long Count { get; init; }

    /// <summary>Gets the arithmetic mean.</summary>
    public double Mean { get; init; }

    /// <summary>Gets the smallest value.</summary>
    public double Min { get; init; }

    /// <summary>Gets the largest value.</summary>
    public double Max { get; init; }

    /// <summary>Gets the median, or <see langword="null"/> where no sketch is kept.</summary>
    public double? P50 { get; init; }

    /// <summary>Gets the 95th percentile, or <see langword="null"/> where no sketch is kept.</summary>
    public double? P95 { get; init; }

    /// <summary>Gets the 99th percentile, or <see langword="null"/> where no sketch is kept.</summary>
    public double? P99 { get; init; }
}
