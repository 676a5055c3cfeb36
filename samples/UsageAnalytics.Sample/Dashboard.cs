using System.Globalization;
using UsageAnalytics.Analytics;
using UsageAnalytics.Records;
using UsageAnalytics.Sync;

namespace UsageAnalytics.Sample;

/// <summary>Renders a usage summary as plain, culture-invariant text (stable enough for a CI script to check).</summary>
internal static class Dashboard
{
    private const int TopCount = 8;

    public static void Write(TextWriter output, IReadOnlyList<UsageRecord> records, UsageSummary summary, SyncResult? sync, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(summary);
        var totals = summary.Totals;

        output.WriteLine();
        output.WriteLine("== dashboard ==");
        if (records.Count > 0)
        {
            var first = records.Min(r => r.Timestamp).UtcDateTime;
            var last = records.Max(r => r.Timestamp).UtcDateTime;
            output.WriteLine(Text($"period:     {first:yyyy-MM-dd HH:mm} .. {last:yyyy-MM-dd HH:mm} UTC"));
        }

        output.WriteLine(Text($"requests:   {totals.RequestCount:N0} (success {totals.SuccessCount:N0}, failure {totals.FailureCount:N0})"));
        output.WriteLine(Text(
            $"tokens:     prompt {totals.PromptTokens:N0} (cached {totals.CachedPromptTokens:N0}, cache writes {totals.CacheWriteTokens:N0}), completion {totals.CompletionTokens:N0} (reasoning {totals.ReasoningTokens:N0})"));
        output.WriteLine(Text(
            $"cost USD:   estimated {Money(totals.EstimatedCost)}, actual {Money(totals.ActualCost)}, effective {Money(totals.EffectiveCost)}"));

        // Estimated vs actual only where both are known: that is the estimate's real error.
        var estimatedOfActualized = records.Where(r => r.IsActualized).Sum(r => r.EstimatedCost);
        var actualOfActualized = records.Where(r => r.IsActualized).Sum(r => r.ActualCost!.Value);
        var delta = actualOfActualized == 0 ? 0 : (estimatedOfActualized - actualOfActualized) / actualOfActualized * 100;
        output.WriteLine(Text(
            $"estimate:   {Money(estimatedOfActualized)} estimated vs {Money(actualOfActualized)} actual on actualized rows ({delta:+0.0;-0.0;0.0}% off)"));
        output.WriteLine(Text(
            $"coverage:   actualized {totals.ActualizedCount:N0} ({Percent(totals.ActualizedCount, totals.RequestCount)}), estimated-only {totals.EstimatedOnlyCount:N0}, missing request id {totals.MissingRequestIdCount:N0}"));

        WriteGroups(output, "top models", summary.ByModel, totals.EffectiveCost);
        WriteGroups(output, "providers", summary.ByProvider, totals.EffectiveCost);
        WriteGroups(output, "services", summary.ByService, totals.EffectiveCost);
        WriteGroups(output, "status", summary.ByStatus, totals.EffectiveCost);
        WriteEngineViews(output, records, timeProvider);

        if (sync is not null)
        {
            output.WriteLine();
            foreach (var failure in sync.Failures.Take(5))
            {
                output.WriteLine(Text($"sync failure: {failure.RequestId} {failure.Kind}: {failure.Message}"));
            }

            output.WriteLine(Text(
                $"sync: actualized={sync.Actualized} not-yet={sync.NotYetAvailable} skipped={sync.Skipped} failed={sync.Failed}"));
        }
    }

    /// <summary>Latency percentiles, throughput and the daily series, all from one pass of the analytics engine.</summary>
    private static void WriteEngineViews(TextWriter output, IReadOnlyList<UsageRecord> records, TimeProvider timeProvider)
    {
        var dashboard = UsageAccumulator.Aggregate(
            records,
            new UsageAccumulatorOptions
            {
                GroupBy = [UsageDimension.Model],
                LatencyBy = [UsageDimension.Model],
                TimeBuckets = [TimeBucketSize.Day, TimeBucketSize.Hour],
                TimeZone = TimeZoneInfo.Utc,
                TimeProvider = timeProvider,
            }).ToSummary();
        var all = dashboard.Totals;

        output.WriteLine();
        output.WriteLine(Text(
            $"latency:    p50 {Ms(all.Latency?.P50Ms)}, p95 {Ms(all.Latency?.P95Ms)}, p99 {Ms(all.Latency?.P99Ms)}; time to first token p50 {Ms(all.TimeToFirstToken?.P50Ms)}, p95 {Ms(all.TimeToFirstToken?.P95Ms)}"));
        output.WriteLine(Text(
            $"audience:   {dashboard.UniqueUsers:N0} users, {dashboard.UniqueSessions:N0} sessions; error rate {Rate(all.ErrorRate)}; response-cache hits {Rate(all.CacheHitRate)}"));
        if (dashboard.PeakDay is { } peakDay && dashboard.PeakHour is { } peakHour)
        {
            output.WriteLine(Text(
                $"peak:       day {peakDay.Start:yyyy-MM-dd} ({peakDay.Figures.Requests:N0} requests), hour {peakHour.Start:yyyy-MM-dd HH}:00 ({peakHour.Figures.Requests:N0} requests)"));
        }

        output.WriteLine();
        output.WriteLine(Text($"{"latency by model (ms)",-28} {"p50",9} {"p95",9} {"p99",9} {"ttft p50",9} {"tok/s",7}"));
        foreach (var group in dashboard.Groups[UsageDimension.Model].Take(TopCount))
        {
            var f = group.Figures;
            output.WriteLine(Text(
                $"  {group.Label,-26} {Ms(f.Latency?.P50Ms),9} {Ms(f.Latency?.P95Ms),9} {Ms(f.Latency?.P99Ms),9} {Ms(f.TimeToFirstToken?.P50Ms),9} {Number(f.OutputTokensPerSecond),7}"));
        }

        output.WriteLine();
        output.WriteLine(Text($"{"daily (UTC)",-28} {"requests",9} {"effective USD",14} {"errors",7}"));
        foreach (var day in dashboard.TimeSeries[TimeBucketSize.Day])
        {
            output.WriteLine(Text(
                $"day {day.Start:yyyy-MM-dd}{"",-14} {day.Figures.Requests,9:N0} {Money(day.Figures.EffectiveCost),14} {Rate(day.Figures.ErrorRate),7}"));
        }
    }

    private static string Ms(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "-";

    private static string Number(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";

    private static string Rate(double? value) => value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";

    private static void WriteGroups(TextWriter output, string title, IReadOnlyList<UsageGroupSummary> groups, decimal total)
    {
        output.WriteLine();
        output.WriteLine(Text($"{title,-28} {"requests",9} {"effective USD",14} {"share",7} {"actualized",11}"));
        foreach (var group in groups.Take(TopCount))
        {
            var t = group.Totals;
            output.WriteLine(Text(
                $"  {group.Key,-26} {t.RequestCount,9:N0} {Money(t.EffectiveCost),14} {Share(t.EffectiveCost, total),7} {Percent(t.ActualizedCount, t.RequestCount),11}"));
        }

        if (groups.Count > TopCount)
        {
            output.WriteLine(Text($"  ({groups.Count - TopCount} more)"));
        }
    }

    private static string Money(decimal value) => value.ToString("0.000000", CultureInfo.InvariantCulture);

    private static string Percent(long part, long whole) =>
        whole == 0 ? "-" : (part * 100.0 / whole).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Share(decimal part, decimal whole) =>
        whole == 0 ? "-" : (part * 100 / whole).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
