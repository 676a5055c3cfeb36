namespace UsageAnalytics.Analytics;

/// <summary>Turns a <see cref="GroupState"/> into public <see cref="UsageFigures"/>: the one place every summary,
/// group, bucket, slot, comparison and query row gets its figures from.</summary>
internal static class FiguresReader
{
    public static UsageFigures FiguresOf(in GroupState state)
    {
        if (state.Requests == 0)
        {
            return UsageFigures.Empty;
        }

        var requests = state.Requests;
        var successes = requests - state.Failures;
        var cacheKnown = state.CacheKnown;
        var timing = state.Timing;
        return new UsageFigures
        {
            Requests = requests,
            Successes = successes,
            Failures = state.Failures,
            SuccessRate = (double)successes / requests,
            ErrorRate = (double)state.Failures / requests,
            EstimatedCost = state.Estimated.Total,
            ActualCost = state.Actual.Total,
            EffectiveCost = state.Effective.Total,
            ActualizedCount = state.Actualized,
            EstimatedOnlyCount = requests - state.Actualized,
            MissingRequestIdCount = state.MissingRequestId,
            PromptTokens = state.PromptTokens,
            CompletionTokens = state.CompletionTokens,
            TotalTokens = state.PromptTokens + state.CompletionTokens,
            CachedPromptTokens = state.CachedPromptTokens,
            CacheWriteTokens = state.CacheWriteTokens,
            ReasoningTokens = state.ReasoningTokens,
            CacheHits = state.CacheHits,
            CacheMisses = cacheKnown - state.CacheHits,
            CacheHitTokens = state.CacheHitTokens,
            CacheMissTokens = state.CacheMissTokens,
            CacheHitRate = cacheKnown == 0 ? null : (double)state.CacheHits / cacheKnown,
            LatencyMs = timing is null ? null : DistributionOf(timing.Latency),
            TimeToFirstTokenMs = timing is null ? null : DistributionOf(timing.TimeToFirstToken),
            FailedLatencyMs = timing is null ? null : DistributionOf(timing.FailedLatency),
            TokensPerRequest = timing is null ? null : DistributionOf(timing.Tokens),
            PromptTokensPerRequest = timing is { Tokens.Count: > 0 } ? (double)timing.SuccessfulPromptTokens / timing.Tokens.Count : null,
            CompletionTokensPerRequest = timing is { Tokens.Count: > 0 } ? (double)timing.SuccessfulCompletionTokens / timing.Tokens.Count : null,
            CompletionTokensPerSecond = timing is { TimedLatencyMs: > 0 } ? timing.TimedCompletionTokens / (timing.TimedLatencyMs / 1000) : null,
        };
    }

    public static UsageDistribution? DistributionOf(in RunningStats stats)
    {
        if (stats.Count == 0)
        {
            return null;
        }

        var sketch = stats.Sketch;
        var min = stats.Min;
        var max = stats.Max;
        return new UsageDistribution
        {
            Count = stats.Count,
            Mean = stats.Sum / stats.Count,
            Min = min,
            Max = max,
            P50 = Clamp(sketch?.Quantile(0.50), min, max),
            P95 = Clamp(sketch?.Quantile(0.95), min, max),
            P99 = Clamp(sketch?.Quantile(0.99), min, max),
        };
    }

    private static double? Clamp(double? value, double min, double max) =>
        value is { } v ? Math.Clamp(v, min, max) : null;
}
