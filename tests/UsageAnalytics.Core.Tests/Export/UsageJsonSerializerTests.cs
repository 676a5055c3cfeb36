using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

public sealed class UsageJsonSerializerTests
{
    private static readonly DateTimeOffset _at = new(2026, 6, 10, 14, 30, 5, 123, TimeSpan.FromHours(2));

    [Fact]
    public async Task JsonLines_EveryFieldSet_RoundTripsExactly()
    {
        var original = FullRecord();
        var minimal = new UsageRecord { Timestamp = _at };

        var read = await RoundTripJsonLinesAsync([original, minimal]);

        Assert.Equal(2, read.Count);
        AssertSameRecord(original, read[0]);
        AssertSameRecord(minimal, read[1]);
        Assert.Equal("0.000000123456789", read[0].EstimatedCost.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(decimal.MaxValue, read[0].ActualCost);
        Assert.Equal("Zürich ☃ 日本語 \"q\"", read[0].UserId);
        Assert.Equal(0.0000001m, read[0].CostBreakdown!["relay_meta"]!["cost"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task WriteRecordsJsonLinesAsync_MinimalRecord_OmitsNullsAndComputedFields()
    {
        var stream = new MemoryStream();

        var count = await UsageJsonSerializer.WriteRecordsJsonLinesAsync(ToAsync([new UsageRecord { Timestamp = _at, Model = "m", EstimatedCost = 1.50m }]), stream);

        Assert.Equal(1, count);
        Assert.Equal(
            "{\"timestamp\":\"2026-06-10T14:30:05.123+02:00\",\"model\":\"m\",\"prompt_tokens\":0,\"completion_tokens\":0,"
            + "\"cached_prompt_tokens\":0,\"cache_write_tokens\":0,\"reasoning_tokens\":0,\"estimated_cost\":1.50,\"currency\":\"USD\"}\n",
            Encoding.UTF8.GetString(stream.ToArray()));
        Assert.NotEqual(0xEF, stream.ToArray()[0]); // no BOM
    }

    [Fact]
    public async Task ReadRecordsJsonLinesAsync_MalformedLine3_ThrowsWithLineNumberAfterYieldingTheRowsBefore()
    {
        var secret = new string('s', 1000);
        var text = "{\"timestamp\":\"2026-06-10T12:00:00Z\",\"model\":\"a\"}\n\n{\"timestamp\":\"2026-06-10T12:00:00Z\",\"model\":\"" + secret + "\",\"prompt_tokens\":\"x\"}\n";
        var read = new List<UsageRecord>();

        var e = await Assert.ThrowsAsync<UsageJsonFormatException>(async () =>
        {
            await foreach (var record in UsageJsonSerializer.ReadRecordsJsonLinesAsync(new MemoryStream(Encoding.UTF8.GetBytes(text))))
            {
                read.Add(record);
            }
        });

        Assert.Equal(3, e.LineNumber);
        Assert.Equal("a", Assert.Single(read).Model);
        Assert.StartsWith("Line 3 ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('s', 201), e.Message, StringComparison.Ordinal);
        Assert.IsType<System.Text.Json.JsonException>(e.InnerException);
    }

    [Theory]
    [InlineData("{\"model\":\"no time\"}")]
    [InlineData("null")]
    [InlineData("[1,2]")]
    [InlineData("{\"timestamp\":\"2026-06-10T12:00:00Z\"")]
    [InlineData("{\"timestamp\":\"2026-06-10T12:00:00Z\",\"estimated_cost\":1e400}")]
    public async Task ReadRecordsJsonLinesAsync_NotARecord_ThrowsFormatExceptionOnItsLine(string line)
    {
        var text = "\n  \n" + line + "\n";

        var e = await Assert.ThrowsAsync<UsageJsonFormatException>(() => ReadAllAsync(UsageJsonSerializer.ReadRecordsJsonLinesAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)))));

        Assert.Equal(3, e.LineNumber);
    }

    [Fact]
    public async Task JsonArray_Records_RoundTripAndStream()
    {
        var records = Enumerable.Range(0, 3000).Select(i => FullRecord() with { RequestId = "r" + i, PromptTokens = i }).ToList();
        var stream = new MemoryStream();

        var count = await UsageJsonSerializer.WriteRecordsJsonAsync(ToAsync(records), stream);
        stream.Position = 0;
        var read = await ReadAllAsync(UsageJsonSerializer.ReadRecordsJsonAsync(stream));

        Assert.Equal(3000, count);
        Assert.Equal('[', (char)stream.ToArray()[0]);
        Assert.Equal(']', (char)stream.ToArray()[^1]);
        Assert.Equal(3000, read.Count);
        for (var i = 0; i < records.Count; i++)
        {
            AssertSameRecord(records[i], read[i]);
        }
    }

    [Fact]
    public async Task JsonArray_EmptySource_WritesAnEmptyArray()
    {
        var stream = new MemoryStream();

        await UsageJsonSerializer.WriteRecordsJsonAsync(ToAsync<UsageRecord>([]), stream);

        Assert.Equal("[]", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Theory]
    [InlineData("[{\"timestamp\":\"2026-06-10T12:00:00Z\"},\n{\"timestamp\":oops}]", 2)]
    [InlineData("[{\"timestamp\":\"2026-06-10T12:00:00Z\"},null]", 1)]
    [InlineData("{\"timestamp\":\"2026-06-10T12:00:00Z\"}", 1)]
    public async Task ReadRecordsJsonAsync_Malformed_ThrowsFormatException(string text, long line)
    {
        var e = await Assert.ThrowsAsync<UsageJsonFormatException>(() => ReadAllAsync(UsageJsonSerializer.ReadRecordsJsonAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)))));

        Assert.True(e.LineNumber is null || e.LineNumber == line, "line " + e.LineNumber);
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    public async Task JsonLines_UnderAnotherCulture_WritesAndReadsLikeInvariant(string culture)
    {
        var invariant = await WriteJsonLinesAsync([FullRecord()]);
        var (culture0, ui0) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);

            var local = await WriteJsonLinesAsync([FullRecord()]);
            var read = await ReadAllAsync(UsageJsonSerializer.ReadRecordsJsonLinesAsync(new MemoryStream(local)));

            Assert.Equal(invariant, local);
            AssertSameRecord(FullRecord(), Assert.Single(read));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture0;
            CultureInfo.CurrentUICulture = ui0;
        }

        Assert.Contains("\"estimated_cost\":0.000000123456789,", Encoding.UTF8.GetString(invariant), StringComparison.Ordinal);
        Assert.Contains("\"latency_ms\":1234.5,", Encoding.UTF8.GetString(invariant), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAndRead_Cancelled_ThrowOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var lines = await WriteJsonLinesAsync([FullRecord(), FullRecord()]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => UsageJsonSerializer.WriteRecordsJsonLinesAsync(ToAsync([FullRecord()]), new MemoryStream(), cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => UsageJsonSerializer.WriteRecordsJsonAsync(ToAsync([FullRecord()]), new MemoryStream(), cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReadAllAsync(UsageJsonSerializer.ReadRecordsJsonLinesAsync(new MemoryStream(lines), cancellationToken: cts.Token)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReadAllAsync(UsageJsonSerializer.ReadRecordsJsonAsync(new MemoryStream("[]"u8.ToArray()), cts.Token)));
    }

    internal static UsageRecord FullRecord() => new()
    {
        RequestId = "req-1",
        Timestamp = _at,
        Provider = "anthropic",
        Model = "claude-3-5-sonnet",
        Service = "chat",
        Status = "failure",
        ErrorType = "RateLimitError",
        UserId = "Zürich ☃ 日本語 \"q\"",
        TeamId = "team\nnewline",
        KeyAlias = "key-a",
        SessionId = "s-1",
        Tags = ["a", "b;c", "ü"],
        Dimensions = new Dictionary<string, string> { ["department"] = "R&D", ["env"] = "prod" },
        PromptTokens = 1200,
        CompletionTokens = 300,
        CachedPromptTokens = 100,
        CacheWriteTokens = 50,
        CacheWriteFiveMinuteTokens = 30,
        CacheWriteOneHourTokens = 20,
        ReasoningTokens = 40,
        AudioDurationSeconds = 12.340m,
        CharacterCount = 512,
        EstimatedCost = 0.000000123456789m,
        ActualCost = decimal.MaxValue,
        Currency = "EUR",
        LatencyMs = 1234.5,
        TimeToFirstTokenMs = 0.1,
        CacheHit = false,
        CostBreakdown = new JsonObject
        {
            ["request_id"] = "req-1",
            ["estimated_stt_cost"] = 0.25m,
            ["relay_meta"] = new JsonObject { ["cost"] = 0.0000001m, ["list"] = new JsonArray(1, "two", null) },
        },
    };

    internal static void AssertSameRecord(UsageRecord expected, UsageRecord actual)
    {
        Assert.Equal(expected with { Tags = actual.Tags, Dimensions = actual.Dimensions, CostBreakdown = actual.CostBreakdown }, actual);
        Assert.Equal(expected.Timestamp.Offset, actual.Timestamp.Offset);
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.Dimensions.OrderBy(p => p.Key, StringComparer.Ordinal), actual.Dimensions.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.CostBreakdown?.ToJsonString(), actual.CostBreakdown?.ToJsonString());
        Assert.Equal(expected.EstimatedCost.ToString(CultureInfo.InvariantCulture), actual.EstimatedCost.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(expected.AudioDurationSeconds?.ToString(CultureInfo.InvariantCulture), actual.AudioDurationSeconds?.ToString(CultureInfo.InvariantCulture));
    }

    internal static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }

    internal static async Task<List<T>> ReadAllAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private static async Task<byte[]> WriteJsonLinesAsync(IEnumerable<UsageRecord> records)
    {
        var stream = new MemoryStream();
        await UsageJsonSerializer.WriteRecordsJsonLinesAsync(ToAsync(records), stream);
        return stream.ToArray();
    }

    private static async Task<List<UsageRecord>> RoundTripJsonLinesAsync(IEnumerable<UsageRecord> records) =>
        await ReadAllAsync(UsageJsonSerializer.ReadRecordsJsonLinesAsync(new MemoryStream(await WriteJsonLinesAsync(records))));
}
