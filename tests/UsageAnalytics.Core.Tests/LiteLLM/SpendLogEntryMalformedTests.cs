using System.Text.Json;

namespace UsageAnalytics.LiteLLM;

/// <summary>The fuzz findings, one exact example each: duplicate keys, invalid UTF-16, partial timestamps, out-of-range numbers and deep nesting.</summary>
public sealed class SpendLogEntryMalformedTests
{
    private const string Start = "\"startTime\":\"2026-08-06T14:30:00Z\"";

    [Theory]
    [InlineData("""{"request_id":"d1","spend":0.5,"spend":0.25,"startTime":"2026-08-06T14:30:00Z"}""")]
    [InlineData("""{"request_id":"d1","spend":0.25,"startTime":"2026-08-06T14:30:00Z","metadata":{"user_api_key_alias":"old","user_api_key_alias":"key-a"}}""")]
    [InlineData("""{"request_id":"d1","spend":0.25,"startTime":"2026-08-06T14:30:00Z","metadata":"{\"user_api_key_alias\":\"old\",\"user_api_key_alias\":\"key-a\"}"}""")]
    [InlineData("""{"request_id":"d1","spend":0.25,"startTime":"2026-08-06T14:30:00Z","metadata":{"usage_object":{"a":1,"a":2},"user_api_key_alias":"key-a"}}""")]
    public void Parse_DuplicateKeys_LastValueWins(string json)
    {
        var entry = SpendLogEntry.Parse(json);

        Assert.Equal(0.25m, entry.Spend);
        Assert.Equal(json.Contains("alias", StringComparison.Ordinal) ? "key-a" : null, entry.KeyAlias);
        Assert.Equal(json.Contains("usage_object", StringComparison.Ordinal) ? 2 : null, (int?)entry.Metadata?["usage_object"]?["a"]);
    }

    [Theory]
    [InlineData("""{"request_id":"u1","spend":0,"startTime":"2026-08-06T14:30:00Z","model":"\ud800gpt"}""")]
    [InlineData("""{"request_id":"u1","spend":0,"startTime":"2026-08-06T14:30:00Z","cache_hit":"\ud800"}""")]
    [InlineData("""{"request_id":"u1","spend":0,"startTime":"2026-08-06T14:30:00Z","\ud800model":"x"}""")]
    [InlineData("""{"request_id":"u1","spend":0,"startTime":"2026-08-06T14:30:00Z","metadata":{"user_api_key_alias":"\ud800","\udc00":1}}""")]
    [InlineData("""{"request_id":"u1","spend":0,"startTime":"2026-08-06T14:30:00Z","request_tags":["\ud800","ok"]}""")]
    public void Parse_EscapedLoneSurrogateInAnOptionalField_ReadsTheValueAsAbsent(string json)
    {
        var entry = SpendLogEntry.Parse(json);
        var record = entry.ToUsageRecord();

        Assert.Equal("u1", record.RequestId);
        Assert.Null(entry.Model);
        Assert.Null(entry.KeyAlias);
        Assert.DoesNotContain(entry.RequestTags, t => t.Length == 1);
    }

    [Theory]
    [InlineData("""{"request_id":"\ud800","spend":0,"startTime":"2026-08-06T14:30:00Z"}""")]
    [InlineData("""{"request_id":"u1","spend":"\ud800","startTime":"2026-08-06T14:30:00Z"}""")]
    [InlineData("""{"request_id":"u1","spend":0,"startTime":"\ud8002026-08-06T14:30:00Z"}""")]
    public void Parse_LoneSurrogateInARequiredFieldOrInTheText_ThrowsSpendLogFormatException(string json)
    {
        Assert.Throws<SpendLogFormatException>(() => SpendLogEntry.Parse(json));
    }

    [Fact]
    public void Parse_TextHoldingALoneSurrogate_ThrowsSpendLogFormatException()
    {
        // Built at run time: attribute data would replace the lone surrogate with U+FFFD.
        var json = "{\"request_id\":\"u" + '\ud800' + "1\",\"spend\":0,\"startTime\":\"2026-08-06T14:30:00Z\"}";

        var ex = Assert.Throws<SpendLogFormatException>(() => SpendLogEntry.Parse(json));

        Assert.IsType<ArgumentException>(ex.InnerException, exactMatch: false);
    }

    [Theory]
    [InlineData("9:0")]
    [InlineData("Dec 25")]
    [InlineData("2026-08-06")]
    [InlineData("08/06/2026 14:30:00")]
    [InlineData("2026-08-06T14:30")]
    [InlineData("2026-08-06T14:30:00+99:00")]
    [InlineData("1722954600")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("1999-12-31T23:59:59Z")]
    [InlineData("2200-01-01 00:00:00")]
    public void Parse_IncompleteOrImplausibleStartTime_ThrowsSpendLogFormatException(string timestamp)
    {
        var json = $$"""{"request_id":"t1","spend":0,"startTime":"{{timestamp}}"}""";

        var ex = Assert.Throws<SpendLogFormatException>(() => SpendLogEntry.Parse(json));

        Assert.Contains("startTime", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9:0")]
    [InlineData("Dec 25")]
    [InlineData("9999-12-31T23:59:59Z")]
    public void Parse_IncompleteOptionalTimestamps_AreAbsent(string timestamp)
    {
        var json = $$"""{"request_id":"t1","spend":0,{{Start}},"endTime":"{{timestamp}}","completionStartTime":"{{timestamp}}"}""";

        var entry = SpendLogEntry.Parse(json);

        Assert.Equal(entry.StartTime, entry.EndTime);
        Assert.Null(entry.CompletionStartTime);
    }

    [Theory]
    [InlineData("2000-01-01T00:00:00Z", "2000-01-01T00:00:00Z")]
    [InlineData("2199-12-31 23:59:59.9999999", "2199-12-31T23:59:59.9999999Z")]
    [InlineData("2024-01-18T18:07:54.071000Z", "2024-01-18T18:07:54.071Z")]
    [InlineData("2025-01-24 09:20:46.847371", "2025-01-24T09:20:46.847371Z")]
    [InlineData("2026-08-06T16:30:00+02:00", "2026-08-06T14:30:00Z")]
    public void Parse_CompleteTimestampAtTheEdgesOfThePlausibleRange_IsReadAsUtc(string timestamp, string expected)
    {
        var json = $$"""{"request_id":"t1","spend":0,"startTime":"{{timestamp}}"}""";

        var entry = SpendLogEntry.Parse(json);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), entry.StartTime);
        Assert.Equal(TimeSpan.Zero, entry.StartTime!.Value.Offset);
    }

    [Theory]
    [InlineData("79228162514264337593543950335")]
    [InlineData("1000000000.01")]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("-0.000001")]
    [InlineData("\"NaN\"")]
    [InlineData("\"-Infinity\"")]
    [InlineData("\"1e400\"")]
    [InlineData("\"0x10\"")]
    public void Parse_OutOfRangeOrImplausibleSpend_ThrowsSpendLogFormatException(string spend)
    {
        var json = $$"""{"request_id":"o1","spend":{{spend}},{{Start}}}""";

        var ex = Assert.Throws<SpendLogFormatException>(() => SpendLogEntry.Parse(json));

        Assert.Contains("o1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SpendAtTheCap_IsRead()
    {
        var entry = SpendLogEntry.Parse($$"""{"request_id":"o1","spend":1000000000,{{Start}}}""");

        Assert.Equal(1_000_000_000m, entry.Spend);
    }

    [Theory]
    [InlineData("9223372036854775808", 0)]
    [InlineData("1e400", 0)]
    [InlineData("-5", 0)]
    [InlineData("\"-5\"", 0)]
    [InlineData("1000000000001", 0)]
    [InlineData("1e12", 1_000_000_000_000)]
    [InlineData("\"42\"", 42)]
    [InlineData("42.9", 42)]
    public void Parse_TokenCountOutOfRange_IsUnknownZero(string tokens, long expected)
    {
        var json = $$"""{"request_id":"k1","spend":0,{{Start}},"prompt_tokens":{{tokens}},"metadata":{"usage_object":{"cache_read_input_tokens":{{tokens}}""" + "}}}";

        var entry = SpendLogEntry.Parse(json);

        Assert.Equal(expected, entry.PromptTokens);
        Assert.Equal(expected, entry.CachedPromptTokens); // a numeric string in the metadata reads like one in the row
        Assert.Equal(expected == 0 ? SpendLogTokenRepairs.InvalidCount : SpendLogTokenRepairs.None, entry.TokenRepairs);
    }

    [Fact]
    public void Parse_MetadataNested10000Deep_StringIsRefusedAndElementGivesAbsentMetadata()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);
        var json = $$"""{"request_id":"n1","spend":0,{{Start}},"metadata":{"x":{{deep}}},"model":"m"}""";
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 20_000 });

        var fromText = Assert.Throws<SpendLogFormatException>(() => SpendLogEntry.Parse(json));
        var fromElement = SpendLogEntry.Parse(document.RootElement);

        Assert.IsType<JsonException>(fromText.InnerException, exactMatch: false);
        Assert.Null(fromElement.Metadata);
        Assert.Equal("m", fromElement.Model);
    }

    [Fact]
    public void Parse_MetadataStringNestedDeeperThan64_IsAbsent()
    {
        var deep = new string('[', 100) + new string(']', 100);
        var json = $$"""{"request_id":"n2","spend":0,{{Start}},"metadata":"{\"x\":{{deep}}}"}""";

        var entry = SpendLogEntry.Parse(json);

        Assert.Null(entry.Metadata);
    }
}
