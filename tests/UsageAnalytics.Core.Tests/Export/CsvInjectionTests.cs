using System.Globalization;
using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

/// <summary>
/// OWASP's CSV-injection rules on every CSV the library writes: a formula at the start of a cell, after leading
/// whitespace, in full-width form, and after a <c>,</c> or <c>;</c> inside the text (Excel in many European locales
/// splits a .csv on <c>;</c>, so the text after it starts a new cell).
/// </summary>
public sealed class CsvInjectionTests
{
    private static readonly DateTimeOffset _at = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("x;=1+1;", "x;'=1+1;")]
    [InlineData("a, -b", "\"a,' -b\"")]
    [InlineData("a;@SUM(A1)", "a;'@SUM(A1)")]
    [InlineData("a;\t=1", "a;'\t=1")]
    [InlineData(" =1+1", "\"' =1+1\"")]
    [InlineData("\u00A0=1+1", "\"'\u00A0=1+1\"")]
    [InlineData("\uFF1D1+1", "\"'\uFF1D1+1\"")]
    [InlineData("\uFF0B1", "\"'\uFF0B1\"")]
    [InlineData("-5", "\"'-5\"")]
    [InlineData("a;b, c", "\"a;b, c\"")]
    [InlineData("gpt-4o", "gpt-4o")]
    [InlineData("a\n=1+1", "\"a\n'=1+1\"")]
    [InlineData("x\r\n=HYPERLINK(1)", "\"x\r\n'=HYPERLINK(1)\"")]
    [InlineData("a;\"=1+1;b", "\"a;'\"\"=1+1;b\"")]
    [InlineData("\"=1+1", "\"'\"\"=1+1\"")]
    [InlineData("a;;@x", "a;;'@x")]
    public void WriteRecords_FormulaAnywhereACellCouldStart_IsNeutralisedExactly(string model, string expectedCell)
    {
        var csv = Csv(Row(model), [UsageCsvColumn.Model]);

        Assert.Equal("model\r\n" + expectedCell + "\r\n", csv);
    }

    [Fact]
    public void WriteRecords_TagsJoinedWithSemicolon_AFormulaTagIsNeutralisedAfterTheJoin()
    {
        var csv = Csv(Row("m") with { Tags = ["a", "=1+1;"] }, [UsageCsvColumn.Tags]);

        Assert.Equal("tags\r\na;'=1+1;\r\n", csv);
    }

    [Fact]
    public void NegativeCost_IsANumberNotText_AndStaysAsWritten()
    {
        var csv = Csv(Row("m") with { ActualCost = -0.5m }, [UsageCsvColumn.ActualCost]);

        Assert.Equal("actual_cost\r\n-0.5\r\n", csv);
    }

    [Fact]
    public void FocusAndChargeback_SemicolonFormulaInModelAndTeam_AreNeutralised()
    {
        var record = Row("x;=HYPERLINK(1)") with { TeamId = "t;+1" };

        var focus = new StringWriter(CultureInfo.InvariantCulture);
        FocusExporter.Write([record], focus);
        var statement = ChargebackCalculator.Create([record], new ChargebackOptions
        {
            Dimension = UsageDimension.Team, PeriodStart = _at.AddDays(-1), PeriodEnd = _at.AddDays(1),
        });
        var chargeback = new StringWriter(CultureInfo.InvariantCulture);
        statement.WriteCsv(chargeback);

        var focusRow = CsvTestReader.ReadRecords(focus.ToString())[0];
        Assert.Equal("x;'=HYPERLINK(1)", focusRow["ResourceId"]);
        Assert.Equal("t;'+1", focusRow["SubAccountId"]);
        var line = CsvTestReader.ReadRecords(chargeback.ToString())[0];
        Assert.Equal("t;'+1", line["AccountKey"]);
        Assert.Equal("x;'=HYPERLINK(1)", line["Model"]);
        Assert.DoesNotContain(";=", focus.ToString() + chargeback, StringComparison.Ordinal);
        Assert.DoesNotContain(";+", focus.ToString() + chargeback, StringComparison.Ordinal);
    }

    [Fact]
    public void FocusTags_FormulaAfterASeparatorInATag_IsAJsonEscapeSoTheCellStaysValidJson()
    {
        var record = Row("m") with { Tags = ["k:x;=1+1", "=cmd", "n:a, @b"] };
        var focus = new StringWriter(CultureInfo.InvariantCulture);

        FocusExporter.Write([record], focus);

        var tags = CsvTestReader.ReadRecords(focus.ToString())[0]["Tags"];
        Assert.Equal("{\"\\u003dcmd\":true,\"k\":\"x;\\u003d1+1\",\"n\":\"a, \\u0040b\"}", tags);
        using var json = System.Text.Json.JsonDocument.Parse(tags);
        Assert.Equal("x;=1+1", json.RootElement.GetProperty("k").GetString());
        Assert.Equal("a, @b", json.RootElement.GetProperty("n").GetString());
        Assert.True(json.RootElement.GetProperty("=cmd").GetBoolean());
    }

    private static UsageRecord Row(string model) => new()
    {
        RequestId = "r1",
        Timestamp = _at,
        Provider = "openai",
        Model = model,
        TeamId = "team-a",
        PromptTokens = 100,
        CompletionTokens = 10,
        EstimatedCost = 0.01m,
    };

    private static string Csv(UsageRecord record, IReadOnlyList<UsageCsvColumn> columns)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        UsageCsvWriter.WriteRecords([record], writer, new UsageCsvOptions { Columns = columns });
        return writer.ToString();
    }
}
