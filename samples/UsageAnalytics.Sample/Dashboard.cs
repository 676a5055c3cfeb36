using System.Globalization;
using System.Text.Json;
using UsageAnalytics.Analytics;
using UsageAnalytics.Sync;

namespace UsageAnalytics.Sample;

/// <summary>
/// Prints a <see cref="DashboardReport"/> (one pass of the analytics engine) as plain, culture-invariant text that names
/// each figure's unit and the rows it covers, or as the <c>/usage</c> JSON (<see cref="UsageResponse"/>).
/// </summary>
internal static class Dashboard
{
    private const int TopCount = 8;

    /// <summary>Where the rows came from, for the JSON <c>input</c> section and the text header.</summary>
    public sealed record Source(string Kind, SpendLogInput? SpendLogs = null);

    public static void Write(TextWriter output, DashboardReport report, Source source, SyncResult? sync)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(source);
        var summary = report.Summary;
        var totals = summary.Totals;
        var zone = summary.TimeZone.Id;

        output.WriteLine();
        output.WriteLine("== dashboard ==");
        WriteInput(output, report, source);
        if (summary.FirstTimestamp is { } first && summary.LastTimestamp is { } last)
        {
            output.WriteLine(Text($"period:     {first:yyyy-MM-dd HH:mm} .. {last:yyyy-MM-dd HH:mm} {zone} (first and last request start)"));
        }

        output.WriteLine(Text($"as of:      {summary.AsOf:yyyy-MM-dd HH:mm:ss zzz} (\"now\" for the recent-activity windows)"));
        output.WriteLine(Text(
            $"requests:   {totals.Requests:N0} (success {totals.Successes:N0}, failure {totals.Failures:N0}; success rate {Rate(totals.SuccessRate)})"));
        output.WriteLine(Text(
            $"tokens:     prompt {totals.PromptTokens:N0} (cached {totals.CachedPromptTokens:N0}, cache writes {totals.CacheWriteTokens:N0}), completion {totals.CompletionTokens:N0} (reasoning {totals.ReasoningTokens:N0}), all rows"));
        output.WriteLine(Text(
            $"cost {summary.Currency}:   estimated {Money(totals.EstimatedCost)} (all rows), actual {Money(totals.ActualCost)} (actualized rows), effective {Money(totals.EffectiveCost)} (actual where known, else estimated)"));
        var actualized = report.Actualized;
        output.WriteLine(report.EstimateErrorPercent is { } error
            ? Text($"estimate:   {error:+0.0;-0.0;0.0}% vs actual on {actualized.Requests:N0} actualized rows (estimated {Money(actualized.EstimatedCost)} {summary.Currency}, actual {Money(actualized.ActualCost)} {summary.Currency})")
            : Text($"estimate:   - (no actualized row with a non-zero actual cost)"));
        output.WriteLine(Text(
            $"coverage:   actualized {totals.ActualizedCount:N0} ({Percent(totals.ActualizedCount, totals.Requests)}), estimated-only {totals.EstimatedOnlyCount:N0}, missing request id {totals.MissingRequestIdCount:N0}"));

        output.WriteLine();
        var latency = totals.LatencyMs;
        var ttft = totals.TimeToFirstTokenMs;
        output.WriteLine(Text(
            $"latency:    p50 {Ms(latency?.P50)}, p95 {Ms(latency?.P95)}, p99 {Ms(latency?.P99)}, mean {Ms(latency?.Mean)} (successful calls, {latency?.Count ?? 0:N0})"));
        output.WriteLine(Text(
            $"ttft:       p50 {Ms(ttft?.P50)}, p95 {Ms(ttft?.P95)}, mean {Ms(ttft?.Mean)} (time to first token, successful streamed calls, {ttft?.Count ?? 0:N0})"));
        output.WriteLine(Text(
            $"tokens/req: mean {Number(totals.TokensPerRequest?.Mean)}, p50 {Number(totals.TokensPerRequest?.P50)}, p95 {Number(totals.TokensPerRequest?.P95)}, max {Number(totals.TokensPerRequest?.Max)} tokens (successful calls)"));
        output.WriteLine(Text(
            $"audience:   {Count(summary.UniqueUsers)} users, {Count(summary.UniqueSessions)} sessions (distinct non-blank ids)"));
        output.WriteLine(Text(
            $"errors:     {Rate(totals.ErrorRate)} of all rows; response cache: {totals.CacheHits:N0} hits, {totals.CacheMisses:N0} misses, hit rate {Rate(totals.CacheHitRate)} (rows with a readable flag)"));
        WriteRecent(output, report);
        if (summary.PeakDay is { } peakDay && summary.PeakHour is { } peakHour)
        {
            output.WriteLine(Text(
                $"peak:       day {peakDay.Start:yyyy-MM-dd} ({peakDay.Figures.Requests:N0} requests), hour {peakHour.Start:yyyy-MM-dd HH}:00 ({peakHour.Figures.Requests:N0} requests), {zone}"));
        }

        WriteGroups(output, "top models", summary.GroupsOf(UsageDimension.Model), totals.EffectiveCost, summary.Currency);
        WriteGroups(output, "providers", summary.GroupsOf(UsageDimension.Provider), totals.EffectiveCost, summary.Currency);
        WriteGroups(output, "services", summary.GroupsOf(UsageDimension.Service), totals.EffectiveCost, summary.Currency);
        WriteGroups(output, "status", summary.GroupsOf(UsageDimension.Status), totals.EffectiveCost, summary.Currency);

        output.WriteLine();
        output.WriteLine(Text($"{"latency by model (ms, ok)",-28} {"p50",9} {"p95",9} {"p99",9} {"ttft p50",9} {"tok/s",7}"));
        foreach (var group in summary.GroupsOf(UsageDimension.Model).Take(TopCount))
        {
            var f = group.Figures;
            output.WriteLine(Text(
                $"  {group.Label,-26} {Ms(f.LatencyMs?.P50, unit: false),9} {Ms(f.LatencyMs?.P95, unit: false),9} {Ms(f.LatencyMs?.P99, unit: false),9} {Ms(f.TimeToFirstTokenMs?.P50, unit: false),9} {Number(f.CompletionTokensPerSecond),7}"));
        }

        output.WriteLine();
        output.WriteLine(Text($"{"daily (" + zone + ")",-28} {"requests",9} {"effective " + summary.Currency,14} {"errors",7} {"mean ms",8}"));
        foreach (var day in summary.TimeSeriesOf(TimeBucketSize.Day))
        {
            output.WriteLine(Text(
                $"day {day.Start:yyyy-MM-dd}{"",-14} {day.Figures.Requests,9:N0} {Money(day.Figures.EffectiveCost),14} {Rate(day.Figures.ErrorRate),7} {Ms(day.Figures.LatencyMs?.Mean, unit: false),8}"));
        }

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

    /// <summary>Writes the <c>/usage</c> JSON (see README.md for every field).</summary>
    public static void WriteJson(TextWriter output, DashboardReport report, Source source, SyncResult? sync, SyncVerdict? verdict = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(source);
        var problems = source.SpendLogs?.Malformed ?? report.Refused;
        var input = new InputJson
        {
            Source = source.Kind,
            Format = source.SpendLogs?.Format,
            RowsRead = source.SpendLogs?.RowsRead ?? report.Offered,
            RowsUsed = source.SpendLogs?.RowsUsed ?? (int)report.Summary.Totals.Requests,
            Malformed = [.. problems.Select(p => new ProblemJson { Line = p.Line, Index = p.Index, Reason = p.Reason })],
        };
        var counts = sync is null
            ? null
            : new SyncJson
            {
                Actualized = sync.Actualized,
                NotYetAvailable = sync.NotYetAvailable,
                Skipped = sync.Skipped,
                Failed = sync.Failed,
                CacheHitsSettled = sync.CacheHitsSettled,
                TokenRepairedRows = sync.TokenRepairedRows,
                Stopped = sync.WasStopped || sync.WasCanceled,
                Ok = verdict?.Worked ?? true,
                FailureReason = verdict?.FailureReason,
            };
        output.WriteLine(JsonSerializer.Serialize(UsageResponse.From(report, input, counts), UsageResponseJsonContext.Default.UsageResponse));
    }

    private static void WriteInput(TextWriter output, DashboardReport report, Source source)
    {
        if (source.SpendLogs is { } file)
        {
            output.WriteLine(Text(
                $"input:      {file.RowsRead:N0} spend-log rows ({file.Format}) from {file.Path}: {file.RowsUsed:N0} used, {file.Malformed.Count:N0} malformed"));
            foreach (var problem in file.Malformed.Take(TopCount))
            {
                output.WriteLine(Text($"malformed:  {problem.Where}: {problem.Reason}"));
            }
        }
        else if (report.Refused.Count > 0)
        {
            output.WriteLine(Text($"input:      {report.Offered:N0} rows, {report.Refused.Count:N0} refused by the engine"));
            foreach (var problem in report.Refused.Take(TopCount))
            {
                output.WriteLine(Text($"refused:    {problem.Where}: {problem.Reason}"));
            }
        }
    }

    private static void WriteRecent(TextWriter output, DashboardReport report)
    {
        var summary = report.Summary;
        if (report.LastHour is { } hour)
        {
            output.WriteLine(Text(
                $"last hour:  {hour.Current.Requests:N0} requests in [{hour.CurrentStart:MM-dd HH:mm}, {hour.CurrentEnd:HH:mm}) (the hour holding \"now\")"));
        }

        if (summary.Last24Hours is { } day)
        {
            output.WriteLine(Text(
                $"last 24 h:  {day.Current.Requests:N0} requests, {day.Current.TotalTokens:N0} tokens in [{day.CurrentStart:MM-dd HH:mm}, {day.CurrentEnd:MM-dd HH:mm}); the 24 h before: {day.Previous.Requests:N0} requests ({Change(day.RequestsChangePercent)})"));
        }

        if (summary.WeekOverWeek is { } week)
        {
            output.WriteLine(Text(
                $"last 7 d:   {week.Current.Requests:N0} requests, {week.Current.TotalTokens:N0} tokens from {week.CurrentStart:MM-dd HH:mm}; the 7 days before: {week.Previous.Requests:N0} requests ({Change(week.RequestsChangePercent)})"));
        }
    }

    private static void WriteGroups(TextWriter output, string title, IReadOnlyList<UsageGroup> groups, decimal total, string currency)
    {
        output.WriteLine();
        output.WriteLine(Text($"{title,-28} {"requests",9} {"effective " + currency,14} {"share",7} {"actualized",11}"));
        foreach (var group in groups.Take(TopCount))
        {
            var t = group.Figures;
            output.WriteLine(Text(
                $"  {group.Label,-26} {t.Requests,9:N0} {Money(t.EffectiveCost),14} {Share(t.EffectiveCost, total),7} {Percent(t.ActualizedCount, t.Requests),11}"));
        }

        if (groups.Count > TopCount)
        {
            output.WriteLine(Text($"  ({groups.Count - TopCount} more)"));
        }
    }

    private static string Ms(double? value, bool unit = true) =>
        value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) + (unit ? " ms" : string.Empty) : "-";

    private static string Number(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";

    private static string Count(long? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "-";

    private static string Rate(double? value) => value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";

    private static string Change(double? percent) => percent is { } p ? p.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%" : "no change figure: none before";

    private static string Money(decimal value) => value.ToString("0.000000", CultureInfo.InvariantCulture);

    private static string Percent(long part, long whole) =>
        whole == 0 ? "-" : (part * 100.0 / whole).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Share(decimal part, decimal whole) =>
        whole == 0 ? "-" : (part * 100 / whole).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
