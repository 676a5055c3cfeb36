using System.Globalization;
using UsageAnalytics.Costs;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.LiteLLMEmulator;
using UsageAnalytics.Records;
using UsageAnalytics.Sync;

namespace UsageAnalytics.Sample;

/// <summary>
/// Embedded mode only: why the rows the last run left unactualized are left, from what the sample knows about the
/// emulated proxy (the rows it serves, its batch-writer delay). A real proxy cannot be asked this; the emulator can.
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
        var byRequestId = new Dictionary<string, SpendLogRow>(StringComparer.Ordinal);
        var callIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in served)
        {
            byRequestId.TryAdd(row.RequestId, row);
            if (row.LiteLLMCallId is { } callId)
            {
                callIds.Add(callId);
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
                : byRequestId.TryGetValue(id, out var row)
                    ? row.StartTime + visibilityDelay > now ? "still in the batch writer" : "answered \"not there\" ([null] bodies)"
                : callIds.Contains(id) ? "keyed by LiteLLM's call id (the row is keyed by the provider's id)"
                : "never logged by the proxy";
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
