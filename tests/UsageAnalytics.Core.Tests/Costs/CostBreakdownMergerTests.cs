using System.Text.Json;
using System.Text.Json.Nodes;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Records;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.Costs;

public sealed class CostBreakdownMergerTests
{
    private static readonly CostBreakdownMerger Merger = new();

    private static SpendLogEntry Log(string requestId = "req-1", decimal spend = 0.0125m) => new()
    {
        RequestId = requestId,
        Spend = spend,
        Provider = "openai",
        Model = "gpt-4o",
        PromptTokens = 1200,
        CompletionTokens = 300,
        StartTime = new DateTimeOffset(2026, 8, 6, 14, 30, 0, TimeSpan.Zero),
    };

    private static JsonObject Breakdown(string json) => JsonNode.Parse(json)!.AsObject();

    [Theory]
    [InlineData("""{"request_id":"req-1","estimated_stt_cost":0.002,"estimated_tts_cost":0.003}""", "0.0175")]
    [InlineData("""{"request_id":"req-1","estimated_stt_cost":0.002}""", "0.0145")]
    [InlineData("""{"request_id":"req-1","estimated_tts_cost":0.003}""", "0.0155")]
    [InlineData("""{"request_id":"req-1","estimated_stt_cost":null,"estimated_tts_cost":null}""", "0.0125")]
    [InlineData("""{"request_id":"req-1"}""", "0.0125")]
    [InlineData("""{"request_id":"req-1","estimated_stt_cost":"0.002","estimated_tts_cost":"3e-3"}""", "0.0175")]
    [InlineData("""{"request_id":"req-1","estimated_stt_cost":"  "}""", "0.0125")]
    public void Merge_ThreePartFormula_AddsEstimatedSpeechToActualLlm(string breakdown, string expected)
    {
        var result = Merger.Merge(Breakdown(breakdown), Log());

        Assert.Equal(CostMergeStatus.Merged, result.Status);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result.ActualCost);
        Assert.Equal(0.0125m, result.ActualLlmCost);
        Assert.Equal(result.ActualCost, result.EstimatedSttCost + result.EstimatedTtsCost + result.ActualLlmCost);
    }

    [Fact]
    public void Merge_EnrichesExactlyTheSevenFields_AndKeepsEveryOtherFieldIncludingNested()
    {
        var input = Breakdown("""
            {"request_id":"req-1","estimated_stt_cost":0.002,"estimated_tts_cost":0.003,"estimated_llm_cost":0.011,
             "model":"stale-model","relay_meta":{"hops":[1,2,{"x":"y"}],"region":"eu"},"custom":"keep me"}
            """);
        var before = input.ToJsonString();

        var merged = Merger.Merge(input, Log()).Breakdown!;

        Assert.Equal(before, input.ToJsonString());
        Assert.Equal(0.0125m, merged["actual_llm_cost"]!.GetValue<decimal>());
        Assert.Equal("req-1", merged["request_id"]!.GetValue<string>());
        Assert.Equal("openai", merged["provider"]!.GetValue<string>());
        Assert.Equal("gpt-4o", merged["model"]!.GetValue<string>());
        Assert.Equal(1200, merged["prompt_tokens"]!.GetValue<long>());
        Assert.Equal(300, merged["completion_tokens"]!.GetValue<long>());
        Assert.Equal("llm_actual_tts_stt_estimated", merged["cost_coverage"]!.GetValue<string>());
        Assert.Equal("keep me", merged["custom"]!.GetValue<string>());
        Assert.Equal(0.011m, merged["estimated_llm_cost"]!.GetValue<decimal>());
        Assert.True(JsonNode.DeepEquals(input["relay_meta"], merged["relay_meta"]));
        var added = merged.Select(p => p.Key).Except(input.Select(p => p.Key)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["actual_llm_cost", "completion_tokens", "cost_coverage", "prompt_tokens", "provider"], added);
    }

    [Fact]
    public void Merge_ResultIsACopy_MutatingItLeavesTheInputAlone()
    {
        var input = Breakdown("""{"request_id":"req-1","relay_meta":{"region":"eu"}}""");

        var merged = Merger.Merge(input, Log()).Breakdown!;
        merged["relay_meta"]!["region"] = "us";

        Assert.Equal("eu", input["relay_meta"]!["region"]!.GetValue<string>());
    }

    [Fact]
    public void Merge_Twice_GivesTheSameResult()
    {
        var input = Breakdown("""{"request_id":"req-1","estimated_stt_cost":0.002,"estimated_tts_cost":"0.003","n":{"a":1}}""");

        var once = Merger.Merge(input, Log());
        var twice = Merger.Merge(once.Breakdown, Log());

        Assert.Equal(once.ActualCost, twice.ActualCost);
        Assert.True(JsonNode.DeepEquals(once.Breakdown, twice.Breakdown));
    }

    [Fact]
    public void Merge_SpendLogForAnotherRequest_IsRefusedAndInputReturnedUntouched()
    {
        var input = Breakdown("""{"request_id":"req-1","estimated_stt_cost":0.002}""");

        var result = Merger.Merge(input, Log(requestId: "req-2"));

        Assert.Equal(CostMergeStatus.RequestIdMismatch, result.Status);
        Assert.False(result.IsMerged);
        Assert.Null(result.ActualCost);
        Assert.Same(input, result.Breakdown);
        Assert.Equal("req-1", result.RequestId);
    }

    [Fact]
    public void Merge_NoSpendLog_LeavesTheBreakdownUntouched()
    {
        var input = Breakdown("""{"request_id":"req-1"}""");

        var result = Merger.Merge(input, spendLog: null);

        Assert.Equal(CostMergeStatus.NoSpendLog, result.Status);
        Assert.Same(input, result.Breakdown);
        Assert.Null(result.ActualCost);
    }

    [Fact]
    public void Merge_NullBreakdown_MergesIntoANewOneWithTheSevenFields()
    {
        var result = Merger.Merge((JsonObject?)null, Log());

        Assert.Equal(0.0125m, result.ActualCost);
        Assert.Equal(7, result.Breakdown!.Count);
    }

    [Theory]
    [InlineData("""{"estimated_stt_cost":"abc"}""", "estimated_stt_cost")]
    [InlineData("""{"estimated_tts_cost":true}""", "estimated_tts_cost")]
    [InlineData("""{"estimated_tts_cost":{"v":1}}""", "estimated_tts_cost")]
    [InlineData("""{"estimated_stt_cost":[0.1]}""", "estimated_stt_cost")]
    [InlineData("""{"estimated_stt_cost":-0.5}""", "estimated_stt_cost")]
    [InlineData("""{"estimated_stt_cost":1e400}""", "estimated_stt_cost")]
    [InlineData("""{"estimated_tts_cost":"NaN"}""", "estimated_tts_cost")]
    [InlineData("""{"estimated_tts_cost":"Infinity"}""", "estimated_tts_cost")]
    public void Merge_EstimatedPartNotANonNegativeNumber_ThrowsTypedErrorNamingTheKey(string breakdown, string key)
    {
        var ex = Assert.Throws<CostBreakdownException>(() => Merger.Merge(Breakdown(breakdown), Log()));

        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<UsageAnalyticsException>(ex);
    }

    [Fact]
    public void Merge_NegativeSpendOnAConstructedEntry_ThrowsTypedError()
    {
        Assert.Throws<SpendLogFormatException>(() => Merger.Merge(Breakdown("{}"), Log(spend: -1m)));
    }

    [Theory]
    [InlineData("""{"request_id":"a","litellm_request_id":"b"}""", "a")]
    [InlineData("""{"request_id":"  ","litellm_request_id":"b"}""", "b")]
    [InlineData("""{"request_id":null,"relay_meta":{"request_id":"c"}}""", "c")]
    [InlineData("""{"relay_meta":{"request_id":"","litellm_request_id":"d"}}""", "d")]
    [InlineData("""{"relay_meta":"not an object","litellm_request_id":"e"}""", "e")]
    [InlineData("""{"request_id":12345}""", "12345")]
    [InlineData("""{"request_id":{"nested":"x"}}""", null)]
    [InlineData("""{"other":"x"}""", null)]
    public void ExtractRequestId_DefaultPaths_TriedInOrderWithBlanksAbsent(string breakdown, string? expected)
    {
        Assert.Equal(expected, Merger.ExtractRequestId(Breakdown(breakdown)));
    }

    [Fact]
    public void ExtractRequestId_Null_IsNull()
    {
        Assert.Null(Merger.ExtractRequestId(null));
    }

    [Fact]
    public void FromOptions_CustomLabelsAndKeys_AreUsed()
    {
        var merger = CostBreakdownMerger.FromOptions(new CostMergeOptions
        {
            Currency = "EUR",
            CompositeSource = "my_source",
            CoverageLabel = "my_coverage",
            RequestIdPaths = ["meta.litellm.id"],
            EstimatedSttCostKey = "stt",
            EstimatedTtsCostKey = "tts",
        });
        var input = Breakdown("""{"meta":{"litellm":{"id":"req-1"}},"stt":1.5,"tts":"0.5","estimated_stt_cost":100}""");

        var result = merger.Merge(input, Log());

        Assert.Equal("req-1", merger.ExtractRequestId(input));
        Assert.Equal(2.0125m, result.ActualCost);
        Assert.Equal("EUR", result.Currency);
        Assert.Equal("my_source", result.CompositeSource);
        Assert.Equal("my_coverage", result.Breakdown!["cost_coverage"]!.GetValue<string>());
    }

    [Fact]
    public void Defaults_MatchTheSeedConfiguration()
    {
        var result = Merger.Merge(Breakdown("{}"), Log());

        Assert.Equal("USD", result.Currency);
        Assert.Equal("speech_composite_mixed_litellm_spend_log", result.CompositeSource);
        Assert.Equal("llm_actual_tts_stt_estimated", result.Breakdown!["cost_coverage"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData(".a")]
    public void Constructor_BadRequestIdPath_Throws(string path)
    {
        Assert.Throws<ArgumentException>(() => new CostBreakdownMerger(new CostMergeOptions { RequestIdPaths = [path] }));
    }

    [Fact]
    public void Constructor_BlankLabel_Throws()
    {
        Assert.Throws<ArgumentException>(() => new CostBreakdownMerger(new CostMergeOptions { CoverageLabel = " " }));
    }

    [Fact]
    public void MergeRecord_SetsActualCostAndBreakdown_AndKeepsEverythingElse()
    {
        var record = new UsageRecord
        {
            RequestId = "req-1",
            Model = "gpt-4o",
            EstimatedCost = 0.02m,
            CostBreakdown = Breakdown("""{"estimated_stt_cost":0.001}"""),
            UserId = "u1",
        };

        var result = Merger.Merge(record, Log());

        Assert.True(result.IsMerged);
        Assert.Equal(0.0135m, result.Record!.ActualCost);
        Assert.Equal(0.0135m, result.Record.EffectiveCost);
        Assert.Equal(0.02m, result.Record.EstimatedCost);
        Assert.Equal("u1", result.Record.UserId);
        Assert.Same(result.Breakdown, result.Record.CostBreakdown);
        Assert.Null(record.ActualCost);
    }

    [Fact]
    public void MergeRecord_RecordRequestIdWinsOverBreakdown()
    {
        var record = new UsageRecord { RequestId = "req-2", CostBreakdown = Breakdown("""{"request_id":"req-1"}""") };

        var result = Merger.Merge(record, Log(requestId: "req-2"));

        Assert.True(result.IsMerged);
        Assert.Equal("req-2", result.Record!.CostBreakdown!["request_id"]!.GetValue<string>());
    }

    [Fact]
    public void MergeRecord_NoRecordIdUsesTheBreakdownsId_AndRefusesAnotherRequest()
    {
        var record = new UsageRecord { CostBreakdown = Breakdown("""{"relay_meta":{"litellm_request_id":"req-1"}}""") };

        var refused = Merger.Merge(record, Log(requestId: "req-9"));
        var merged = Merger.Merge(record, Log());

        Assert.Equal(CostMergeStatus.RequestIdMismatch, refused.Status);
        Assert.Same(record, refused.Record);
        Assert.Equal(CostMergeStatus.Merged, merged.Status);
    }

    [Fact]
    public void MergeRecord_OtherCurrency_IsRefused()
    {
        var record = new UsageRecord { RequestId = "req-1", Currency = "EUR", EstimatedCost = 1m };

        var result = Merger.Merge(record, Log());

        Assert.Equal(CostMergeStatus.CurrencyMismatch, result.Status);
        Assert.Same(record, result.Record);
        Assert.Null(result.ActualCost);
    }

    [Fact]
    public void MergeRecord_NoSpendLog_ReturnsTheSameRecord()
    {
        var record = new UsageRecord { RequestId = "req-1" };

        var result = Merger.Merge(record, null);

        Assert.Same(record, result.Record);
        Assert.Equal(CostMergeStatus.NoSpendLog, result.Status);
    }

    [SharedDataFact("litellm/spend_log_write_payload_openai.json")]
    public void Merge_RealOpenAiRow_IntoRealisticSpeechBreakdown()
    {
        var log = SpendLogEntry.Parse(File.ReadAllText(SharedData.PathOf("litellm/spend_log_write_payload_openai.json")));
        var breakdown = RealisticBreakdown(log.RequestId);

        var result = Merger.Merge(breakdown, log);

        // 0.0012 (STT) + 0.00045 (TTS) + 0.00022500000000000002 (LiteLLM spend) — exact in decimal.
        Assert.Equal(0.00187500000000000002m, result.ActualCost);
        Assert.Equal("openai", result.Breakdown!["provider"]!.GetValue<string>());
        Assert.Equal(10, result.Breakdown["prompt_tokens"]!.GetValue<long>());
        Assert.Equal(20, result.Breakdown["completion_tokens"]!.GetValue<long>());
        Assert.Equal("whisper-1", result.Breakdown["stt"]!["model"]!.GetValue<string>());
    }

    [SharedDataFact("litellm/spend_log_write_payload_anthropic.json")]
    public void Merge_RealAnthropicRow_IntoRealisticSpeechBreakdown()
    {
        var log = SpendLogEntry.Parse(File.ReadAllText(SharedData.PathOf("litellm/spend_log_write_payload_anthropic.json")));
        var breakdown = RealisticBreakdown(log.RequestId);

        var result = Merger.Merge(breakdown, log);

        Assert.Equal(0.0012m + 0.00045m + 0.01383m, result.ActualCost);
        Assert.Equal("anthropic", result.Breakdown!["provider"]!.GetValue<string>());
        Assert.Equal("claude-3-7-sonnet-20250219", result.Breakdown["model"]!.GetValue<string>());
        Assert.Equal(2095, result.Breakdown["prompt_tokens"]!.GetValue<long>());
    }

    [Fact]
    public void Merge_InRepoRowOfTheRealShape_ParsesAndMerges()
    {
        // Same shape as LiteLLM's write payload: metadata as a JSON string, naive timestamp, exponent spend.
        var json = """
            {"request_id":"chatcmpl-local-1","call_type":"acompletion","api_key":"","cache_hit":"None",
             "startTime":"2025-01-24 09:20:46.847371","endTime":"2025-01-24 09:20:46.851954",
             "model":"gpt-4o-mini","user":"","team_id":"","metadata":"{\"usage_object\":{\"prompt_tokens\":10}}",
             "spend":3.4e-05,"total_tokens":30,"prompt_tokens":10,"completion_tokens":20,"request_tags":"[]",
             "custom_llm_provider":"openai","status":"success","some_future_column":42}
            """;
        var log = SpendLogEntry.Parse(json);

        var result = Merger.Merge(RealisticBreakdown("chatcmpl-local-1"), log);

        Assert.Equal(0.0012m + 0.00045m + 0.000034m, result.ActualCost);
        Assert.Equal("gpt-4o-mini", result.Breakdown!["model"]!.GetValue<string>());
    }

    private static JsonObject RealisticBreakdown(string requestId) => Breakdown($$"""
        {
          "relay_meta": { "litellm_request_id": "{{requestId}}", "region": "eu-west-1", "attempt": 1 },
          "estimated_stt_cost": 0.0012,
          "estimated_tts_cost": "0.00045",
          "estimated_llm_cost": 0.0003,
          "stt": { "model": "whisper-1", "seconds": 12.0 },
          "tts": { "model": "tts-1", "characters": 30 },
          "pricing_version": "2026-07"
        }
        """);

    [Fact]
    public void Merge_DuplicateRootKeys_ReadsLastValueWinsWithoutThrowing()
    {
        var input = Breakdown("""{"request_id":-1e400,"request_id":"req-1","estimated_stt_cost":0.5,"estimated_stt_cost":0.002}""");

        var id = Merger.ExtractRequestId(input);
        var result = Merger.Merge(input, Log());

        Assert.Equal("req-1", id);
        Assert.Equal(CostMergeStatus.Merged, result.Status);
        Assert.Equal(0.0145m, result.ActualCost);
    }

    [Fact]
    public void Merge_ActualCostBeyondDecimalRange_ThrowsCostBreakdownException()
    {
        var input = Breakdown("""{"request_id":"req-1","estimated_stt_cost":1}""");

        var ex = Assert.Throws<CostBreakdownException>(() => Merger.Merge(input, Log(spend: decimal.MaxValue)));

        Assert.IsType<OverflowException>(ex.InnerException);
    }

    public static TheoryData<JsonNode?, string> CodeBuiltEstimates => new()
    {
        { JsonValue.Create('7'), "7.0125" },
        { JsonValue.Create(0.002d), "0.0145" },
        { JsonValue.Create(JsonDocument.Parse("\"0.004\"").RootElement), "0.0165" },
    };

    [Theory]
    [MemberData(nameof(CodeBuiltEstimates))]
    public void Merge_EstimateBuiltInCode_IsReadThroughItsJsonForm(JsonNode? estimate, string expected)
    {
        var input = new JsonObject { ["request_id"] = "req-1", ["estimated_stt_cost"] = estimate };

        var result = Merger.Merge(input, Log());

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result.ActualCost);
    }

    public static TheoryData<JsonNode?> UnreadableEstimates => new()
    {
        JsonValue.Create(double.NaN),
        JsonValue.Create(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e")),
        JsonValue.Create(new DateTime(2026, 8, 6, 0, 0, 0, DateTimeKind.Utc)),
        JsonValue.Create("\ud800"),
    };

    [Theory]
    [MemberData(nameof(UnreadableEstimates))]
    public void Merge_EstimateWithoutANumericJsonForm_ThrowsCostBreakdownExceptionAndLeavesInputAlone(JsonNode? estimate)
    {
        var input = new JsonObject { ["request_id"] = "req-1", ["estimated_stt_cost"] = estimate };
        var keys = input.Select(p => p.Key).ToArray();

        Assert.Throws<CostBreakdownException>(() => Merger.Merge(input, Log()));

        Assert.Equal(keys, input.Select(p => p.Key).ToArray());
        Assert.Same(estimate, input["estimated_stt_cost"]);
    }

    [Fact]
    public void ExtractRequestId_IdBuiltInCodeAsGuidOrNaN_ReadsJsonTextOrCountsAsAbsent()
    {
        var guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

        Assert.Equal(guid.ToString(), Merger.ExtractRequestId(new JsonObject { ["request_id"] = JsonValue.Create(guid) }));
        Assert.Equal("req-2", Merger.ExtractRequestId(new JsonObject { ["request_id"] = JsonValue.Create(double.NaN), ["litellm_request_id"] = "req-2" }));
        Assert.Null(Merger.ExtractRequestId(Breakdown("""{"request_id":"\ud800"}""")));
    }

    [Fact]
    public void Merge_RecordForAnotherRequestWithAnUnwritableBreakdown_IsStillARefusalNotAnException()
    {
        var record = new UsageRecord
        {
            RequestId = "other-request",
            Timestamp = DateTimeOffset.UnixEpoch,
            CostBreakdown = new JsonObject { ["estimated_stt_cost"] = JsonValue.Create(double.NaN) },
        };

        var result = Merger.Merge(record, Log());

        Assert.Equal(CostMergeStatus.RequestIdMismatch, result.Status);
        Assert.Same(record, result.Record);
    }
}
