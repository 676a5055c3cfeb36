using UsageAnalytics.Analytics;

namespace UsageAnalytics.Query;

/// <summary>The metrics a <see cref="UsageQuery"/> can return and sort by (see <see cref="UsageFigures"/> for their meaning).</summary>
public enum UsageMetric
{
    /// <summary><see cref="UsageFigures.Requests"/>.</summary>
    Requests,

    /// <summary><see cref="UsageFigures.Successes"/>.</summary>
    Successes,

    /// <summary><see cref="UsageFigures.Failures"/>.</summary>
    Failures,

    /// <summary><see cref="UsageFigures.ErrorRate"/>.</summary>
    ErrorRate,

    /// <summary><see cref="UsageFigures.EstimatedCost"/>.</summary>
    EstimatedCost,

    /// <summary><see cref="UsageFigures.ActualCost"/>.</summary>
    ActualCost,

    /// <summary><see cref="UsageFigures.EffectiveCost"/>.</summary>
    EffectiveCost,

    /// <summary><see cref="UsageFigures.PromptTokens"/>.</summary>
    PromptTokens,

    /// <summary><see cref="UsageFigures.CompletionTokens"/>.</summary>
    CompletionTokens,

    /// <summary><see cref="UsageFigures.TotalTokens"/>.</summary>
    TotalTokens,

    /// <summary><see cref="UsageFigures.TokensPerRequest"/>.</summary>
    TokensPerRequest,

    /// <summary><see cref="UsageFigures.OutputTokensPerSecond"/>.</summary>
    OutputTokensPerSecond,

    /// <summary><see cref="UsageFigures.CacheHitRate"/>.</summary>
    CacheHitRate,

    /// <summary>The mean latency in milliseconds.</summary>
    LatencyMeanMs,

    /// <summary>The median latency in milliseconds.</summary>
    LatencyP50Ms,

    /// <summary>The 95th percentile latency in milliseconds.</summary>
    LatencyP95Ms,

    /// <summary>The 99th percentile latency in milliseconds.</summary>
    LatencyP99Ms,

    /// <summary>The median time to first token in milliseconds.</summary>
    TimeToFirstTokenP50Ms,

    /// <summary>The 95th percentile time to first token in milliseconds.</summary>
    TimeToFirstTokenP95Ms,

    /// <summary>The 99th percentile time to first token in milliseconds.</summary>
    TimeToFirstTokenP99Ms,
}
