using System.Text.Json;

namespace UsageAnalytics.Sample;

public sealed class UsageJsonLinesTests
{
    [Fact]
    public void ParseLine_CamelCaseRow_ReadsEveryField()
    {
        var line = """
            {"requestId":"r1","timestamp":"2026-08-06T14:30:00Z","provider":"openai","model":"gpt-4o","service":"chat","status":"failure","errorType":"429","userId":"u","teamId":"t","keyAlias":"k","sessionId":"s","tags":["a"],"dimensions":{"department":"d"},"promptTokens":10,"completionTokens":20,"cachedPromptTokens":4,"cacheWriteTokens":2,"reasoningTokens":5,"estimatedCost":0.00012,"actualCost":3.4e-05,"currency":"USD","latencyMs":812.5,"timeToFirstTokenMs":120,"cacheHit":false,"costBreakdown":{"relay_meta":{"request_id":"r1"}}}
            """;

        var record = UsageJsonLines.ParseLine(line);

        Assert.Equal("r1", record.RequestId);
        Assert.Equal(new DateTimeOffset(2026, 8, 6, 14, 30, 0, TimeSpan.Zero), record.Timestamp);
        Assert.Equal(("openai", "gpt-4o", "chat", "failure", "429"), (record.Provider, record.Model, record.Service, record.Status, record.ErrorType));
        Assert.Equal(("u", "t", "k", "s"), (record.UserId, record.TeamId, record.KeyAlias, record.SessionId));
        Assert.Equal(["a"], record.Tags);
        Assert.Equal("d", record.Dimensions["department"]);
        Assert.Equal((10, 20, 4, 2, 5), (record.PromptTokens, record.CompletionTokens, record.CachedPromptTokens, record.CacheWriteTokens, record.ReasoningTokens));
        Assert.Equal(0.00012m, record.EstimatedCost);
        Assert.Equal(0.000034m, record.ActualCost);
        Assert.Equal((812.5, 120.0), (record.LatencyMs, record.TimeToFirstTokenMs));
        Assert.False(record.CacheHit);
        Assert.Equal("r1", (string?)record.CostBreakdown!["relay_meta"]!["request_id"]);
    }

    [Fact]
    public void ParseLine_MinimalRow_KeepsCollectionsNonNull()
    {
        var record = UsageJsonLines.ParseLine("""{"timestamp":"2026-08-06T14:30:00Z","tags":null,"dimensions":null}""");

        Assert.Empty(record.Tags);
        Assert.Empty(record.Dimensions);
        Assert.Equal("USD", record.Currency);
        Assert.Null(record.RequestId);
    }

    [Theory]
    [InlineData("""{"timestamp":"2026-08-06T14:30:00Z","estimated_cost":1}""")]
    [InlineData("""{"timestamp":"2026-08-06T14:30:00Z","estimatedCost":"1.5"}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"timestamp":"2026-08-06T14:30:00Z",""")]
    public void ParseLine_NotAUsageRow_ThrowsJsonException(string line)
    {
        Assert.ThrowsAny<JsonException>(() => UsageJsonLines.ParseLine(line));
    }

    [Theory]
    [InlineData("""{"requestId":"r1"}""")]
    [InlineData("""{"timestamp":"2026-08-06T14:30:00Z","estimatedCost":-1}""")]
    [InlineData("""null""")]
    public void ParseLine_MissingTimestampOrNegativeCost_ThrowsFormatException(string line)
    {
        Assert.Throws<FormatException>(() => UsageJsonLines.ParseLine(line));
    }

    [Fact]
    public async Task ReadFileAsync_ExampleFile_ReadsEveryRow()
    {
        var records = await UsageJsonLines.ReadFileAsync(Path.Combine(AppContext.BaseDirectory, "usage.example.jsonl"));

        Assert.Equal(6, records.Count);
        Assert.Equal(2, records.Count(r => r.RequestId is null));
        Assert.Contains(records, r => r.CostBreakdown?["estimated_stt_cost"] is not null);
    }

    [Fact]
    public async Task ReadFileAsync_BadLine_NamesFileAndLine()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllLinesAsync(path, ["""{"timestamp":"2026-08-06T14:30:00Z"}""", "", """{"oops":1}"""]);

        try
        {
            var error = await Assert.ThrowsAsync<SampleUsageException>(() => UsageJsonLines.ReadFileAsync(path));

            Assert.StartsWith($"usage file '{path}' line 3:", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
