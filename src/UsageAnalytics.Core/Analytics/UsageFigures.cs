namespace UsageAnalytics.Analytics;

/// <summary>The figures of a set of usage rows: the totals, one group, one time bucket, one pattern slot or one period.</summary>
/// <remarks>
/// <para>Counts and token sums are exact. Money is exact <see cref="decimal"/> in the accumulator's one currency
/// (<see cref="UsageSummary.Currency"/>, USD by default). Rates are ratios in [0, 1] and are
/// <see langword="null"/> when their denominator is zero, never NaN.</para>
/// <para>Which rows each figure covers: counts, tokens and money cover every row; <see cref="LatencyMs"/>,
/// <see cref="TimeToFirstTokenMs"/>, <see cref="TokensPerRequest"/>, <see cref="PromptTokensPerRequest"/>,
/// <see cref="CompletionTokensPerRequest"/> and <see cref="CompletionTokensPerSecond"/> cover <b>successful</b> calls
/// only (failed calls often log 0 ms, or a start equal to their end, in LiteLLM's spend logs);
/// <see cref="FailedLatencyMs"/> covers failed calls. The per-request statistics are kept for the totals and for the
/// groups of <see cref="UsageAccumulatorOptions.LatencyBy"/> dimensions; elsewhere they are <see langword="null"/>.</para>
/// </remarks>
public sealed record UsageFigures
{
    /// <summary>Gets figures of no rows: zeros and nulls.</summary>
    public static UsageFigures Empty { get; } = new();

    /// <summary>Gets the number of requests (rows).</summary>
    public long Requests { get; init; }

    /// <summary>Gets the number of successful requests (<see cref="Records.UsageRecord.IsSuccess"/>: status
    /// <c>success</c> in any case, or none, as LiteLLM reads legacy rows).</summary>
    public long Successes { get; init; }

    /// <summary>Gets the number of failed requests.</summary>
    public long Failures { get; init; }

    /// <summary>Gets <see cref="Successes"/> / <see cref="Requests"/>, a ratio in [0, 1]; <see langword="null"/> without rows.</summary>
    public double? SuccessRate { get; init; }

    /// <summary>Gets <see cref="Failures"/> / <see cref="Requests"/>, a ratio in [0, 1]; <see langword="null"/> without rows.</summary>
    public double? ErrorRate { get; init; }

    /// <summary>Gets the sum of the estimated costs of every row.</summary>
    public decimal EstimatedCost { get; init; }

    /// <summary>Gets the sum of the actual costs of the actualized rows (those with an actual cost).</summary>
    public decimal ActualCost { get; init; }

    /// <summary>Gets the sum of the effective costs: the actual cost where known, otherwise the estimated cost
    /// (<see cref="ActualCost"/> + the estimated cost of the estimated-only rows).</summary>
    public decimal EffectiveCost { get; init; }

    /// <summary>Gets the number of rows that carry an actual cost (coverage).</summary>
    public long ActualizedCount { get; init; }

    /// <summary>Gets the number of rows with an estimated cost only (coverage): <see cref="Requests"/> −
    /// <see cref="ActualizedCount"/>.</summary>
    public long EstimatedOnlyCount { get; init; }

    /// <summary>Gets the number of rows without a usable request id (null or blank), which can never be actualized.</summary>
    public long MissingRequestIdCount { get; init; }

    /// <summary>Gets the sum of the prompt (input) tokens, cached tokens included.</summary>
    public long PromptTokens { get; init; }

    /// <summary>Gets the sum of the completion (output) tokens, reasoning tokens included.</summary>
    public long CompletionTokens { get; init; }

    /// <summary>Gets <see cref="PromptTokens"/> + <see cref="CompletionTokens"/>.</summary>
    public long TotalTokens { get; init; }

    /// <summary>Gets the sum of the prompt tokens read from the provider's prompt cache.</summary>
    public long CachedPromptTokens { get; init; }

    /// <summary>Gets the sum of the prompt tokens written to the provider's prompt cache.</summary>
    public long CacheWriteTokens { get; init; }

    /// <summary>Gets the sum of the reasoning tokens.</summary>
    public long ReasoningTokens { get; init; }

    /// <summary>Gets the number of response-cache hits (<see cref="Records.UsageRecord.CacheHit"/> is
    /// <see langword="true"/>: LiteLLM's <c>cache_hit</c> <c>"True"</c>).</summary>
    public long CacheHits { get; init; }

    /// <summary>Gets the number of response-cache misses (<see cref="Records.UsageRecord.CacheHit"/> is
    /// <see langword="false"/>: LiteLLM's <c>"False"</c>, <c>"None"</c> or an absent flag). Rows whose flag could not be
    /// read (<see langword="null"/>) are neither hits nor misses.</summary>
    public long CacheMisses { get; init; }

    /// <summary>Gets the total tokens of the response-cache hits.</summary>
    public long CacheHitTokens { get; init; }

    /// <summary>Gets the total tokens of the response-cache misses.</summary>
    public long CacheMissTokens { get; init; }

    /// <summary>Gets <see cref="CacheHits"/> / (<see cref="CacheHits"/> + <see cref="CacheMisses"/>), a ratio in
    /// [0, 1]; <see langword="null"/> when no row has a readable flag.</summary>
    public double? CacheHitRate { get; init; }

    /// <summary>Gets the end-to-end latency of the successful requests that reported one, in milliseconds, with
    /// percentiles; <see langword="null"/> when none did or the group keeps no statistics.</summary>
    public UsageDistribution? LatencyMs { get; init; }

    /// <summary>Gets the time to first token of the successful requests that reported one, in milliseconds, with
    /// percentiles; <see langword="null"/> when none did or the group keeps no statistics.</summary>
    public UsageDistribution? TimeToFirstTokenMs { get; init; }

    /// <summary>Gets the latency of the failed requests that reported one, in milliseconds (count, mean, min, max;
    /// no percentiles); <see langword="null"/> when none did or the group keeps no statistics.</summary>
    public UsageDistribution? FailedLatencyMs { get; init; }

    /// <summary>Gets the total tokens per successful request, in tokens: percentiles for the totals only (groups give
    /// count, mean, min and max); <see langword="null"/> without successful requests or where no statistics are kept.</summary>
    public UsageDistribution? TokensPerRequest { get; init; }

    /// <summary>Gets the mean prompt tokens per successful request, in tokens; <see langword="null"/> as for
    /// <see cref="TokensPerRequest"/>.</summary>
    public double? PromptTokensPerRequest { get; init; }

    /// <summary>Gets the mean completion tokens per successful request, in tokens; <see langword="null"/> as for
    /// <see cref="TokensPerRequest"/>.</summary>
    public double? CompletionTokensPerRequest { get; init; }

    /// <summary>
    /// Gets the completion tokens per second of latency, in tokens/s, over the successful requests with a positive
    /// latency (sum of their completion tokens / sum of their latencies); <see langword="null"/> when there are none or
    /// the group keeps no statistics.
    /// </summary>
    public double? CompletionTokensPerSecond { get; init; }
}
