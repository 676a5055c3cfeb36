namespace UsageAnalytics.Benchmarks;

/// <summary>The figures of one group that every implementation must agree on exactly.</summary>
internal readonly record struct GroupFigures(long Requests, long Failures, long Tokens, decimal EffectiveCost);

/// <summary>The benchmark dashboard: totals, six group-bys and latency/TTFT percentiles overall and per model.</summary>
internal sealed class DashboardResult
{
    public static readonly string[] Dimensions = ["model", "provider", "team", "user", "day", "hour"];

    public static readonly double[] Quantiles = [0.5, 0.95, 0.99];

    public GroupFigures Totals { get; set; }

    /// <summary>Gets dimension → group key → figures. Null keys are "(none)"; day and hour keys are UTC "yyyy-MM-ddTHH".</summary>
    public Dictionary<string, Dictionary<string, GroupFigures>> Groups { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets "latency|ttft" + ":" + "*" or model → p50, p95, p99.</summary>
    public Dictionary<string, double[]> Percentiles { get; } = new(StringComparer.Ordinal);

    public static string TimeKey(DateTime utc) => utc.ToString("yyyy-MM-ddTHH", System.Globalization.CultureInfo.InvariantCulture);
}
