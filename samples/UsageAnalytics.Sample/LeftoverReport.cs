using System.Globalization;
using UsageAnalytics.Costs;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.LiteLLMEmulator;
using UsageAnalytics.Records;
using UsageAnalytics.Sync;

namespace UsageAnalytics.Sample;

/// <summary>
/// Embedded mode only: why the rows the last run left unactualized are left, from what the sample knows about the
/// emulated proxy (the rows it serves, by request id or call id, and its batch-writer delay). A real proxy cannot be asked this; the emulator can.
/// </summary>
internal static class LeftoverReport
{
    /// <summary>Two lines: the not-yet rows and the failed rows of the last run, each split by cause.</summary>
    public static IEnumerable<string> Lines(
        IReadOnlyList<UsageRecord> rows,
        SyncResult last,
        IReadOnlyList<SpendLogRow> served,
        TimeSpan visibilityDelay,
        TimeSpan minimumAge,
        DateTimeOffset now,
        CostBreakdownMerger merger)
    {
        // A row is found by its request id or (newer proxies, PR 39068) its litellm_call_id.
        var byId = new Dictionary<string, SpendLogRow>(StringComparer.Ordinal);
        foreach (var row in served)
        {
            byId.TryAdd(row.RequestId, row);
        }

        foreach (var row in served)
        {
            if (row.LiteLLMCallId is { } callId)
            {
                byId.TryAdd(callId, row);
            }
        }

        var failed = new HashSet<(string, long)>(last.Failures.Select(f => (f.RequestId, f.Record.Timestamp.UtcTicks)));
        var notYet = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in rows)
        {
            if (record.IsActualized || SampleSync.IdOf(record, merger) is not { } id || failed.Contains((id, record.Timestamp.UtcTicks)))
            {
                continue;
            }

            var cause = now - record.Timestamp < minimumAge ? "younger than the sync's minimum age (not asked)"
                : !byId.TryGetValue(id, out var row) ? "never logged by the proxy"
                : row.StartTime + visibilityDelay > now ? "still in the batch writer"
                : "answered \"not there\" ([null] bodies)";
            notYet[cause] = notYet.GetValueOrDefault(cause) + 1;
        }

        yield return Text($"left:       not yet {notYet.Values.Sum()}: {Join(notYet)}");
        var kinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var failure in last.Failures)
        {
            var cause = failure.Kind switch
            {
                SpendLogFailureKind.MalformedSpendLog => "MalformedSpendLog (rows the proxy serves malformed on every answer)",
                SpendLogFailureKind.MalformedResponse => "MalformedResponse (cut-off bodies)",
                SpendLogFailureKind.HttpStatus => Text($"HTTP {(int?)failure.StatusCode} after every retry"),
                _ => failure.Kind.ToString(),
            };
            kinds[cause] = kinds.GetValueOrDefault(cause) + 1;
        }

        yield return Text($"left:       failed {last.Failed}: {Join(kinds)}");
    }

    private static string Join(SortedDictionary<string, int> counts) =>
        counts.Count == 0
            ? "none"
            : string.Join(", ", counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => Text($"{c.Value} {c.Key}")));

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
