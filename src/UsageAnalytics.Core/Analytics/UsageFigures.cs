namespace UsageAnalytics.Analytics;

/// <summary>The figures of a set of usage rows: the totals, one group, one time bucket or one period.</summary>
/// <remarks>Money is exact <see cref="decimal"/>; counts and tokens are exact. Rates are <see langword="null"/> when
/// their denominator is zero, never NaN.</remarks>
public sealed record UsageFigures
{
    /// <summary>Gets figures of no rows: zeros and nulls.</summary>
    public static UsageFigures Empty { get; } = new();

    /// <summary>Gets the number of rows.</summary>
    public long Requests { get; init; }

    /// <summary>Gets the number of successful rows (see <see cref="Records.UsageRecord.IsSuccess"/>).</summary>
    public long Successes { get; init; }

    /// <summary>Gets the number of failed rows.</summary>
    public long Failures { get; init; }

    /// <summary>Gets <see cref="Failures"/> / <see cref="Requests"/> in [0, 1], or <see langword="null"/> without rows.</summary>
    public double? ErrorRate { get; init; }

    /// <summary>Gets the sum of the estimated costs.</summary>
    public decimal EstimatedCost { get; init; }

    /// <summary>Gets the sum of the actual costs of the actualized rows.</summary>
    public decimal ActualCost { get; init; }

    /// <summary>Gets the sum of the effective costs (actual when known, otherwise estimated).</summary>
    public decimal EffectiveCost { get; init; }

    /// <summary>Gets the number of rows with an actual cost.</summary>
    public long ActualizedCount { get; init; }

    /// <summary>Gets the number of rows with an estimated cost only.</summary>
    public long EstimatedOnlyCount { get; init; }

    /// <summary>Gets the number of rows without a usable request id.</summary>
    public long MissingRequestIdCount { get; init; }

    /// <summary>Gets the sum of the prompt tokens.</summary>
    public long PromptTokens { get; init; }

    /// <summary>Gets the sum of the completion tokens.</summary>
    public long CompletionTokens { get; init; }

    /// <summary>Gets the sum of the cached prompt tokens.</summary>
    public long CachedPromptTokens { get; init; }

    /// <summary>Gets the sum of the cache-write tokens.</summary>
    public long CacheWriteTokens { get; init; }

    /// <summary>Gets the sum of the reasoning tokens.</summary>
    public long ReasoningTokens { get; init; }

    /// <summary>Gets <see cref="PromptTokens"/> + <see cref="CompletionTokens"/>.</summary>
    public long TotalTokens { get; init; }

    /// <summary>Gets the mean total tokens per row, or <see langword="null"/> without rows.</summary>
    public double? TokensPerRequest { get; init; }

    /// <summary>
    /// Gets the completion tokens per second of latency over the rows with a positive latency, or
    /// <see langword="null"/> when there are none or the group keeps no latency statistics.
    /// </summary>
    public double? OutputTokensPerSecond { get; init; }

    /// <summary>Gets the share of response-cache hits among the rows that report <see cref="Records.UsageRecord.CacheHit"/>,
    /// or <see langword="null"/> when none do.</summary>
    public double? CacheHitRate { get; init; }

    /// <summary>Gets the latency statistics, or <see langword="null"/> when no row reported a latency or the group keeps
    /// none (see <see cref="UsageAccumulatorOptions.LatencyBy"/>).</summary>
    public DurationStats? Latency { get; init; }

    /// <summary>Gets the time-to-first-token statistics, or <see langword="null"/> when no row reported one or the group
    /// keeps none.</summary>
    public DurationStats? TimeToFirstToken { get; init; }
}
