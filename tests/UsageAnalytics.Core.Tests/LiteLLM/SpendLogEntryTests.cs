using System.Text.Json;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Costs;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.LiteLLM;

public sealed class SpendLogEntryTests
{
    [SharedDataFact("litellm/spend_log_write_payload_openai.json")]
    public void Parse_RealOpenAiWritePayload_ReadsStringMetadataAndNaiveTimestamps()
    {
        var json = File.ReadAllText(SharedData.PathOf("litellm/spend_log_write_payload_openai.json"));

        var entry = SpendLogEntry.Parse(json);

        Assert.Equal("chatcmpl-2283081b-dc89-41f6-93e6-d4f914774027", entry.RequestId);
        Assert.Equal(0.00022500000000000002m, entry.Spend);
        Assert.Equal(new DateTimeOffset(2025, 1, 24, 9, 20, 46, TimeSpan.Zero).AddTicks(8473710), entry.StartTime);
        Assert.Equal("openai", entry.Provider);
        Assert.Equal("gpt-4o", entry.Model);
        Assert.Null(entry.User);
        Assert.False(entry.CacheHit); // "None": no hit happened
        Assert.NotNull(entry.Metadata);
        Assert.Empty(entry.RequestTags);
        Assert.Equal((10, 20, 30), (entry.PromptTokens, entry.CompletionTokens, entry.TotalTokens));
    }

    [SharedDataFact("litellm/spend_log_write_payload_anthropic.json")]
    public void Parse_RealAnthropicWritePayload_ReadsZonedTimestamps()
    {
        var json = File.ReadAllText(SharedData.PathOf("litellm/spend_log_write_payload_anthropic.json"));

        var entry = SpendLogEntry.Parse(json);

        Assert.Equal(0.01383m, entry.Spend);
        Assert.Equal(TimeSpan.Zero, entry.StartTime!.Value.Offset);
        Assert.Equal("anthropic", entry.Provider);
        Assert.Equal("test_user_1", entry.EndUser);
        Assert.Equal("my-anthropic-model-group", entry.ModelGroup);
    }

    [Theory]
    [InlineData("2026-08-06T14:30:00+00:00")]
    [InlineData("2026-08-06T14:30:00.000000Z")]
    [InlineData("2026-08-06 14:30:00")]
    [InlineData("2026-08-06 16:30:00+02:00")]
    public void Parse_AnyTimestampStyle_ReadsTheSameUtcInstant(string timestamp)
    {
        var json = $$"""{"request_id":"r1","spend":0,"startTime":"{{timestamp}}","endTime":"{{timestamp}}"}""";

        var entry = SpendLogEntry.Parse(json);

        Assert.Equal(new DateTimeOffset(2026, 8, 6, 14, 30, 0, TimeSpan.Zero), entry.StartTime);
        Assert.Equal(TimeSpan.Zero, entry.StartTime!.Value.Offset);
    }

    [Theory]
    [InlineData("3.4e-05", "0.000034")]
    [InlineData("\"0.5\"", "0.5")]
    [InlineData("0", "0")]
    public void Parse_SpendInAnyNumericForm_IsExactDecimal(string spend, string expected)
    {
        var json = $$"""{"request_id":"r1","spend":{{spend}},"startTime":"2026-01-01 00:00:00"}""";

        var entry = SpendLogEntry.Parse(json);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), entry.Spend);
    }

    [Theory]
    [InlineData("-0.01")]
    [InlineData("1e400")]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("true")]
    public void Parse_NegativeOrNonFiniteSpend_ThrowsTypedError(string spend)
    {
        var json = $$"""{"request_id":"r1","spend":{{spend}},"startTime":"2026-01-01 00:00:00"}""";

        var ex = Assert.Throws<SpendLogFormatException>(() => SpendLogEntry.Parse(json));

        Assert.Contains("r1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingRequestId_ThrowsTypedError()
    {
        Assert.Throws<SpendLogFormatException>(() => SpendLogEntry.Parse("""{"spend":0,"startTime":"2026-01-01"}"""));
        Assert.Throws<SpendLogFormatException>(() => SpendLogEntry.Parse("""{"request_id":"  ","spend":0}"""));
        Assert.Throws<SpendLogFormatException>(() => SpendLogEntry.Parse("[1]"));
        Assert.Throws<SpendLogFormatException>(() => SpendLogEntry.Parse("{not json"));
    }

    [Fact]
    public void Parse_FailureRowWithStringMetadata_ReadsErrorInformation()
    {
        var metadata = JsonSerializer.Serialize(
            """{"user_api_key_alias":"billing-bot","error_information":{"error_code":"429","error_class":"RateLimitError","llm_provider":"openai"}}""");
        var json = $$$"""
            {"request_id":"f1","spend":0,"total_tokens":0,"prompt_tokens":0,"completion_tokens":0,
             "startTime":"2026-08-06T14:30:00Z","endTime":"2026-08-06T14:30:00Z","status":"failure",
             "cache_hit":"False","request_tags":"[\"prod\",\"eu\"]","metadata":{{{metadata}}},"brand_new_field":{"x":1}}
            """;

        var entry = SpendLogEntry.Parse(json);
        var record = entry.ToUsageRecord();

        Assert.True(entry.IsFailure);
        Assert.Equal("429", entry.ErrorCode);
        Assert.Equal("RateLimitError", entry.ErrorClass);
        Assert.False(entry.CacheHit);
        Assert.Equal(["prod", "eu"], entry.RequestTags);
        Assert.Equal("billing-bot", entry.KeyAlias);
        Assert.Equal("failure", record.Status);
        Assert.Equal("429", record.ErrorType);
        Assert.Equal(0d, record.LatencyMs);
        Assert.Null(record.TimeToFirstTokenMs);
    }

    [Fact]
    public void ToUsageRecord_StreamingRowWithProviderCaching_MapsTokensTimingAndCost()
    {
        var json = """
            {"request_id":"s1","call_type":"acompletion","spend":0.0123,"total_tokens":1500,"prompt_tokens":1000,"completion_tokens":500,
             "startTime":"2026-08-06T14:30:00Z","completionStartTime":"2026-08-06T14:30:00.250Z","endTime":"2026-08-06T14:30:02Z",
             "model":"gpt-4o","custom_llm_provider":"openai","user":"u1","team_id":"t1","session_id":"sess","cache_hit":"True",
             "status":null,
             "metadata":{"user_api_key_alias":"key-a","usage_object":{"prompt_tokens_details":{"cached_tokens":400},
               "completion_tokens_details":{"reasoning_tokens":120}}},
             "request_tags":["a","b"]}
            """;

        var record = SpendLogEntry.Parse(json).ToUsageRecord();

        Assert.Equal("s1", record.RequestId);
        Assert.Equal("openai", record.Provider);
        Assert.Equal("gpt-4o", record.Model);
        Assert.Equal("chat", record.Service);
        Assert.Equal("success", record.Status);
        Assert.Equal(("u1", "t1", "key-a", "sess"), (record.UserId, record.TeamId, record.KeyAlias, record.SessionId));
        Assert.Equal((1000L, 500L, 400L, 120L), (record.PromptTokens, record.CompletionTokens, record.CachedPromptTokens, record.ReasoningTokens));
        Assert.Equal(0.0123m, record.ActualCost);
        Assert.Equal(0.0123m, record.EffectiveCost);
        Assert.Equal(2000d, record.LatencyMs);
        Assert.Equal(250d, record.TimeToFirstTokenMs);
        Assert.True(record.CacheHit);
        Assert.Equal(["a", "b"], record.Tags);
    }

    [Fact]
    public void Parse_AnthropicPromptCaching_ReadsCacheReadAndWriteTokens()
    {
        var json = """
            {"request_id":"c1","spend":0.001,"startTime":"2026-08-06T14:30:00Z",
             "metadata":"{\"usage_object\":{\"cache_read_input_tokens\":300,\"cache_creation_input_tokens\":50}}"}
            """;

        var entry = SpendLogEntry.Parse(json);

        Assert.Equal(300, entry.CachedPromptTokens);
        Assert.Equal(50, entry.CacheWriteTokens);
    }
}
