using System.Globalization;
using System.Text.Json;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

/// <summary>FOCUS export output: culture independence, JSON and CSV escaping, async streaming, bounded memory.</summary>
public sealed partial class FocusExporterTests
{
    [Fact]
    public void Write_UnderCommaDecimalCulture_WritesTheSameInvariantBytes()
    {
        var records = _twoRecords.Select(r => r with { ActualCost = 1234.5678m }).ToArray();
        var invariant = new StringWriter();
        FocusExporter.Write(records, invariant, new FocusExportOptions { PriceBook = _prices });
        FocusExporter.Write(records, invariant);
        var previous = CultureInfo.CurrentCulture;
        var german = new StringWriter();
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");

            FocusExporter.Write(records, german, new FocusExportOptions { PriceBook = _prices });
            FocusExporter.Write(records, german);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        Assert.Equal(invariant.ToString(), german.ToString());
        Assert.Contains("\r\n2469.1356,default,", german.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_TagsWithQuotesBackslashesControlAndUnicode_AreValidJsonWithTheSameValues()
    {
        var record = new UsageRecord
        {
            Timestamp = _day, Model = "m", PromptTokens = 1, EstimatedCost = 1m,
            Tags = ["back\\slash", " ", "team:ünïcödé 😀", "team:second"],
            Dimensions = new Dictionary<string, string> { ["quote\"d"] = "line\nbreak\u0001" },
        };
        var writer = new StringWriter();

        FocusExporter.Write([record], writer);

        var tags = Assert.Single(CsvTestReader.ReadRecords(writer.ToString()))["Tags"];
        Assert.Equal("{\"back\\\\slash\":true,\"quote\\\"d\":\"line\\nbreak\\u0001\",\"team\":\"ünïcödé 😀\"}", tags);
        using var json = JsonDocument.Parse(tags);
        Assert.True(json.RootElement.GetProperty("back\\slash").GetBoolean());
        Assert.Equal("line\nbreak\u0001", json.RootElement.GetProperty("quote\"d").GetString());
        Assert.Equal("ünïcödé 😀", json.RootElement.GetProperty("team").GetString());
    }

    [Fact]
    public void Write_FormulaInModelName_IsNeutralised()
    {
        var record = new UsageRecord { Timestamp = _day, Model = "=HYPERLINK(\"http://x\")", TeamId = "@team", PromptTokens = 1, EstimatedCost = 1m };
        var writer = new StringWriter();

        FocusExporter.Write([record], writer);

        var text = writer.ToString();
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\")\",\"'=HYPERLINK(\"\"http://x\"\")\",", text, StringComparison.Ordinal);
        Assert.Contains(",\"'@team\",\"'@team\",", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",@", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_FromAsyncStream_WritesTheSameAsWrite()
    {
        var random = new Random(5);
        var records = Enumerable.Range(0, 3000).Select(_ => RandomRecord(random)).ToList();
        var options = new FocusExportOptions { PriceBook = _prices };
        var expected = new StringWriter();
        var expectedResult = FocusExporter.Write(records, expected, options);
        var actual = new StringWriter();

        var result = await FocusExporter.WriteAsync(Stream(records), actual, options);

        Assert.Equal(expected.ToString(), actual.ToString());
        Assert.Equal(expectedResult, result);
        Assert.True(actual.ToString().Length > 64 * 1024, "the output spans several 32K chunks");
    }
}
