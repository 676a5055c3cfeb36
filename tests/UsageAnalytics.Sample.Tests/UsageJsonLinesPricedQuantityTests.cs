using UsageAnalytics.Records;

namespace UsageAnalytics.Sample;

/// <summary>The usage-file fields of every quantity the price book prices: the cache-write split, the service tier, audio
/// seconds and characters.</summary>
public sealed class UsageJsonLinesPricedQuantityTests
{
    private const string Time = "\"timestamp\":\"2026-08-06T14:30:00Z\"";

    [Theory]
    [InlineData("cacheWriteTokens", "cacheWriteFiveMinuteTokens", "cacheWriteOneHourTokens", "audioDurationSeconds", "characterCount", "serviceTier")]
    [InlineData("cache_write_tokens", "cache_write_five_minute_tokens", "cache_write_one_hour_tokens", "audio_duration_seconds", "character_count", "service_tier")]
    [InlineData("CacheWriteTokens", "CacheWriteFiveMinuteTokens", "CacheWriteOneHourTokens", "AudioDurationSeconds", "CharacterCount", "ServiceTier")]
    public void ParseLine_PricedQuantities_AreReadUnderEverySpelling(string total, string fiveMinute, string oneHour, string seconds, string characters, string tier)
    {
        var record = Line($"\"{total}\":1500,\"{fiveMinute}\":1000,\"{oneHour}\":500,\"{seconds}\":61.25,\"{characters}\":900,\"{tier}\":\"priority\"");

        Assert.Equal((1500L, (long?)1000, (long?)500), (record.CacheWriteTokens, record.CacheWriteFiveMinuteTokens, record.CacheWriteOneHourTokens));
        Assert.Equal((61.25m, 900L), (record.AudioDurationSeconds, record.CharacterCount));
        Assert.Equal("priority", record.Dimensions[Pricing.PriceBook.ServiceTierDimension]);
    }

    [Fact]
    public void ParseLine_AbsentOrNullSplit_StaysUnreportedWhileZeroIsReported()
    {
        var absent = Line("""
            "cacheWriteTokens":10,"audioDurationSeconds":null
            """);
        var zero = Line("""
            "cacheWriteTokens":10,"cacheWriteFiveMinuteTokens":10,"cacheWriteOneHourTokens":0,"characterCount":0
            """);

        Assert.Equal(((long?)null, (long?)null, (decimal?)null, (long?)null), (absent.CacheWriteFiveMinuteTokens, absent.CacheWriteOneHourTokens, absent.AudioDurationSeconds, absent.CharacterCount));
        Assert.Equal(((long?)10, (long?)0, (long?)0), (zero.CacheWriteFiveMinuteTokens, zero.CacheWriteOneHourTokens, zero.CharacterCount));
    }

    [Fact]
    public void ParseLine_ServiceTierAsADimension_IsReadToo()
    {
        var record = Line("""
            "dimensions":{"service_tier":"flex","team":"a"}
            """);

        Assert.Equal("flex", record.Dimensions["service_tier"]);
        Assert.Equal("a", record.Dimensions["team"]);
    }

    [Fact]
    public void ParseLine_BadPricedQuantities_AreEveryOneReportedOnTheLine()
    {
        var line = """{"audio_duration_seconds":-1,"character_count":1.5,"cache_write_one_hour_tokens":-2,"service_tier":3,"timestamp":"2026-08-06T14:30:00Z","cacheWriteFiveMinuteTokens":"7"}""";

        var error = Assert.Throws<UsageLineException>(() => UsageJsonLines.ParseLine(line, 3));

        Assert.Equal(
            [
                "'audio_duration_seconds' must not be negative, got -1",
                "expected a whole number of characters for 'character_count', got 1.5",
                "'cache_write_one_hour_tokens' must not be negative, got -2",
                "expected a string for 'service_tier', got a number",
                "expected a number for 'cacheWriteFiveMinuteTokens', got a string",
            ],
            error.Problems);
        Assert.Equal(3, error.Line);
    }

    [Theory]
    [InlineData("""{"timestamp":"2026-08-06T14:30:00Z","cache_write_tokens":100,"cache_write_five_minute_tokens":80,"cache_write_one_hour_tokens":30}""",
        "'cache_write_five_minute_tokens' + 'cache_write_one_hour_tokens' (110) exceed 'cache_write_tokens' (100): the split is part of the cache-write tokens")]
    [InlineData("""{"timestamp":"2026-08-06T14:30:00Z","cacheWriteOneHourTokens":5}""",
        "'cacheWriteOneHourTokens' (5) exceeds 'cacheWriteTokens' (absent: 0): the split is part of the cache-write tokens")]
    [InlineData("""{"timestamp":"2026-08-06T14:30:00Z","serviceTier":"flex","dimensions":{"service_tier":"priority"}}""",
        "'serviceTier' and 'dimensions.service_tier' are the same field (the service tier): give it once")]
    [InlineData("""{"timestamp":"2026-08-06T14:30:00Z","audioDurationSeconds":"12"}""",
        "expected a number (seconds) for 'audioDurationSeconds', got a string")]
    public void ParseLine_InconsistentPricedQuantities_AreRefusedNamingTheFields(string line, string expected)
    {
        var error = Assert.Throws<UsageLineException>(() => UsageJsonLines.ParseLine(line));

        Assert.Equal(expected, Assert.Single(error.Problems));
    }

    [Fact]
    public async Task WriteFileAsync_PricedQuantities_RoundTripWithTheServiceTierAsItsOwnField()
    {
        using var directory = new TempDirectory();
        var path = directory.File("priced.jsonl");
        var at = new DateTimeOffset(2026, 8, 6, 14, 30, 0, TimeSpan.Zero);
        UsageRecord[] records =
        [
            new() { Timestamp = at, Model = "claude-sonnet-4-5", PromptTokens = 3000, CacheWriteTokens = 1500, CacheWriteFiveMinuteTokens = 1000, CacheWriteOneHourTokens = 500 },
            new() { Timestamp = at, Model = "claude-sonnet-4-5", CacheWriteTokens = 10, CacheWriteFiveMinuteTokens = 0, CacheWriteOneHourTokens = 0 },
            new() { Timestamp = at, Model = "whisper-1", AudioDurationSeconds = 61.25m },
            new() { Timestamp = at, Model = "whisper-1", AudioDurationSeconds = 0m, CharacterCount = 0 },
            new() { Timestamp = at, Model = "tts-1", CharacterCount = 900 },
            new()
            {
                Timestamp = at,
                Model = "gpt-4o",
                Dimensions = new Dictionary<string, string>(StringComparer.Ordinal) { ["service_tier"] = "flex", ["team"] = "a" },
            },
            new() { Timestamp = at, Model = "gpt-4o", Dimensions = new Dictionary<string, string>(StringComparer.Ordinal) { ["service_tier"] = "priority" } },
        ];

        await UsageJsonLines.WriteFileAsync(path, records);
        var read = await UsageJsonLines.ReadFileAsync(path);
        var lines = await File.ReadAllLinesAsync(path);

        Assert.Equal(records.Length, read.Count);
        for (var i = 0; i < records.Length; i++)
        {
            RecordAssert.Same(records[i], read[i]);
        }

        Assert.Contains("\"cacheWriteTokens\":1500,\"cacheWriteFiveMinuteTokens\":1000,\"cacheWriteOneHourTokens\":500", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"cacheWriteFiveMinuteTokens\":0,\"cacheWriteOneHourTokens\":0", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"audioDurationSeconds\":61.25", lines[2], StringComparison.Ordinal);
        Assert.Contains("\"audioDurationSeconds\":0,\"characterCount\":0", lines[3], StringComparison.Ordinal);
        Assert.Contains("\"characterCount\":900", lines[4], StringComparison.Ordinal);
        Assert.Contains("\"dimensions\":{\"team\":\"a\"},\"serviceTier\":\"flex\"", lines[5], StringComparison.Ordinal);
        Assert.DoesNotContain("dimensions", lines[6], StringComparison.Ordinal);
        Assert.Contains("\"serviceTier\":\"priority\"", lines[6], StringComparison.Ordinal);
    }

    private static UsageRecord Line(string fields) => UsageJsonLines.ParseLine("{" + Time + "," + fields + "}");
}
