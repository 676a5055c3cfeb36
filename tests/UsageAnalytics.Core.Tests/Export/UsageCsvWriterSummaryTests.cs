using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

public sealed class UsageCsvWriterSummaryTests
{
    private static readonly DateTimeOffset _start = new(2026, 6, 10, 9, 15, 0, TimeSpan.Zero);

    [Fact]
    public void WriteGroups_ByModel_WritesOneExactRowPerGroup()
    {
        var summary = Summary();
        var writer = new StringWriter();

        UsageCsvWriter.WriteGroups(summary, UsageDimension.Model, writer);

        Assert.Equal(
            Header("dimension,key,")
            + "model,claude-3,2,1,1,0.5,0.4,0.3,0.5,USD,1,1,300,60,360,50,0,10,1,800,800,800,,\r\n"
            + "model,gpt-4o,1,1,0,0,0.1,0,0.1,USD,0,1,100,20,120,0,5,0,0,250,250,250,40,40\r\n",
            writer.ToString());
    }

    [Fact]
    public void WriteGroups_NullTeam_WritesEmptyKeyCellAndNoLatencyCells()
    {
        var summary = Summary();
        var writer = new StringWriter();

        UsageCsvWriter.WriteGroups(summary, UsageDimension.Team, writer);

        Assert.Equal(
            Header("dimension,key,")
            + "team,,2,1,1,0.5,0.4,0.3,0.5,USD,1,1,300,60,360,50,0,10,1,,,,,\r\n"
            + "team,\"'=evil\",1,1,0,0,0.1,0,0.1,USD,0,1,100,20,120,0,5,0,0,,,,,\r\n",
            writer.ToString());
    }

    [Fact]
    public void WriteTimeSeries_Hours_WritesOneExactRowPerBucketInUtc()
    {
        var summary = Summary();
        var writer = new StringWriter();

        UsageCsvWriter.WriteTimeSeries(summary, TimeBucketSize.Hour, writer);

        Assert.Equal(
            Header("bucket_start,bucket_end,")
            + "2026-06-10T07:00:00Z,2026-06-10T08:00:00Z,2,2,0,0,0.3,0.3,0.4,USD,1,1,350,70,420,50,5,10,0.5,,,,,\r\n"
            + "2026-06-10T09:00:00Z,2026-06-10T10:00:00Z,1,0,1,1,0.2,0,0.2,USD,0,1,50,10,60,0,0,0,,,,,,\r\n",
            writer.ToString());
    }

    [Fact]
    public void WriteTimeSeries_SizeNotKept_WritesTheHeaderOnly()
    {
        var writer = new StringWriter();

        UsageCsvWriter.WriteTimeSeries(Summary(), TimeBucketSize.Minute, writer);

        Assert.Equal(Header("bucket_start,bucket_end,"), writer.ToString());
    }

    private static string Header(string lead) =>
        lead + "requests,successes,failures,error_rate,estimated_cost,actual_cost,effective_cost,currency,actualized_count,"
        + "estimated_only_count,prompt_tokens,completion_tokens,total_tokens,cached_prompt_tokens,cache_write_tokens,"
        + "reasoning_tokens,cache_hit_rate,latency_p50_ms,latency_p95_ms,latency_p99_ms,ttft_p50_ms,ttft_p95_ms\r\n";

    // Two models and one row without a team; the zone is UTC+2 (no DST) so buckets show the UTC conversion.
    private static UsageSummary Summary()
    {
        var accumulator = new UsageAccumulator(new UsageAccumulatorOptions
        {
            GroupBy = [UsageDimension.Model, UsageDimension.Team],
            TimeBuckets = [TimeBucketSize.Hour, TimeBucketSize.Day],
            TimeZone = TimeZoneInfo.CreateCustomTimeZone("Test+2", TimeSpan.FromHours(2), "Test+2", "Test+2"),
        });
        accumulator.Add(new UsageRecord
        {
            RequestId = "a", Timestamp = _start.AddHours(-2), Model = "gpt-4o", TeamId = "=evil", PromptTokens = 100, CompletionTokens = 20,
            CacheWriteTokens = 5, EstimatedCost = 0.10m, LatencyMs = 250, TimeToFirstTokenMs = 40, CacheHit = false,
        });
        accumulator.Add(new UsageRecord
        {
            RequestId = "b", Timestamp = _start.AddHours(-2).AddMinutes(10), Model = "claude-3", PromptTokens = 250, CompletionTokens = 50,
            CachedPromptTokens = 50, ReasoningTokens = 10, EstimatedCost = 0.20m, ActualCost = 0.30m, LatencyMs = 800, CacheHit = true,
        });
        accumulator.Add(new UsageRecord
        {
            RequestId = "c", Timestamp = _start, Model = "claude-3", Status = "failure", PromptTokens = 50, CompletionTokens = 10,
            EstimatedCost = 0.20m, LatencyMs = 5,
        });
        return accumulator.ToSummary(_start);
    }
}
