using UsageAnalytics.Records;

namespace UsageAnalytics.Benchmarks;

/// <summary>The dashboard written the obvious way with LINQ GroupBy/OrderBy; its percentiles are exact.</summary>
internal static class LinqDashboard
{
    public static DashboardResult Run(UsageRecord[] records)
    {
        var result = new DashboardResult { Totals = Figures(records) };
        result.Groups["model"] = Group(records, r => r.Model);
        result.Groups["provider"] = Group(records, r => r.Provider);
        result.Groups["team"] = Group(records, r => r.TeamId);
        result.Groups["user"] = Group(records, r => r.UserId);
        result.Groups["day"] = records.GroupBy(r => r.Timestamp.UtcDateTime.Date)
            .ToDictionary(g => DashboardResult.TimeKey(g.Key), g => Figures(g), StringComparer.Ordinal);
        result.Groups["hour"] = records.GroupBy(r => new DateTime(r.Timestamp.UtcDateTime.Ticks - (r.Timestamp.UtcDateTime.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc))
            .ToDictionary(g => DashboardResult.TimeKey(g.Key), g => Figures(g), StringComparer.Ordinal);
        result.Percentiles["latency:*"] = Exact(records.Where(r => r.IsSuccess && r.LatencyMs.HasValue).Select(r => r.LatencyMs!.Value));
        result.Percentiles["ttft:*"] = Exact(records.Where(r => r.IsSuccess && r.TimeToFirstTokenMs.HasValue).Select(r => r.TimeToFirstTokenMs!.Value));
        foreach (var group in records.GroupBy(r => r.Model ?? "(none)"))
        {
            result.Percentiles["latency:" + group.Key] = Exact(group.Where(r => r.IsSuccess && r.LatencyMs.HasValue).Select(r => r.LatencyMs!.Value));
            result.Percentiles["ttft:" + group.Key] = Exact(group.Where(r => r.IsSuccess && r.TimeToFirstTokenMs.HasValue).Select(r => r.TimeToFirstTokenMs!.Value));
        }

        return result;
    }

    /// <summary>Exact <c>quantile_cont</c>: linear interpolation between the two nearest ranks of the sorted values.</summary>
    public static double[] Exact(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return [];
        }

        return DashboardResult.Quantiles.Select(q =>
        {
            var rank = q * (sorted.Length - 1);
            var lower = (int)Math.Floor(rank);
            var upper = (int)Math.Ceiling(rank);
            return sorted[lower] + ((sorted[upper] - sorted[lower]) * (rank - lower));
        }).ToArray();
    }

    private static Dictionary<string, GroupFigures> Group(UsageRecord[] records, Func<UsageRecord, string?> key) =>
        records.GroupBy(r => key(r) ?? "(none)").ToDictionary(g => g.Key, g => Figures(g), StringComparer.Ordinal);

    private static GroupFigures Figures(IEnumerable<UsageRecord> rows) =>
        new(rows.Count(), rows.Count(r => !r.IsSuccess), rows.Sum(r => r.TotalTokens), rows.Sum(r => r.EffectiveCost));
}
