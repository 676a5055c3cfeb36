using System.Text.Json.Nodes;
using UsageAnalytics.Records;

namespace UsageAnalytics.Pricing;

/// <summary>Coverage: each row is actual, estimated or unpriced; shares of rows and spend; unpriced models by count.</summary>
public sealed class CoverageCalculatorTests
{
    // model-a: 1e-6 USD per prompt token, 2e-6 per completion token.
    private const string PriceJson = """
        {
          "sample_spec": { "input_cost_per_token": 0, "litellm_provider": "one of the providers" },
          "model-a": { "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6, "litellm_provider": "openai", "mode": "chat" }
        }
        """;

    private static readonly DateTimeOffset _at = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Calculate_WithoutBook_SplitsRowsAndSpendBetweenActualAndOwnEstimates()
    {
        // Actual 2.00 (its estimate 1.80 is not spend); two estimated rows at 1.00 each; one EUR row apart.
        UsageRecord[] rows =
        [
            Row("a", "model-a", estimated: 1.80m, actual: 2.00m),
            Row("b", "model-a", estimated: 1.00m),
            Row("c", "mystery", estimated: 1.00m),
            Row("d", "model-a", estimated: 5.00m) with { Currency = "EUR" },
        ];

        var report = CoverageCalculator.Calculate(rows);

        Assert.Equal(("USD", false, 3L, 4.00m, 1L), (report.Currency, report.UsedPriceBook, report.Rows, report.Spend, report.OtherCurrencyRows));
        Assert.Equal(new CoverageShare { Rows = 1, Spend = 2.00m, RowShare = 1m / 3m, SpendShare = 0.5m }, report.Actual);
        Assert.Equal(new CoverageShare { Rows = 2, Spend = 2.00m, RowShare = 2m / 3m, SpendShare = 0.5m }, report.Estimated);
        Assert.Equal(new CoverageShare { Rows = 0, Spend = 0m, RowShare = 0m, SpendShare = 0m }, report.Unpriced);
        Assert.Empty(report.UnpricedModels);
    }

    [Fact]
    public void Calculate_WithBook_EstimatesWhatItPricesAndListsUnpricedModelsByCount()
    {
        // Actual 0.004. Estimated by the book: 1000 × 1e-6 + 500 × 2e-6 = 0.002 (the row's own 0.0025 is not used).
        // Unpriced, at their own estimates: two "mystery" rows (0.0008 each) and one without a model (0.0004) = 0.002.
        // Spend 0.008: shares 0.5 / 0.25 / 0.25; rows 1 / 1 / 3 of 5.
        UsageRecord[] rows =
        [
            Row("a", "model-a", estimated: 0.003m, actual: 0.004m),
            Row("b", "model-a", estimated: 0.0025m, prompt: 1000, completion: 500),
            Row("c", "mystery", estimated: 0.0008m),
            Row("d", "   ", estimated: 0.0004m),
            Row("e", "mystery", estimated: 0.0008m),
        ];

        var report = CoverageCalculator.Calculate(rows, new CoverageOptions { PriceBook = PriceBook.Parse(PriceJson) });

        Assert.Equal((true, 5L, 0.008m), (report.UsedPriceBook, report.Rows, report.Spend));
        Assert.Equal(new CoverageShare { Rows = 1, Spend = 0.004m, RowShare = 0.2m, SpendShare = 0.5m }, report.Actual);
        Assert.Equal(new CoverageShare { Rows = 1, Spend = 0.002m, RowShare = 0.2m, SpendShare = 0.25m }, report.Estimated);
        Assert.Equal(new CoverageShare { Rows = 3, Spend = 0.002m, RowShare = 0.6m, SpendShare = 0.25m }, report.Unpriced);
        Assert.Equal(
            [
                new CoverageUnpricedModel { Model = "mystery", Status = PriceStatus.UnknownModel, Rows = 2, Spend = 0.0016m },
                new CoverageUnpricedModel { Model = "", Status = PriceStatus.NoModel, Rows = 1, Spend = 0.0004m },
            ],
            report.UnpricedModels);
    }

    [Fact]
    public void Calculate_WithBook_AddsTheBreakdownsSttAndTtsPartsToTheBooksEstimate()
    {
        // A composite speech row: the book prices the LLM part (0.002); the STT (0.01) and TTS ("0.02", a numeric string)
        // estimates are kept, as the merged actual cost keeps them: 0.032.
        var row = Row("v", "model-a", estimated: 0.5m, prompt: 1000, completion: 500) with
        {
            CostBreakdown = new JsonObject { ["estimated_stt_cost"] = 0.01m, ["estimated_tts_cost"] = "0.02", ["estimated_llm_cost"] = 0.47m },
        };

        var report = CoverageCalculator.Calculate([row], new CoverageOptions { PriceBook = PriceBook.Parse(PriceJson) });

        Assert.Equal((1L, 0.032m), (report.Estimated.Rows, report.Estimated.Spend));
    }

    [Fact]
    public void Calculate_NoRows_GivesZerosAndNullShares()
    {
        var report = CoverageCalculator.Calculate([]);

        Assert.Equal((0L, 0m, 0L), (report.Rows, report.Spend, report.OtherCurrencyRows));
        Assert.Equal(new CoverageShare(), report.Actual);
        Assert.Null(report.Estimated.RowShare);
        Assert.Null(report.Unpriced.SpendShare);
        Assert.Empty(report.UnpricedModels);
    }

    [Fact]
    public void Calculate_RowsWithoutSpend_HaveRowSharesButNullSpendShares()
    {
        var report = CoverageCalculator.Calculate([Row("a", "model-a", estimated: 0m), Row("b", "model-a", estimated: 0m, actual: 0m)]);

        Assert.Equal((0.5m, 0.5m), (report.Actual.RowShare, report.Estimated.RowShare));
        Assert.Equal((null, null, null), (report.Actual.SpendShare, report.Estimated.SpendShare, report.Unpriced.SpendShare));
    }

    [Fact]
    public void Calculate_BookWithAnotherCurrency_IsRefused()
    {
        var options = new CoverageOptions { PriceBook = PriceBook.Parse(PriceJson), Currency = "EUR" };

        var error = Assert.Throws<ArgumentException>(() => CoverageCalculator.Calculate([], options));

        Assert.Contains("USD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Calculate_NegativeCost_IsRefusedNamingTheRowAndField()
    {
        var error = Assert.Throws<ArgumentException>(() => CoverageCalculator.Calculate([Row("bad-1", "model-a", estimated: -1m)]));

        Assert.Contains("bad-1", error.Message, StringComparison.Ordinal);
        Assert.Contains("EstimatedCost is negative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Calculate_NullRow_IsRefusedWithItsPosition()
    {
        var error = Assert.Throws<ArgumentException>(() => CoverageCalculator.Calculate([Row("a", "model-a", estimated: 1m), null!]));

        Assert.Contains("position 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CalculateAsync_GivesTheSameReportAsCalculate()
    {
        UsageRecord[] rows =
        [
            Row("a", "model-a", estimated: 0.003m, actual: 0.004m),
            Row("b", "model-a", estimated: 0.0025m, prompt: 1000, completion: 500),
            Row("c", "mystery", estimated: 0.0008m),
        ];
        var options = new CoverageOptions { PriceBook = PriceBook.Parse(PriceJson) };

        var report = await CoverageCalculator.CalculateAsync(Stream(rows), options);

        var expected = CoverageCalculator.Calculate(rows, options);
        Assert.Equal((expected.Rows, expected.Spend, expected.Actual, expected.Estimated, expected.Unpriced), (report.Rows, report.Spend, report.Actual, report.Estimated, report.Unpriced));
        Assert.Equal(expected.UnpricedModels, report.UnpricedModels);
        Assert.Equal((3L, 0.0068m), (report.Rows, report.Spend));
    }

    [Fact]
    public async Task CalculateAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CoverageCalculator.CalculateAsync(Stream([Row("a", "m", 1m)]), null, cts.Token));
    }

    private static async IAsyncEnumerable<UsageRecord> Stream(IEnumerable<UsageRecord> rows)
    {
        foreach (var row in rows)
        {
            await Task.Yield();
            yield return row;
        }
    }

    private static UsageRecord Row(string id, string? model, decimal estimated, decimal? actual = null, long prompt = 0, long completion = 0) => new()
    {
        RequestId = id,
        Timestamp = _at,
        Provider = "openai",
        Model = model,
        PromptTokens = prompt,
        CompletionTokens = completion,
        EstimatedCost = estimated,
        ActualCost = actual,
    };
}
