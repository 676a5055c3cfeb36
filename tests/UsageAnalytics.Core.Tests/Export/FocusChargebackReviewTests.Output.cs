using System.Globalization;
using System.Text;
using System.Text.Json;
using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

/// <summary>Review findings on the FOCUS output: periods at the end of year 9999, tag JSON escaping, inconsistent token counts.</summary>
public sealed partial class FocusChargebackReviewTests
{
    private static readonly UTF8Encoding _strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // ---------------------------------------------------------------- periods

    [Theory]
    [InlineData(TimeBucketSize.Day, "9999-12-31T12:00:00Z", "9999-12-31T00:00:00Z", "9999-12-31T23:59:59.9999999Z", "9999-12-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z")]
    [InlineData(TimeBucketSize.Hour, "9999-12-31T23:30:00Z", "9999-12-31T23:00:00Z", "9999-12-31T23:59:59.9999999Z", "9999-12-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z")]
    [InlineData(TimeBucketSize.Hour, "9999-12-31T22:30:00Z", "9999-12-31T22:00:00Z", "9999-12-31T23:00:00Z", "9999-12-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z")]
    [InlineData(TimeBucketSize.Day, "9999-12-30T12:00:00Z", "9999-12-30T00:00:00Z", "9999-12-31T00:00:00Z", "9999-12-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z")]
    [InlineData(TimeBucketSize.Day, "9999-11-30T12:00:00Z", "9999-11-30T00:00:00Z", "9999-12-01T00:00:00Z", "9999-11-01T00:00:00Z", "9999-12-01T00:00:00Z")]
    public void Write_TimestampAtTheEndOfYear9999_WritesPeriodsEndingAtTheLastInstant(
        TimeBucketSize period, string at, string chargeStart, string chargeEnd, string billingStart, string billingEnd)
    {
        var record = Row() with { Timestamp = DateTimeOffset.Parse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) };
        var writer = new StringWriter(CultureInfo.InvariantCulture);

        var result = FocusExporter.Write([record], writer, new FocusExportOptions { ChargePeriod = period });

        var row = OnlyRow(writer.ToString());
        Assert.Equal(
            (chargeStart, chargeEnd, billingStart, billingEnd),
            (row["ChargePeriodStart"], row["ChargePeriodEnd"], row["BillingPeriodStart"], row["BillingPeriodEnd"]));
        Assert.Equal(1, result.RowsWritten);
    }

    [Fact]
    public void Write_OffsetTimestampAtYearEnd_UsesTheUtcDayAndMonth()
    {
        var record = Row() with { Timestamp = new DateTimeOffset(2027, 1, 1, 0, 30, 0, TimeSpan.FromHours(1)) };
        var writer = new StringWriter(CultureInfo.InvariantCulture);

        FocusExporter.Write([record], writer);

        var row = OnlyRow(writer.ToString());
        Assert.Equal(
            ("2026-12-31T00:00:00Z", "2027-01-01T00:00:00Z", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z"),
            (row["ChargePeriodStart"], row["ChargePeriodEnd"], row["BillingPeriodStart"], row["BillingPeriodEnd"]));
    }

    // ---------------------------------------------------------------- tags JSON

    /// <summary>Tags and their exact cells, built in code: an attribute argument (UTF-8 in metadata) cannot hold a lone surrogate.</summary>
    public static TheoryData<string, string> EscapedTags => new()
    {
        { "k:\ud800", "{\"k\":\"\\ud800\"}" },
        { "k:a\udc00b", "{\"k\":\"a\\udc00b\"}" },
        { "k:\udc00\ud800", "{\"k\":\"\\udc00\\ud800\"}" },
        { "\ud83d:x\ud83d", "{\"\\ud83d\":\"x\\ud83d\"}" },
        { "k:\ud83d\ude00", "{\"k\":\"\ud83d\ude00\"}" },
        { "k:\u0001\u001f\u007f\u2028\u2029", "{\"k\":\"\\u0001\\u001f\\u007f\\u2028\\u2029\"}" },
        { "k:\"\\\b\f\n\r\t/\u00e9", "{\"k\":\"\\\"\\\\\\b\\f\\n\\r\\t/\u00e9\"}" },
    };

    [Theory]
    [MemberData(nameof(EscapedTags), DisableDiscoveryEnumeration = true)]
    public void Write_TagWithSurrogatesOrControlCharacters_TagsCellIsEscapedValidUtf8Json(string tag, string expected)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);

        FocusExporter.Write([Row() with { Tags = [tag] }], writer);

        var tags = OnlyRow(writer.ToString())["Tags"];
        Assert.Equal(expected, tags);
        using var document = JsonDocument.Parse(_strictUtf8.GetBytes(tags));
        Assert.Equal(JsonValueKind.String, document.RootElement.EnumerateObject().Single().Value.ValueKind);
    }

    [Fact]
    public void Write_HostileTagKeysAndValues_TagsCellIsValidJsonObject()
    {
        var record = Row() with
        {
            Tags = ["\"quote\":\\back\\", "ctl:\u0001\u001f\u007f", "\u2028:\u2029", ":colon-first", "k:", "=x:=y", "dup:1", "dup:2"],
            Dimensions = new Dictionary<string, string>(StringComparer.Ordinal) { ["dup"] = "dim", ["</script>"] = "\"}", ["Dup"] = "case" },
        };
        var writer = new StringWriter(CultureInfo.InvariantCulture);

        FocusExporter.Write([record], writer);

        using var document = JsonDocument.Parse(OnlyRow(writer.ToString())["Tags"]);
        var root = document.RootElement;
        Assert.Equal(
            ("dim", "case", true, "\\back\\", "\u0001\u001f\u007f", "\u2029", string.Empty, "=y", "\"}"),
            (root.GetProperty("dup").GetString(), root.GetProperty("Dup").GetString(), root.GetProperty(":colon-first").GetBoolean(),
                root.GetProperty("\"quote\"").GetString(), root.GetProperty("ctl").GetString(), root.GetProperty("\u2028").GetString(),
                root.GetProperty("k").GetString(), root.GetProperty("=x").GetString(), root.GetProperty("</script>").GetString()));
    }

    // ---------------------------------------------------------------- token counts

    [Fact]
    public void Write_InconsistentTokenCounts_AreCountedAndWrittenMadeConsistent()
    {
        UsageRecord[] records =
        [
            Row() with { RequestId = "ok", PromptTokens = 100, CachedPromptTokens = 60, CacheWriteTokens = 40, CompletionTokens = 10 },
            Row() with { RequestId = "cached-over", PromptTokens = 100, CachedPromptTokens = 150, CompletionTokens = 10 },
            Row() with { RequestId = "sum-over", PromptTokens = 100, CachedPromptTokens = 70, CacheWriteTokens = 50, CompletionTokens = 10 },
            Row() with { RequestId = "negative", PromptTokens = 100, CompletionTokens = -5 },
            Row() with { RequestId = "negative-cached", PromptTokens = 100, CachedPromptTokens = -1, CompletionTokens = 10 },
        ];
        var writer = new StringWriter(CultureInfo.InvariantCulture);

        var result = FocusExporter.Write(records, writer, new FocusExportOptions { PriceBook = Prices(0.000001m, allMeters: true) });

        Assert.Equal((5L, 4L), (result.Records, result.InconsistentTokenRecords));
        var quantities = CsvTestReader.ReadRecords(writer.ToString()).ToDictionary(r => r["SkuMeter"], r => r["ConsumedQuantity"], StringComparer.Ordinal);

        // Input = 0 + 0 + 0 + 100 + 100; cached = 60 + 100 + 70 + 0 + 0; cache write = 40 + 0 + 30 + 0 + 0; output = 10 + 10 + 10 + 0 + 10.
        Assert.Equal(
            ("200", "230", "70", "40"),
            (quantities["Input Tokens"], quantities["Cached Input Tokens"], quantities["Cache Write Tokens"], quantities["Output Tokens"]));
        Assert.Equal(0.05m, result.BilledCost);
    }

    [Fact]
    public void Write_ConsistentTokenCounts_CountNoInconsistentRecord()
    {
        var record = Row() with { PromptTokens = 100, CachedPromptTokens = 100, CacheWriteTokens = 0, CompletionTokens = 0 };

        var result = FocusExporter.Write([record, Row() with { PromptTokens = 0, CompletionTokens = 0 }], new StringWriter(CultureInfo.InvariantCulture));

        Assert.Equal((2L, 0L), (result.Records, result.InconsistentTokenRecords));
    }
}
