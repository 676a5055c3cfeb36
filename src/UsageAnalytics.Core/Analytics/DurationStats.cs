namespace UsageAnalytics.Analytics;

/// <summary>Statistics of a duration (latency or time to first token) over the rows that reported it, in milliseconds.</summary>
/// <remarks>
/// Count, mean, minimum and maximum are exact. Percentiles come from a quantile sketch and are within its relative
/// accuracy (1% by default) of the exact <c>quantile_cont</c> value (linear interpolation between the two nearest
/// ranks); they are nullable so that a statistics source without a sketch can leave them out.
/// </remarks>
public sealed record DurationStats
{
    /// <summary>Gets the number of rows that reported the duration.</summary>
    public long Count { get; init; }

    /// <summary>Gets the mean, in milliseconds.</summary>
    public double MeanMs { get; init; }

    /// <summary>Gets the minimum, in milliseconds.</summary>
    public double MinMs { get; init; }

    /// <summary>Gets the maximum, in milliseconds.</summary>
    public double MaxMs { get; init; }

    /// <summary>Gets the median, in milliseconds, when percentiles are kept.</summary>
    public double? P50Ms { get; init; }

    /// <summary>Gets the 95th percentile, in milliseconds, when percentiles are kept.</summary>
    public double? P95Ms { get; init; }

    /// <summary>Gets the 99th percentile, in milliseconds, when percentiles are kept.</summary>
    public double? P99Ms { get; init; }
}
