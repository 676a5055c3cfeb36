using System.Text.Json.Nodes;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Records;

namespace UsageAnalytics.Costs;

/// <summary>
/// Actual costs you can trust (issue 8): a response-cache hit is never charged another call's spend, rows keyed by
/// LiteLLM's call id merge, and a row without startTime merges.
/// </summary>
public sealed class CostMergeTrustTests
{
    private static readonly CostBreakdownMerger Merger = new();
    private static readonly DateTimeOffset At = new(2026, 8, 6, 14, 30, 0, TimeSpan.Zero);

    private static SpendLogEntry Row(string requestId, decimal spend, bool? cacheHit = false, string? callId = null) => new()
    {
        RequestId = requestId,
        LiteLLMCallId = callId,
        Spend = spend,
        Provider = "openai",
        Model = "gpt-4o",
        PromptTokens = 1200,
        CompletionTokens = 300,
        CacheHit = cacheHit,
        StartTime = At,
    };

    private static UsageRecord Record(string? requestId, bool? cacheHit, JsonObject? breakdown = null) => new()
    {
        RequestId = requestId,
        Timestamp = At,
        Provider = "openai",
        Model = "gpt-4o",
        PromptTokens = 1200,
        CompletionTokens = 300,
        EstimatedCost = 0.013m,
        CacheHit = cacheHit,
        CostBreakdown = breakdown,
    };

    [Fact]
    public void CacheHitCarryingTheOriginalId_IsNeverChargedTheOriginalSpend()
    {
        // The example: two records with the same id, the second a cache hit; LiteLLM charged 0.0123 once.
        var original = Row("chatcmpl-orig", 0.0123m);
        var first = Merger.Merge(Record("chatcmpl-orig", cacheHit: false), original);
        var second = Merger.Merge(Record("chatcmpl-orig", cacheHit: true), original);

        Assert.Equal(CostMergeStatus.Merged, first.Status);
        Assert.Equal(0.0123m, first.ActualCost);
        Assert.Equal(CostMergeStatus.CacheHitSettled, second.Status);
        Assert.True(second.IsMerged);
        Assert.Equal(0m, second.ActualLlmCost);
        Assert.Equal(0m, second.ActualCost);
        Assert.Equal(0.0123m, first.ActualCost + second.ActualCost);
        Assert.Equal(0m, second.Record!.ActualCost);
        Assert.Equal(CostMergeOptions.DefaultCacheHitCoverageLabel, second.Breakdown!["cost_coverage"]!.GetValue<string>());
        Assert.Equal(0m, second.Breakdown["actual_llm_cost"]!.GetValue<decimal>());
        Assert.Equal("chatcmpl-orig", second.Breakdown["request_id"]!.GetValue<string>());
    }

    [Fact]
    public void CacheHitSettlement_KeepsTheEstimatedSpeechParts()
    {
        var breakdown = JsonNode.Parse("""{"estimated_stt_cost":0.002,"estimated_tts_cost":"0.003","custom":"keep"}""")!.AsObject();
        var result = Merger.Merge(Record("chatcmpl-orig", cacheHit: true, breakdown), Row("chatcmpl-orig", 0.0123m));

        Assert.Equal(CostMergeStatus.CacheHitSettled, result.Status);
        Assert.Equal(0.005m, result.ActualCost);
        Assert.Equal(0.002m, result.EstimatedSttCost);
        Assert.Equal(0.003m, result.EstimatedTtsCost);
        Assert.Equal("keep", result.Breakdown!["custom"]!.GetValue<string>());
        Assert.Equal("""{"estimated_stt_cost":0.002,"estimated_tts_cost":"0.003","custom":"keep"}""", breakdown.ToJsonString());
    }

    [Fact]
    public void RowThatIsAHit_ForARecordThatSaysNoHit_IsSettledNotCopied()
    {
        var hitRow = Row("chatcmpl-orig_cache_hit1754490602.4731", 0.0123m, cacheHit: true);
        var result = Merger.Merge(Record("chatcmpl-orig_cache_hit1754490602.4731", cacheHit: false), hitRow);

        Assert.Equal(CostMergeStatus.CacheHitSettled, result.Status);
        Assert.Equal(0m, result.ActualLlmCost);
    }

    [Fact]
    public void HitRecord_WithTheHitsOwnRow_MergesTheRow()
    {
        var hitRow = Row("chatcmpl-orig_cache_hit1754490602.4731", 0m, cacheHit: true);
        var result = Merger.Merge(Record("chatcmpl-orig_cache_hit1754490602.4731", cacheHit: true), hitRow);

        Assert.Equal(CostMergeStatus.Merged, result.Status);
        Assert.Equal(0m, result.ActualCost);
        Assert.Equal(CostMergeOptions.DefaultCoverageLabel, result.Breakdown!["cost_coverage"]!.GetValue<string>());
    }

    [Fact]
    public void RecordWithUnknownCacheFlag_MergesAsUsual()
    {
        var result = Merger.Merge(Record("chatcmpl-orig", cacheHit: null), Row("chatcmpl-orig", 0.0123m));

        Assert.Equal(CostMergeStatus.Merged, result.Status);
        Assert.Equal(0.0123m, result.ActualCost);
    }

    [Fact]
    public void SettledHit_MergedAgain_GivesTheSameResult()
    {
        var row = Row("chatcmpl-orig", 0.0123m);
        var once = Merger.Merge(Record("chatcmpl-orig", cacheHit: true), row);
        var twice = Merger.Merge(once.Record!, row);

        Assert.Equal(once.ActualCost, twice.ActualCost);
        Assert.Equal(once.Breakdown!.ToJsonString(), twice.Breakdown!.ToJsonString());
    }

    [Fact]
    public void SettleCacheHit_WithoutARow_ChargesNothingForTheLlmPart()
    {
        var breakdown = JsonNode.Parse("""{"request_id":"chatcmpl-orig","estimated_tts_cost":0.001}""")!.AsObject();
        var result = Merger.SettleCacheHit(Record(null, cacheHit: true, breakdown));

        Assert.Equal(CostMergeStatus.CacheHitSettled, result.Status);
        Assert.Equal("chatcmpl-orig", result.RequestId);
        Assert.Equal(0.001m, result.ActualCost);
        Assert.Equal(0m, result.ActualLlmCost);
        Assert.Equal("gpt-4o", result.Breakdown!["model"]!.GetValue<string>());
        Assert.Equal(1200, result.Breakdown["prompt_tokens"]!.GetValue<long>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public void SettleCacheHit_RefusesARecordThatIsNoHit(bool? cacheHit)
    {
        var ex = Assert.Throws<ArgumentException>(() => Merger.SettleCacheHit(Record("chatcmpl-orig", cacheHit)));
        Assert.Equal("record", ex.ParamName);
    }

    [Fact]
    public void SettleCacheHit_RefusesAnotherCurrency()
    {
        var record = Record("chatcmpl-orig", cacheHit: true) with { Currency = "EUR" };
        var result = Merger.SettleCacheHit(record);

        Assert.Equal(CostMergeStatus.CurrencyMismatch, result.Status);
        Assert.Same(record, result.Record);
        Assert.Null(result.ActualCost);
    }

    [Fact]
    public void RecordKeyedByCallId_MergesTheRowKeyedByTheProviderId()
    {
        // Newer proxies answer a request_id lookup for the call id with the row keyed by the provider's id (PR 39068).
        var row = Row("chatcmpl-xyz", 0.0042m, callId: "litellm-call-abc");
        var result = Merger.Merge(Record("litellm-call-abc", cacheHit: false), row);

        Assert.Equal(CostMergeStatus.Merged, result.Status);
        Assert.Equal(0.0042m, result.ActualCost);
        Assert.Equal("chatcmpl-xyz", result.Breakdown!["request_id"]!.GetValue<string>());
        Assert.Equal("litellm-call-abc", result.Breakdown["litellm_call_id"]!.GetValue<string>());
        Assert.Equal("litellm-call-abc", result.Record!.RequestId);

        var again = Merger.Merge(result.Record, row);
        Assert.Equal(result.Breakdown.ToJsonString(), again.Breakdown!.ToJsonString());
    }

    [Fact]
    public void BreakdownKeyedByCallId_IsFoundAndMerged()
    {
        var breakdown = JsonNode.Parse("""{"relay_meta":{"litellm_call_id":"litellm-call-abc"},"estimated_stt_cost":0.001}""")!.AsObject();

        Assert.Equal("litellm-call-abc", Merger.ExtractRequestId(breakdown));
        var result = Merger.Merge(breakdown, Row("chatcmpl-xyz", 0.0042m, callId: "litellm-call-abc"));
        Assert.Equal(CostMergeStatus.Merged, result.Status);
        Assert.Equal(0.0052m, result.ActualCost);

        // Merged again: the breakdown now names the provider's id first, and the row is still its own.
        var again = Merger.Merge(result.Breakdown, Row("chatcmpl-xyz", 0.0042m, callId: "litellm-call-abc"));
        Assert.Equal(CostMergeStatus.Merged, again.Status);
        Assert.Equal(0.0052m, again.ActualCost);
    }

    [Fact]
    public void RequestIdPathsComeBeforeCallIdPaths()
    {
        var breakdown = JsonNode.Parse("""{"litellm_call_id":"litellm-call-abc","request_id":"chatcmpl-xyz"}""")!.AsObject();
        Assert.Equal("chatcmpl-xyz", Merger.ExtractRequestId(breakdown));
    }

    [Fact]
    public void ARowOfAnotherCall_IsStillRefused()
    {
        var result = Merger.Merge(Record("litellm-call-abc", cacheHit: false), Row("chatcmpl-xyz", 0.0042m, callId: "litellm-call-other"));
        Assert.Equal(CostMergeStatus.RequestIdMismatch, result.Status);
    }

    [Fact]
    public void CallIdPaths_AreValidated()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CostBreakdownMerger(new CostMergeOptions { CallIdPaths = ["relay..id"] }));
        Assert.Contains("Call-id path #0", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new CostBreakdownMerger(new CostMergeOptions { CacheHitCoverageLabel = " " }));
    }

    [Fact]
    public void RowWithoutStartTime_CanStillBeMerged()
    {
        // A callback payload: request id, spend, model and tokens, no startTime.
        var row = SpendLogEntry.Parse("""{"request_id":"chatcmpl-cb","spend":0.0031,"model":"gpt-4o-mini","prompt_tokens":100,"completion_tokens":20}""");

        Assert.Null(row.StartTime);
        Assert.Null(row.EndTime);
        var result = Merger.Merge(Record("chatcmpl-cb", cacheHit: false), row);
        Assert.Equal(CostMergeStatus.Merged, result.Status);
        Assert.Equal(0.0031m, result.ActualCost);

        var ex = Assert.Throws<SpendLogFormatException>(row.ToUsageRecord);
        Assert.Contains("no startTime", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"request_id":"r1"}""", "has no spend")]
    [InlineData("""{"request_id":"r1","spend":null}""", "has no spend")]
    [InlineData("""{"request_id":"r1","spend":0.1,"startTime":"yesterday"}""", "unreadable startTime")]
    [InlineData("""{"request_id":"r1","spend":0.1,"startTime":12}""", "unreadable startTime")]
    public void RowMissingWhatTheMergeReads_OrWithAnUnreadableStartTime_IsRefused(string json, string reason)
    {
        var ex = Assert.Throws<SpendLogFormatException>(() => SpendLogEntry.Parse(json));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"request_id":"chatcmpl-1","spend":0,"startTime":"2026-08-06T14:30:00Z","litellm_call_id":"call-row"}""", "call-row")]
    [InlineData("""{"request_id":"chatcmpl-1","spend":0,"startTime":"2026-08-06T14:30:00Z","metadata":{"litellm_call_id":"call-meta"}}""", "call-meta")]
    [InlineData("""{"request_id":"chatcmpl-1","spend":0,"startTime":"2026-08-06T14:30:00Z","metadata":"{\"litellm_call_id\":\"call-str\"}"}""", "call-str")]
    [InlineData("""{"request_id":"chatcmpl-1","spend":0,"startTime":"2026-08-06T14:30:00Z","litellm_call_id":" ","metadata":{"litellm_call_id":"call-meta"}}""", "call-meta")]
    public void CallId_IsReadFromTheRowOrItsMetadata(string json, string expected)
    {
        var row = SpendLogEntry.Parse(json);

        Assert.Equal(expected, row.LiteLLMCallId);
        Assert.True(row.IsFor(expected));
        Assert.True(row.IsFor("chatcmpl-1"));
        Assert.False(row.IsFor("chatcmpl-2"));
        Assert.False(row.IsFor(" "));
        Assert.False(row.IsFor(null));
    }
}

/// <summary>Review findings on the trust rules: a settled hit keeps its own ids; a missing prompt with cache metadata.</summary>
public sealed class CostMergeTrustReviewTests
{
    private static readonly DateTimeOffset At = new(2026, 8, 6, 14, 30, 0, TimeSpan.Zero);

    [Fact]
    public void SettledHit_KeepsItsOwnCallId_NeverTheOriginalCalls()
    {
        var breakdown = JsonNode.Parse("""{"litellm_call_id":"hit-own-call-id"}""")!.AsObject();
        var record = new UsageRecord { RequestId = "chatcmpl-orig", Timestamp = At, CacheHit = true, CostBreakdown = breakdown };
        var original = new SpendLogEntry { RequestId = "chatcmpl-orig", LiteLLMCallId = "orig-call-id", Spend = 0.0123m, CacheHit = false, StartTime = At };

        var result = new CostBreakdownMerger().Merge(record, original);

        Assert.Equal(CostMergeStatus.CacheHitSettled, result.Status);
        Assert.Equal("hit-own-call-id", result.Breakdown!["litellm_call_id"]!.GetValue<string>());
        Assert.Equal("chatcmpl-orig", result.Breakdown["request_id"]!.GetValue<string>());
    }

    [Fact]
    public void ZeroPromptWithCacheMetadata_TakesThePromptFromTheTotal_NotAsReasoning()
    {
        var row = SpendLogEntry.Parse("""
            {"request_id":"r1","spend":0.001,"startTime":"2026-08-06T14:30:00Z","prompt_tokens":0,"completion_tokens":50,
             "total_tokens":1250,"metadata":{"usage_object":{"prompt_tokens_details":{"cached_tokens":1000}}}}
            """);

        Assert.Equal(1200, row.PromptTokens);
        Assert.Equal(50, row.CompletionTokens);
        Assert.Equal(0, row.ReasoningTokens);
        Assert.Equal(1000, row.CachedPromptTokens);
        Assert.Equal(1250, row.TotalTokens);
        Assert.Equal(SpendLogTokenRepairs.CacheOutsidePrompt | SpendLogTokenRepairs.TotalWithoutPrompt, row.TokenRepairs);
    }
}
