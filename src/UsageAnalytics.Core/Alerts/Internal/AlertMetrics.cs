namespace UsageAnalytics.Alerts.Internal;

/// <summary>Reads one metric from summed window figures; rates and percentiles have no value without rows.</summary>
internal static class AlertMetrics
{
    public static double? Observe(AlertMetric metric, WindowBucket figures) => metric switch
    {
        AlertMetric.Spend or AlertMetric.DailySpend => (double)figures.Spend.Total,
        AlertMetric.Requests => figures.Requests,
        AlertMetric.Errors => figures.Errors,
        AlertMetric.ErrorRate => Ratio(figures.Errors, figures.Requests),
        AlertMetric.Tokens => figures.InputTokens + figures.OutputTokens,
        AlertMetric.InputTokens => figures.InputTokens,
        AlertMetric.OutputTokens => figures.OutputTokens,
        AlertMetric.P50LatencyMs => figures.Latency?.Quantile(0.50),
        AlertMetric.P95LatencyMs => figures.Latency?.Quantile(0.95),
        AlertMetric.P99LatencyMs => figures.Latency?.Quantile(0.99),
        AlertMetric.P50TtftMs => figures.Ttft?.Quantile(0.50),
        AlertMetric.P95TtftMs => figures.Ttft?.Quantile(0.95),
        AlertMetric.P99TtftMs => figures.Ttft?.Quantile(0.99),
        AlertMetric.CacheHitRate => Ratio(figures.CacheHits, figures.Requests),
        AlertMetric.ActualCostCoverage => Ratio(figures.Actualized, figures.Requests),
        _ => null,
    };

    private static double? Ratio(long part, long whole) => whole == 0 ? null : (double)part / whole;
}
