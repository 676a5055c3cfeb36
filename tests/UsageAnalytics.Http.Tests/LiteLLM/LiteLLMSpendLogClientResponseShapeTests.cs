using RichardSzalay.MockHttp;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.LiteLLM;

public sealed class LiteLLMSpendLogClientResponseShapeTests
{
    private static readonly DateTimeOffset _around = new(2026, 8, 6, 14, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-08-06T14:30:00+00:00", "2026-08-06T14:30:00.0000000+00:00")]
    [InlineData("2024-01-18T18:07:54.071000Z", "2024-01-18T18:07:54.0710000+00:00")]
    [InlineData("2025-01-24 09:20:46.847371", "2025-01-24T09:20:46.8473710+00:00")]
    public async Task FetchAsync_TimestampStyle_ReadsAsUtc(string startTime, string expected)
    {
        using var host = SpendLogTestHost.Create();
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url)
            .Respond("application/json", SpendLogJson.Envelope(SpendLogJson.Row("req-1", startTime: startTime)));

        var row = await host.Client.FetchAsync("req-1", _around);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), row?.StartTime);
        Assert.Equal(TimeSpan.Zero, row?.StartTime?.Offset);
    }

    [Fact]
    public async Task FetchAsync_MetadataAndTagsAsJsonStrings_ReadsThem()
    {
        using var host = SpendLogTestHost.Create();
        const string Row = """
            {"request_id": "req-1", "call_type": "acompletion", "api_key": "litellm_proxy_master_key", "spend": 3.4e-05,
             "total_tokens": 30, "prompt_tokens": 10, "completion_tokens": 20,
             "startTime": "2026-08-06T14:30:00Z", "endTime": "2026-08-06T14:30:01Z",
             "metadata": "{\"user_api_key_alias\": \"team-a-key\", \"usage_object\": {\"prompt_tokens_details\": {\"cached_tokens\": 4}}}",
             "request_tags": "[\"prod\", \"voice\"]", "cache_hit": "False"}
            """;
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("application/json", SpendLogJson.Envelope(Row));

        var row = await host.Client.FetchAsync("req-1", _around);

        Assert.NotNull(row);
        Assert.Equal(0.000034m, row.Spend);
        Assert.Equal("team-a-key", row.KeyAlias);
        Assert.Equal(4, row.CachedPromptTokens);
        Assert.Equal(["prod", "voice"], row.RequestTags);
        Assert.False(row.CacheHit);
    }

    [Fact]
    public async Task FetchAsync_FailureRow_ReadsErrorInformation()
    {
        using var host = SpendLogTestHost.Create();
        const string Row = """
            {"request_id": "req-1", "call_type": "acompletion", "api_key": "hash", "spend": 0, "total_tokens": 0,
             "prompt_tokens": 0, "completion_tokens": 0, "startTime": "2026-08-06T14:30:00Z", "endTime": "2026-08-06T14:30:00Z",
             "status": "failure",
             "metadata": {"error_information": {"error_code": "429", "error_class": "RateLimitError", "llm_provider": "openai",
                          "error_message": "Rate limit", "traceback": "..."}}}
            """;
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("application/json", SpendLogJson.Envelope(Row));

        var row = await host.Client.FetchAsync("req-1", _around);

        Assert.NotNull(row);
        Assert.True(row.IsFailure);
        Assert.Equal("429", row.ErrorCode);
        Assert.Equal("RateLimitError", row.ErrorClass);
        Assert.Equal(0m, row.Spend);
    }

    [Fact]
    public async Task FetchAsync_UnknownFieldsInRowAndEnvelope_AreIgnored()
    {
        using var host = SpendLogTestHost.Create();
        const string Body = """
            {"data": [{"request_id": "req-1", "call_type": "acompletion", "api_key": "hash", "spend": 0.5, "total_tokens": 3,
                       "prompt_tokens": 1, "completion_tokens": 2, "startTime": "2026-08-06T14:30:00Z", "endTime": "2026-08-06T14:30:02Z",
                       "mcp_namespaced_tool_name": null, "agent_id": "a-1", "field_from_2027": {"nested": [1, 2, 3]}}],
             "total": 10000, "page": 1, "page_size": 50, "total_pages": 200, "total_is_capped": true, "new_envelope_field": "x"}
            """;
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("application/json", Body);

        var row = await host.Client.FetchAsync("req-1", _around);

        Assert.Equal(0.5m, row?.Spend);
    }

    [SharedDataFact("litellm/spend_log_write_payload_openai.json")]
    public async Task FetchAsync_RealOpenAiPayload_ParsesRow()
    {
        var json = await File.ReadAllTextAsync(SharedData.PathOf("litellm/spend_log_write_payload_openai.json"));
        var requestId = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("request_id").GetString()!;
        using var host = SpendLogTestHost.Create();
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url)
            .WithQueryString("request_id", requestId)
            .Respond("application/json", SpendLogJson.Envelope(json));

        var row = await host.Client.FetchAsync(requestId, _around);

        Assert.NotNull(row);
        Assert.Equal("gpt-4o", row.Model);
        Assert.Equal(TimeSpan.Zero, row.StartTime!.Value.Offset);
    }

    [SharedDataFact("litellm/spend_log_write_payload_anthropic.json")]
    public async Task FetchAsync_RealAnthropicPayloadInBareArray_ParsesRow()
    {
        var json = await File.ReadAllTextAsync(SharedData.PathOf("litellm/spend_log_write_payload_anthropic.json"));
        var requestId = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("request_id").GetString()!;
        using var host = SpendLogTestHost.Create(new Dictionary<string, string?> { ["UsageAnalytics:LiteLLM:SpendLogPath"] = "/spend/logs" });
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V1Url).Respond("application/json", "[" + json + "]");

        var row = await host.Client.FetchAsync(requestId, _around);

        Assert.NotNull(row);
        Assert.Equal(requestId, row.RequestId);
    }
}
