// A consumer of the packed UsageAnalytics.Core package (see .ci/consumer-check): parses a LiteLLM row,
// merges it into a stored breakdown and summarizes, checking each figure.
using System.Text.Json.Nodes;
using UsageAnalytics.Analytics;
using UsageAnalytics.Costs;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Records;

var log = SpendLogEntry.Parse("""
    {"request_id":"r1","spend":3.4e-05,"startTime":"2026-08-06 14:30:00","custom_llm_provider":"openai",
     "model":"gpt-4o","prompt_tokens":10,"completion_tokens":20,"metadata":"{}","cache_hit":"None"}
    """);
var at = new DateTimeOffset(2026, 8, 6, 14, 30, 0, TimeSpan.Zero);
var record = new UsageRecord
{
    RequestId = "r1",
    Timestamp = at,
    Model = "gpt-4o",
    Provider = "openai",
    EstimatedCost = 0.0002m,
    CostBreakdown = JsonNode.Parse("""{"estimated_stt_cost":0.001,"estimated_tts_cost":"0.002","keep":{"me":1}}""")!.AsObject(),
};

var merged = new CostBreakdownMerger().Merge(record, log);
Check(merged.IsMerged, "merged");
Check(merged.Record!.ActualCost == 0.003034m, "actual = stt + tts + spend");
Check(merged.Breakdown!["keep"]!["me"]!.GetValue<int>() == 1, "unknown fields kept");

var summary = new UsageSummaryAggregator().Aggregate([merged.Record, new UsageRecord { Timestamp = at, Model = "gpt-4o", EstimatedCost = 0.01m }]);
Check(summary.Totals.EffectiveCost == 0.013034m, "effective total");
Check(summary.Totals.ActualizedCount == 1 && summary.Totals.MissingRequestIdCount == 1, "coverage counts");
var byModel = summary.GroupsOf(UsageDimension.Model);
Check(byModel.Count == 1 && byModel[0].Key == "gpt-4o" && byModel[0].Figures.Requests == 2, "grouped by model");
Check(summary.Currency == "USD", "one currency");
Check(log.CacheHit == false, "cache_hit \"None\" is a miss");
Console.WriteLine("consumer: OK");

static void Check(bool condition, string what)
{
    if (!condition)
    {
        Console.WriteLine($"consumer: FAILED {what}");
        Environment.Exit(1);
    }

    Console.WriteLine($"consumer: {what}");
}
