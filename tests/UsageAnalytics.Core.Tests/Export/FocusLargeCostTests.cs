using System.Globalization;
using UsageAnalytics.Pricing;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

/// <summary>A cost split over meters adds up to the record's cost exactly at every size up to the 10^15 bound.</summary>
public sealed class FocusLargeCostTests
{
    private static readonly PriceBook _prices = PriceBook.Create(
    [
        new ModelPrice
        {
            Id = "gpt-test",
            Provider = "openai",
            Mode = "chat",
            Rates = new Dictionary<string, decimal>(StringComparer.Ordinal)
            {
                ["input_cost_per_token"] = 0.00000125m,
                ["output_cost_per_token"] = 0.00000375m,
                ["cache_read_input_token_cost"] = 0.000000000015m,
                ["cache_creation_input_token_cost"] = 0.0000005m,
            },
        },
    ]);

    /// <summary>The reviewer's case: list parts 1.25, 0.000000015, 0.5 and 3.75 (one token per meter); with 18 places
    /// for every share, the parts of 123456789012.345678 summed to 4e-18 less than the cost.</summary>
    [Theory]
    [InlineData("123456789012.345678")]
    [InlineData("79231095000")]
    [InlineData("999999999999999.99")]
    public void Write_LargeCostOverUnevenListParts_BilledCostAddsUpToTheCostExactly(string text)
    {
        var cost = decimal.Parse(text, CultureInfo.InvariantCulture);
        var prices = PriceBook.Create(
        [
            new ModelPrice
            {
                Id = "gpt-test",
                Provider = "openai",
                Mode = "chat",
                Rates = new Dictionary<string, decimal>(StringComparer.Ordinal)
                {
                    ["input_cost_per_token"] = 1.25m,
                    ["cache_read_input_token_cost"] = 0.000000015m,
                    ["cache_creation_input_token_cost"] = 0.5m,
                    ["output_cost_per_token"] = 3.75m,
                },
            },
        ]);
        var record = Record(cost) with { PromptTokens = 3, CachedPromptTokens = 1, CacheWriteTokens = 1, CompletionTokens = 1 };
        var output = new StringWriter(CultureInfo.InvariantCulture);

        FocusExporter.Write([record], output, new FocusExportOptions { PriceBook = prices });

        var rows = CsvTestReader.ReadRecords(output.ToString());
        Assert.Equal(4, rows.Count);
        Assert.Equal(cost, rows.Sum(r => decimal.Parse(r["BilledCost"], NumberStyles.Float, CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("0.000000000000000001")]
    [InlineData("1.234567890123456789")]
    [InlineData("79231095000")]
    [InlineData("123456789012.345678")]
    [InlineData("99999999999999.123456789012")]
    [InlineData("999999999999999.99")]
    [InlineData("-999999999999999.99")]
    [InlineData("1000000000000000")]
    public void Write_LargeCostSplitOverFourMeters_BilledCostAddsUpToTheCostExactly(string text)
    {
        var cost = decimal.Parse(text, CultureInfo.InvariantCulture);
        var record = Record(cost);
        var output = new StringWriter(CultureInfo.InvariantCulture);

        var result = FocusExporter.Write([record], output, new FocusExportOptions { PriceBook = _prices });

        var rows = CsvTestReader.ReadRecords(output.ToString());
        Assert.Equal(4, rows.Count);
        Assert.Equal(cost, rows.Sum(r => decimal.Parse(r["BilledCost"], NumberStyles.Float, CultureInfo.InvariantCulture)));
        Assert.Equal(cost, result.BilledCost);
    }

    private static UsageRecord Record(decimal cost) => new()
    {
        RequestId = "r1",
        Timestamp = new DateTimeOffset(2026, 2, 10, 13, 0, 0, TimeSpan.Zero),
        Provider = "openai",
        Model = "gpt-test",
        PromptTokens = 1000,
        CachedPromptTokens = 333,
        CacheWriteTokens = 77,
        CompletionTokens = 4567,
        EstimatedCost = cost,
    };
}
