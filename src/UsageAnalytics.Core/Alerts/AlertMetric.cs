namespace UsageAnalytics.Alerts;

/// <summary>A figure an alert comparison reads; the rule text uses the snake_case name given on each member.</summary>
public enum AlertMetric
{
    /// <summary><c>spend</c>: effective cost (actual, else estimated) of USD rows in the window, in USD.</summary>
    Spend,

    /// <summary><c>daily_spend</c>: effective cost in USD since local midnight today in the store's zone; <c>over</c> is not allowed.</summary>
    DailySpend,

    /// <summary><c>requests</c>: rows in the window.</summary>
    Requests,

    /// <summary><c>errors</c>: failed rows in the window.</summary>
    Errors,

    /// <summary><c>error_rate</c>: failed rows / rows in the window, a ratio 0–1.</summary>
    ErrorRate,

    /// <summary><c>tokens</c>: prompt plus completion tokens in the window.</summary>
    Tokens,

    /// <summary><c>input_tokens</c>: prompt tokens in the window.</summary>
    InputTokens,

    /// <summary><c>output_tokens</c>: completion tokens in the window.</summary>
    OutputTokens,

    /// <summary><c>p50_latency_ms</c>: median latency of successful calls, in ms.</summary>
    P50LatencyMs,

    /// <summary><c>p95_latency_ms</c>: 95th percentile latency of successful calls, in ms.</summary>
    P95LatencyMs,

    /// <summary><c>p99_latency_ms</c>: 99th percentile latency of successful calls, in ms.</summary>
    P99LatencyMs,

    /// <summary><c>p50_ttft_ms</c>: median time to first token of successful calls, in ms.</summary>
    P50TtftMs,

    /// <summary><c>p95_ttft_ms</c>: 95th percentile time to first token of successful calls, in ms.</summary>
    P95TtftMs,

    /// <summary><c>p99_ttft_ms</c>: 99th percentile time to first token of successful calls, in ms.</summary>
    P99TtftMs,

    /// <summary><c>cache_hit_rate</c>: response-cache hits / rows in the window, a ratio 0–1.</summary>
    CacheHitRate,

    /// <summary><c>actual_cost_coverage</c>: rows with an actual cost / rows in the window, a ratio 0–1.</summary>
    ActualCostCoverage,

    /// <summary><c>budget_percent_used</c>: a budget's percent used (0–100+), from the evaluation's budget report.</summary>
    BudgetPercentUsed,
}
