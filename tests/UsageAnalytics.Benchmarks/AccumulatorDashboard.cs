using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Benchmarks;

/// <summary>The dashboard computed by <see cref="UsageAccumulator"/>.</summary>
internal static class AccumulatorDashboard
{
    public static readonly UsageAccumulatorOptions Options = new()
    {
        GroupBy = [UsageDimension.Model, UsageDimension.Provider, UsageDimension.Team, UsageDimension.User],
        LatencyBy = [UsageDimension.Model],
        TimeBuckets = [TimeBucketSize.Hour, TimeBucketSize.Day],
        TimeZone = TimeZoneInfo.Utc,
    };

    public static DashboardResult Run(UsageRecord[] records, int threads, out UsageAccumulator accumulator)
    {
        accumulator = UsageAccumulator.Aggregate(records, Options, threads);
        return ToResult(accumulator.ToSummary(DateTimeOffset.UnixEpoch));
    }

    public static DashboardResult ToResult(UsageSummary summary)
    {
        var result = new DashboardResult { Totals = Figures(summary.Totals) };
        foreach (var (name, dimension) in new[] { ("model", UsageDimension.Model), ("provider", UsageDimension.Provider), ("team", UsageDimension.Team), ("user", UsageDimension.User) })
        {
            result.Groups[name] = summary.GroupsOf(dimension).ToDictionary(g => g.Label, g => Figures(g.Figures), StringComparer.Ordinal);
        }

        result.Groups["day"] = summary.TimeSeries[TimeBucketSize.Day].ToDictionary(b => DashboardResult.TimeKey(b.Start.UtcDateTime), b => Figures(b.Figures), StringComparer.Ordinal);
        result.Groups["hour"] = summary.TimeSeries[TimeBucketSize.Hour].ToDictionary(b => DashboardResult.TimeKey(b.Start.UtcDateTime), b => Figures(b.Figures), StringComparer.Ordinal);
        result.Percentiles["latency:*"] = Quantiles(summary.Totals.LatencyMs);
        result.Percentiles["ttft:*"] = Quantiles(summary.Totals.TimeToFirstTokenMs);
        foreach (var group in summary.GroupsOf(UsageDimension.Model))
        {
            result.Percentiles["latency:" + group.Label] = Quantiles(group.Figures.LatencyMs);
            result.Percentiles["ttft:" + group.Label] = Quantiles(group.Figures.TimeToFirstTokenMs);
        }

        return result;
    }

    private static GroupFigures Figures(UsageFigures figures) =>
        new(figures.Requests, figures.Failures, figures.TotalTokens, figures.EffectiveCost);

    private static double[] Quantiles(UsageDistribution? stats) =>
        stats is null ? [] : [stats.P50!.Value, stats.P95!.Value, stats.P99!.Value];
}
