using UsageAnalytics.Analytics;

namespace UsageAnalytics.Query;

/// <summary>The metrics a <see cref="UsageQuery"/> can return and sort by; each is the <see cref="UsageFigures"/>
/// figure of the same name (see there for units and the rows it covers).</summary>
/// <remarks>Metrics from <see cref="TokensPerRequest"/> on need per-request statistics, which a query keeps only when
/// it asks for one of them.</remarks>
public enum UsageMetric
{
    /// <summary><see cref="UsageFigures.Requests"/>.</summary>
    Requests,

    /// <summary><see cref="UsageFigures.Successes"/>.</summary>
    Successes,

    /// <summary><see cref="UsageFigures.Failures"/>.</summary>
    Failures,

    /// <summary><see cref="UsageFigures.SuccessRate"/> (ratio 0–1).</summary>
    SuccessRate,

    /// <summary><see cref="UsageFigures.ErrorRate"/> (ratio 0–1).</summary>
    ErrorRate,

    /// <summary><see cref="UsageFigures.EstimatedCost"/> (currency units).</summary>
    EstimatedCost,

    /// <summary><see cref="UsageFigures.ActualCost"/> (currency units).</summary>
    ActualCost,

    /// <summary><see cref="UsageFigures.EffectiveCost"/> (currency units).</summary>
    EffectiveCost,

    /// <summary><see cref="UsageFigures.ActualizedCount"/>.</summary>
    ActualizedCount,

    /// <summary><see cref="UsageFigures.EstimatedOnlyCount"/>.</summary>
    EstimatedOnlyCount,

    /// <summary><see cref="UsageFigures.MissingRequestIdCount"/>.</summary>
    MissingRequestIdCount,

    /// <summary><see cref="UsageFigures.PromptTokens"/>.</summary>
    PromptTokens,

    /// <summary><see cref="UsageFigures.CompletionTokens"/>.</summary>
    CompletionTokens,

    /// <summary><see cref="UsageFigures.TotalTokens"/>.</summary>
    TotalTokens,

    /// <summary><see cref="UsageFigures.CachedPromptTokens"/>.</summary>
    CachedPromptTokens,

    /// <summary><see cref="UsageFigures.CacheWriteTokens"/>.</summary>
    CacheWriteTokens,

    /// <summary><see cref="UsageFigures.ReasoningTokens"/>.</summary>
    ReasoningTokens,

    /// <summary><see cref="UsageFigures.CacheHits"/>.</summary>
    CacheHits,

    /// <summary><see cref="UsageFigures.CacheMisses"/>.</summary>
    CacheMisses,

    /// <summary><see cref="UsageFigures.CacheHitRate"/> (ratio 0–1).</summary>
    CacheHitRate,

    /// <summary>The mean of <see cref="UsageFigures.TokensPerRequest"/> (tokens per successful request).</summary>
    TokensPerRequest,

    /// <summary><see cref="UsageFigures.CompletionTokensPerSecond"/> (tokens/s, successful requests).</summary>
    CompletionTokensPerSecond,

    /// <summary>The mean of <see cref="UsageFigures.LatencyMs"/> (ms, successful requests).</summary>
    LatencyMeanMs,

    /// <summary>The median of <see cref="UsageFigures.LatencyMs"/> (ms, successful requests).</summary>
    LatencyP50Ms,

    /// <summary>The 95th percentile of <see cref="UsageFigures.LatencyMs"/> (ms, successful requests).</summary>
    LatencyP95Ms,

    /// <summary>The 99th percentile of <see cref="UsageFigures.LatencyMs"/> (ms, successful requests).</summary>
    LatencyP99Ms,

    /// <summary>The mean of <see cref="UsageFigures.TimeToFirstTokenMs"/> (ms, successful requests).</summary>
    TimeToFirstTokenMeanMs,

    /// <summary>The median of <see cref="UsageFigures.TimeToFirstTokenMs"/> (ms, successful requests).</summary>
    TimeToFirstTokenP50Ms,

    /// <summary>The 95th percentile of <see cref="UsageFigures.TimeToFirstTokenMs"/> (ms, successful requests).</summary>
    TimeToFirstTokenP95Ms,

    /// <summary>The 99th percentile of <see cref="UsageFigures.TimeToFirstTokenMs"/> (ms, successful requests).</summary>
    TimeToFirstTokenP99Ms,

    /// <summary>The mean of <see cref="UsageFigures.FailedLatencyMs"/> (ms, failed requests).</summary>
    FailedLatencyMeanMs,
}
