using System.Globalization;
using UsageAnalytics.Analytics;
using UsageAnalytics.Records;
using UsageAnalytics.Sync;

namespace UsageAnalytics.Sample;

/// <summary>Renders a usage summary as plain, culture-invariant text (stable enough for a CI script to check).</summary>
internal static class Dashboard
{
    private const int TopCount = 8;

    public static void Write(TextWriter output, IReadOnlyList<UsageRecord> records, UsageSummary summary, SyncResult? sync)
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

        if (sync is not null)
        {
            output.WriteLine();
            foreach (var failure in sync.Failures.Take(5))
            {
                output.WriteLine(Text($"sync failure: {failure.RequestId} {failure.Reason}: {failure.Message}"));
            }

            output.WriteLine(Text(
                $"sync: actualized={sync.Actualized} not-yet={sync.NotYetAvailable} skipped={sync.Skipped} failed={sync.Failed}"));
        }
    }

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
