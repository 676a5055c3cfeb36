using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

/// <summary>The review findings on JSON / JSON Lines (issue 11): non-finite doubles, hostile time zones, depth, null
/// tags and dimension values. The line reader's findings are in UsageJsonSerializerReviewTests.Lines.cs. Not run in
/// parallel: the chunk and limit tests allocate tens of MB, which disturbs the process-wide streaming memory probes.</summary>
[Collection(UsageJsonSerializerMemoryTests.Name)]
public sealed partial class UsageJsonSerializerReviewTests
{
    private static readonly DateTimeOffset _at = new(2026, 2, 10, 13, 0, 0, TimeSpan.Zero);

    private static UsageRecord Row(string? model = "gpt-test") => new()
    {
        RequestId = "r1",
        Timestamp = _at,
        Provider = "openai",
        Model = model,
        PromptTokens = 100,
        CompletionTokens = 10,
        EstimatedCost = 0.01m,
        LatencyMs = 200,
    };

    private static async Task<string> WriteLinesAsync(params UsageRecord[] records)
    {
        var stream = new MemoryStream();
        await UsageJsonSerializer.WriteRecordsJsonLinesAsync(UsageJsonSerializerTests.ToAsync(records), stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static Task<List<UsageRecord>> ReadLinesAsync(string text, int maxLineBytes = UsageJsonSerializer.DefaultMaxLineBytes) =>
        UsageJsonSerializerTests.ReadAllAsync(UsageJsonSerializer.ReadRecordsJsonLinesAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), maxLineBytes));

    private static JsonObject Nested(int depth)
    {
        var root = new JsonObject();
        var node = root;
        for (var i = 1; i < depth; i++)
        {
            var child = new JsonObject();
            node["n"] = child;
            node = child;
        }

        return root;
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public async Task WriteRecordsJsonLines_NonFiniteDurations_WritesThemAsAbsent(double value)
    {
        var text = await WriteLinesAsync(Row(), Row() with { LatencyMs = value, TimeToFirstTokenMs = value }, Row());

        var lines = text.Split('\n');
        Assert.Equal(
            "{\"request_id\":\"r1\",\"timestamp\":\"2026-02-10T13:00:00+00:00\",\"provider\":\"openai\",\"model\":\"gpt-test\","
            + "\"prompt_tokens\":100,\"completion_tokens\":10,\"cached_prompt_tokens\":0,\"cache_write_tokens\":0,\"reasoning_tokens\":0,"
            + "\"estimated_cost\":0.01,\"currency\":\"USD\"}",
            lines[1]);
        Assert.Contains("\"latency_ms\":200", lines[2], StringComparison.Ordinal);
        var back = await ReadLinesAsync(text);
        Assert.Equal(3, back.Count);
        Assert.Null(back[1].LatencyMs);
        Assert.Null(back[1].TimeToFirstTokenMs);
        Assert.Equal(200d, back[2].LatencyMs);
    }

    [Fact]
    public async Task WriteRecordsJson_NaNLatency_WritesItAsAbsent()
    {
        var stream = new MemoryStream();

        await UsageJsonSerializer.WriteRecordsJsonAsync(UsageJsonSerializerTests.ToAsync([Row() with { LatencyMs = double.NaN }]), stream);

        var text = Encoding.UTF8.GetString(stream.ToArray());
        Assert.DoesNotContain("latency_ms", text, StringComparison.Ordinal);
        Assert.StartsWith("[{\"request_id\":\"r1\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SerializeSummary_NonFiniteRatesDistributionAndChange_WritesNullAndReadsBack()
    {
        var known = UsageReportFixtures.Known();
        var totals = known.Totals with
        {
            SuccessRate = double.NaN,
            CompletionTokensPerSecond = double.PositiveInfinity,
            LatencyMs = new UsageDistribution { Count = 2, Mean = double.NaN, Min = double.NegativeInfinity, Max = 5.5, P50 = double.NaN },
        };
        var summary = known with { Totals = totals };

        var json = UsageJsonSerializer.SerializeSummary(summary);

        Assert.Contains("\"success_rate\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"completion_tokens_per_second\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"mean\":null,\"min\":null,\"max\":5.5,\"p50\":null", json, StringComparison.Ordinal);
        var back = UsageJsonSerializer.DeserializeSummary(json);
        Assert.Null(back.Totals.SuccessRate);
        Assert.Null(back.Totals.CompletionTokensPerSecond);
        Assert.True(double.IsNaN(back.Totals.LatencyMs!.Mean));
        Assert.True(double.IsNaN(back.Totals.LatencyMs.Min));
        Assert.Equal(5.5, back.Totals.LatencyMs.Max);
        Assert.Null(back.Totals.LatencyMs.P50);
        var again = UsageJsonSerializer.SerializeSummary(back); // the null rates are now absent, the NaN mean is null again
        Assert.Equal(json.Replace("\"success_rate\":null,", string.Empty, StringComparison.Ordinal)
            .Replace(",\"completion_tokens_per_second\":null", string.Empty, StringComparison.Ordinal)
            .Replace(",\"p50\":null", string.Empty, StringComparison.Ordinal), again);
    }

    [Theory]
    [InlineData("America")]
    [InlineData("Etc")]
    [InlineData("")]
    [InlineData("../../../../../etc/passwd")]
    [InlineData("a\u0000b")]
    [InlineData("/etc/passwd")]
    public void DeserializeSummary_HostileTimeZoneId_ThrowsUsageJsonFormatException(string id)
    {
        var known = UsageReportFixtures.Known();
        var json = UsageJsonSerializer.SerializeSummary(known);
        var hostile = json.Replace("\"time_zone\":\"" + known.TimeZone.Id + "\"", "\"time_zone\":" + JsonSerializer.Serialize(id), StringComparison.Ordinal);
        Assert.NotEqual(json, hostile);

        var exception = Record.Exception(() => UsageJsonSerializer.DeserializeSummary(hostile));

        Assert.IsType<UsageJsonFormatException>(exception);
        Assert.Contains("time zone", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(70)]
    [InlineData(UsageJsonSerializer.MaxDepth - 1)]
    public async Task WriteThenRead_CostBreakdownUpToMaxDepth_RoundTrips(int breakdownDepth)
    {
        var record = Row() with { CostBreakdown = Nested(breakdownDepth) };
        var stream = new MemoryStream();
        await UsageJsonSerializer.WriteRecordsJsonLinesAsync(UsageJsonSerializerTests.ToAsync([record]), stream);
        var array = new MemoryStream();
        await UsageJsonSerializer.WriteRecordsJsonAsync(UsageJsonSerializerTests.ToAsync([record]), array);

        var lines = await UsageJsonSerializerTests.ReadAllAsync(UsageJsonSerializer.ReadRecordsJsonLinesAsync(new MemoryStream(stream.ToArray())));
        var items = await UsageJsonSerializerTests.ReadAllAsync(UsageJsonSerializer.ReadRecordsJsonAsync(new MemoryStream(array.ToArray())));

        Assert.Equal(record.CostBreakdown!.ToJsonString(), Assert.Single(lines).CostBreakdown!.ToJsonString());
        Assert.Equal(record.CostBreakdown.ToJsonString(), Assert.Single(items).CostBreakdown!.ToJsonString());
    }

    [Fact]
    public async Task WriteRecordsJsonLines_CostBreakdownDeeperThanMaxDepth_ThrowsNamingTheRequestIdBeforeWritingIt()
    {
        var deep = Row() with { RequestId = "req-deep", CostBreakdown = Nested(UsageJsonSerializer.MaxDepth) };
        var stream = new MemoryStream();

        var exception = await Assert.ThrowsAsync<ArgumentException>(
            () => UsageJsonSerializer.WriteRecordsJsonLinesAsync(UsageJsonSerializerTests.ToAsync([deep]), stream));

        Assert.Contains("'req-deep'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("256", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public async Task WriteRecordsJson_CostBreakdownArrayDeeperThanMaxDepth_ThrowsArgumentException()
    {
        var node = new JsonArray();
        var root = new JsonObject { ["a"] = node };
        for (var i = 0; i < UsageJsonSerializer.MaxDepth; i++)
        {
            var child = new JsonArray();
            node.Add(child);
            node = child;
        }

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => UsageJsonSerializer.WriteRecordsJsonAsync(
            UsageJsonSerializerTests.ToAsync([Row() with { CostBreakdown = root }]), new MemoryStream()));

        Assert.Contains("'r1'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadRecordsJsonLines_LineDeeperThanMaxDepth_ThrowsWithLineNumber()
    {
        var breakdown = string.Concat(Enumerable.Repeat("{\"n\":", UsageJsonSerializer.MaxDepth)) + "1" + new string('}', UsageJsonSerializer.MaxDepth);
        var text = "{\"timestamp\":\"2026-01-01T00:00:00Z\"}\n{\"timestamp\":\"2026-01-01T00:00:00Z\",\"cost_breakdown\":" + breakdown + "}\n";

        var exception = await Assert.ThrowsAsync<UsageJsonFormatException>(() => ReadLinesAsync(text));

        Assert.Equal(2, exception.LineNumber);
    }

    [Theory]
    [InlineData("\"tags\":[\"a\",null]", "'tags' holds a null entry (at index 1)")]
    [InlineData("\"dimensions\":{\"k\":null}", "'dimensions' holds a null value (for the key 'k')")]
    public async Task ReadRecordsJsonLines_NullTagOrDimensionValue_ThrowsNamingTheField(string member, string expected)
    {
        var text = "{\"timestamp\":\"2026-01-01T00:00:00Z\"}\r\n{\"timestamp\":\"2026-01-01T00:00:00Z\"," + member + "}\n";

        var exception = await Assert.ThrowsAsync<UsageJsonFormatException>(() => ReadLinesAsync(text));

        Assert.Equal(2, exception.LineNumber);
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadRecordsJson_NullTagInArray_ThrowsUsageJsonFormatException()
    {
        var bytes = Encoding.UTF8.GetBytes("[{\"timestamp\":\"2026-01-01T00:00:00Z\",\"tags\":[null]}]");

        var exception = await Assert.ThrowsAsync<UsageJsonFormatException>(
            () => UsageJsonSerializerTests.ReadAllAsync(UsageJsonSerializer.ReadRecordsJsonAsync(new MemoryStream(bytes))));

        Assert.Contains("'tags' holds a null entry (at index 0)", exception.Message, StringComparison.Ordinal);
    }
}
