using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UsageAnalytics.Costs;
using UsageAnalytics.DependencyInjection;
using UsageAnalytics.LiteLLMEmulator;
using UsageAnalytics.Records;
using UsageAnalytics.Sync;

namespace UsageAnalytics.Sample;

/// <summary>
/// Runs the sync the way a host would: <c>--runs</c> passes of <see cref="ActualCostSynchronizer"/> over the same rows,
/// each over the previous pass's output, one line per pass, and a <see cref="SyncVerdict"/> per pass (the first
/// failed pass ends the loop).
/// </summary>
internal static class SampleSync
{
    /// <summary>What the passes left: the rows as a host would have stored them, the last pass's result and verdict.</summary>
    public sealed record Outcome(IReadOnlyList<UsageRecord> Rows, SyncResult Last, SyncVerdict Verdict);

    public static async Task<Outcome> RunAsync(
        ServiceProvider services,
        IReadOnlyList<UsageRecord> records,
        SampleOptions options,
        TextWriter output,
        LiteLLMProxyEmulator? emulator,
        CancellationToken cancellationToken,
        IReadOnlyList<SpendLogRow>? served = null)
    {
        var settings = services.GetRequiredService<IOptions<UsageAnalyticsOptions>>().Value;
        var merger = services.GetRequiredService<CostBreakdownMerger>();
        var clock = services.GetRequiredService<TimeProvider>();
        var started = Stopwatch.GetTimestamp();
        output.WriteLine(Text($"syncing:    {records.Count} usage rows through ActualCostSynchronizer -> LiteLLMSpendLogClient"));

        var rows = records;
        SyncResult? last = null;
        var verdict = SyncVerdict.Ok;
        for (var run = 1; run <= options.Runs; run++)
        {
            var faultsBefore = emulator?.InjectedFaults.Total ?? 0;
            var requestsBefore = emulator?.SpendLogRequests ?? 0;
            var runStarted = Stopwatch.GetTimestamp();
            var young = CountTooYoung(rows, merger, clock.GetUtcNow(), settings.Sync.MinimumAge);
            var updated = new ConcurrentDictionary<(string Id, long Ticks), UsageRecord>();

            // One synchronizer per pass, as a host's scheduled job would resolve it.
            last = await services.GetRequiredService<ActualCostSynchronizer>().SynchronizeAsync(
                rows,
                (record, _) =>
                {
                    // The host would store the row here; the sample keeps it in memory by request id and start (a
                    // response-cache hit shares its original's id, so the id alone is not a row's identity).
                    if (IdOf(record, merger) is { } id)
                    {
                        updated[(id, record.Timestamp.UtcTicks)] = record.HasRequestId ? record : record with { RequestId = id };
                    }

                    return ValueTask.CompletedTask;
                },
                progress: null,
                cancellationToken);

            rows = [.. rows.Select(r => !r.IsActualized && IdOf(r, merger) is { } id && updated.TryGetValue((id, r.Timestamp.UtcTicks), out var merged) ? merged : r)];
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            // The synchronizer stops a run on its own when its first lookups are all refused with 401/403 (StopReason).
            verdict = SyncVerdict.Of(last, last.StopReason, young, settings.LiteLLM.BaseUrl);
            output.WriteLine(RunLine(
                run,
                last,
                emulator is null ? null : emulator.InjectedFaults.Total - faultsBefore,
                emulator is null ? null : emulator.SpendLogRequests - requestsBefore,
                options.Timing,
                runStarted));
            output.WriteLine(Text(
                $"run {run} detail: of the actualized, {last.CacheHitsSettled} response-cache hits settled at LLM cost 0, {last.TokenRepairedRows} merged with repaired token counts"));
            if (!verdict.Worked)
            {
                break;
            }
        }

        if (emulator is not null && served is not null && last is not null && verdict.Worked && !cancellationToken.IsCancellationRequested)
        {
            foreach (var line in LeftoverReport.Lines(rows, last, served, emulator.VisibilityDelay, settings.Sync.MinimumAge, clock.GetUtcNow(), merger))
            {
                output.WriteLine(line);
            }
        }

        if (options.Timing)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var lookups = records.Count * options.Runs / Math.Max(elapsed.TotalSeconds, 1e-9);
            output.WriteLine(Text(
                $"timing:     {options.Runs} run(s) of {records.Count} rows in {elapsed.TotalSeconds:0.000} s = {lookups:N0} rows/s (up to {settings.Sync.MaxConcurrency} concurrent lookups)"));
        }

        return new Outcome(rows, last!, verdict);
    }

    /// <summary><c>run 1: actualized A, not yet N, skipped S, failed F (faults injected X)</c>, and with <c>--timing</c> the
    /// pass's time, rows per second and (embedded) spend-log requests sent, retries included.</summary>
    private static string RunLine(int run, SyncResult result, long? faults, long? requests, bool timing, long started)
    {
        var line = Text($"run {run}: actualized {result.Actualized}, not yet {result.NotYetAvailable}, skipped {result.Skipped}, failed {result.Failed}");
        if (faults is { } injected)
        {
            line += Text($" (faults injected {injected})");
        }

        if (result.WasStopped || result.WasCanceled)
        {
            line += ", stopped early";
        }

        if (timing)
        {
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            line += Text($" in {seconds:0.000} s ({result.Total / Math.Max(seconds, 1e-9):N0} rows/s");
            line += requests is { } sent ? Text($", {sent:N0} spend-log requests)") : ")";
        }

        return line;
    }

    /// <summary>Rows the synchronizer will settle as not yet available without asking LiteLLM (younger than its minimum age).</summary>
    private static int CountTooYoung(IReadOnlyList<UsageRecord> rows, CostBreakdownMerger merger, DateTimeOffset now, TimeSpan minimumAge) =>
        rows.Count(r => !r.IsActualized && IdOf(r, merger) is not null && now - r.Timestamp < minimumAge);

    public static string? IdOf(UsageRecord record, CostBreakdownMerger merger) =>
        record.HasRequestId ? record.RequestId : merger.ExtractRequestId(record.CostBreakdown);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
