using System.Globalization;
using System.Text.Json.Nodes;
using UsageAnalytics.Costs;
using UsageAnalytics.LiteLLMEmulator;
using UsageAnalytics.Pricing;
using UsageAnalytics.Records;

namespace UsageAnalytics.Sample;

/// <summary>What the embedded emulator serves and injects in the sample.</summary>
internal static class EmulatedProxy
{
    /// <summary>The <c>--faults</c> mix as printed.</summary>
    public const string SampleFaultsText =
        "faults:     10% of spend-log answers: 429 3% (Retry-After 0), 500 2%, cut-off bodies 2%, [null] bodies 1%, malformed rows 2%; batch-writer delay 60 s (sync minimum age 5 s)";

    /// <summary>
    /// The <c>--faults</c> mix: 10% of spend-log answers carry a fault. The 429s and 500s (5%) stay under the resilience
    /// pipeline's circuit-breaker ratio (10%), so its retries win and the run completes; cut-off and <c>[null]</c> bodies
    /// are not retried (a later run is); a malformed row is malformed on every answer (decided by its request id).
    /// </summary>
    public static EmulatorFaults SampleFaults(int seed) => new()
    {
        Seed = seed,
        Latency = TimeSpan.FromMilliseconds(5),
        RateLimitFraction = 0.03,
        RetryAfterSeconds = 0,
        ServerErrorFraction = 0.02,
        BrokenBodyFraction = 0.02,
        NullBodyFraction = 0.01,
        MalformedRowFraction = 0.02,
    };

    /// <summary>Spend-log rows a proxy would hold for a usage file's rows (embedded mode), one per request id: LiteLLM bills
    /// the price book's cost of the row's tokens, or, for a model the book cannot price, 4% under the file's LLM estimate.</summary>
    public static List<SpendLogRow> Mirror(IReadOnlyList<UsageRecord> records, CostBreakdownMerger merger, PriceBook prices)
    {
        var rows = new List<SpendLogRow>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (SampleSync.IdOf(record, merger) is not { } id || !seen.Add(id))
            {
                continue;
            }

            var llm = prices.Estimate(record) is { IsPriced: true } priced ? priced.Cost
                : 0.96m * (record.CostBreakdown?["estimated_llm_cost"] is JsonValue value
                    && decimal.TryParse(value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var part)
                    ? part
                    : record.EstimatedCost);
            var latency = TimeSpan.FromMilliseconds(record.LatencyMs ?? 800);
            rows.Add(new SpendLogRow
            {
                RequestId = id,
                Spend = record.IsSuccess ? (double)llm : 0,
                PromptTokens = record.PromptTokens,
                CompletionTokens = record.CompletionTokens,
                StartTime = record.Timestamp,
                EndTime = record.Timestamp + latency,
                Model = record.Model,
                ModelGroup = record.Model,
                Provider = record.Provider,
                User = record.UserId,
                TeamId = record.TeamId,
                SessionId = record.SessionId,
                Status = record.IsSuccess ? "success" : "failure",
                RequestTags = record.Tags,
                Metadata = new JsonObject { ["user_api_key_alias"] = record.KeyAlias },
            });
        }

        return rows;
    }
}
