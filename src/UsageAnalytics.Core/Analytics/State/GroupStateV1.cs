using System.Text.Json.Serialization;

namespace UsageAnalytics.Analytics;

/// <summary>One <see cref="GroupState"/> (a group, the totals, a time bucket or a pattern slot) in a version 1 state.</summary>
/// <remarks>Counts and token sums are non-negative. Money is exact: see <see cref="MoneyV1"/>.</remarks>
internal sealed class GroupStateV1
{
    [JsonPropertyName("n")]
    public required long Requests { get; init; }

    [JsonPropertyName("failures")]
    public required long Failures { get; init; }

    [JsonPropertyName("actualized")]
    public required long Actualized { get; init; }

    [JsonPropertyName("missingId")]
    public required long MissingRequestId { get; init; }

    [JsonPropertyName("cacheKnown")]
    public required long CacheKnown { get; init; }

    [JsonPropertyName("cacheHits")]
    public required long CacheHits { get; init; }

    [JsonPropertyName("cacheHitTokens")]
    public required long CacheHitTokens { get; init; }

    [JsonPropertyName("cacheMissTokens")]
    public required long CacheMissTokens { get; init; }

    [JsonPropertyName("prompt")]
    public required long PromptTokens { get; init; }

    [JsonPropertyName("completion")]
    public required long CompletionTokens { get; init; }

    [JsonPropertyName("cachedPrompt")]
    public required long CachedPromptTokens { get; init; }

    [JsonPropertyName("cacheWrite")]
    public required long CacheWriteTokens { get; init; }

    [JsonPropertyName("reasoning")]
    public required long ReasoningTokens { get; init; }

    [JsonPropertyName("estimated")]
    public required MoneyV1 Estimated { get; init; }

    [JsonPropertyName("actual")]
    public required MoneyV1 Actual { get; init; }

    [JsonPropertyName("estimatedOnly")]
    public required MoneyV1 EstimatedOnly { get; init; }

    /// <summary>Present exactly when the group keeps latency statistics (the totals, <c>latencyBy</c> groups, and
    /// time buckets when <c>latencyInTimeBuckets</c>).</summary>
    [JsonPropertyName("timing")]
    public TimingStateV1? Timing { get; init; }
}

/// <summary>A <see cref="GroupTiming"/> in a version 1 state.</summary>
internal sealed class TimingStateV1
{
    [JsonPropertyName("timedCompletion")]
    public required long TimedCompletionTokens { get; init; }

    [JsonPropertyName("timedLatencyMs")]
    public required double TimedLatencyMs { get; init; }

    /// <summary>Latency of successful calls, in milliseconds, with a sketch.</summary>
    [JsonPropertyName("latency")]
    public required StatsStateV1 Latency { get; init; }

    /// <summary>Time to first token of successful calls, in milliseconds, with a sketch.</summary>
    [JsonPropertyName("ttft")]
    public required StatsStateV1 TimeToFirstToken { get; init; }

    /// <summary>Latency of failed calls, in milliseconds, without a sketch.</summary>
    [JsonPropertyName("failedLatency")]
    public required StatsStateV1 FailedLatency { get; init; }

    /// <summary>Total tokens per successful call, with a sketch in the totals only.</summary>
    [JsonPropertyName("tokens")]
    public required StatsStateV1 Tokens { get; init; }

    [JsonPropertyName("successfulPrompt")]
    public required long SuccessfulPromptTokens { get; init; }

    [JsonPropertyName("successfulCompletion")]
    public required long SuccessfulCompletionTokens { get; init; }
}

/// <summary>A <see cref="RunningStats"/> in a version 1 state.</summary>
internal sealed class StatsStateV1
{
    [JsonPropertyName("count")]
    public required long Count { get; init; }

    /// <summary>Present exactly when <see cref="Count"/> is positive, like <see cref="Min"/> and <see cref="Max"/>.</summary>
    [JsonPropertyName("sum")]
    public double? Sum { get; init; }

    [JsonPropertyName("min")]
    public double? Min { get; init; }

    [JsonPropertyName("max")]
    public double? Max { get; init; }

    /// <summary>Present exactly when the statistics keep a sketch.</summary>
    [JsonPropertyName("sketch")]
    public SketchStateV1? Sketch { get; init; }
}

/// <summary>A <see cref="QuantileSketch"/> in a version 1 state: its zero count and its non-empty bins.</summary>
internal sealed class SketchStateV1
{
    [JsonPropertyName("zeros")]
    public required long Zeros { get; init; }

    /// <summary>Each non-empty bin as a two-number array <c>[index, count]</c>, in ascending index order.</summary>
    [JsonPropertyName("bins")]
    public required IReadOnlyList<long[]> Bins { get; init; }
}
