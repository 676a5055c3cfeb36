using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.Sample;

/// <summary>The default run prices with a price book, names it, and prints the cost coverage and a reconciliation.</summary>
public sealed partial class SamplePricingReportTests
{
    private const string Catalog = "litellm/model_prices_2026-07-24.json";

    [Fact]
    public async Task RunAsync_DefaultRunWithoutTheSharedData_PricesWithTheDemoListAndPrintsCoverageAndReconciliation()
    {
        var (exit, output, error) = await RunAsync(() => null);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        Assert.Contains(
            "prices:     the sample's demo price list (10 models; ../shared/data/litellm/model_prices_2026-07-24.json not found): the app's estimates and the emulator's spend",
            output,
            StringComparison.Ordinal);
        Assert.True(output.IndexOf("== pricing ==", StringComparison.Ordinal) < output.IndexOf("== dashboard ==", StringComparison.Ordinal), output);

        // Every row is one kind; the actual ones are the rows the sync actualized, and they are the ones reconciled.
        var actualized = Int(SyncLine().Match(output).Groups[1].Value);
        var costs = CostsLine().Match(output);
        Assert.True(costs.Success, output);
        Assert.Equal(300, Int(costs.Groups[1].Value) + Int(costs.Groups[2].Value) + Int(costs.Groups[3].Value));
        Assert.Equal(actualized, Int(costs.Groups[1].Value));
        Assert.Equal("0", costs.Groups[3].Value);
        Assert.Contains("unpriced:   none (the price book prices every row without an actual cost)", output, StringComparison.Ordinal);
        var reconciled = ReconciledLine().Match(output);
        Assert.True(reconciled.Success, output);
        Assert.Equal(actualized, Int(reconciled.Groups[1].Value));
        Assert.Equal(Money(reconciled.Groups[3].Value) - Money(reconciled.Groups[2].Value), Money(reconciled.Groups[4].Value));

        // The gap is the app's own prompt counts and the stale staging rate, and nothing is left unexplained.
        var explained = ExplainedLine().Match(output);
        Assert.True(explained.Success, output);
        Assert.Equal(Money(reconciled.Groups[4].Value), Money(explained.Groups[1].Value) + Money(explained.Groups[2].Value) + Money(explained.Groups[3].Value), 6);
        Assert.True(Money(explained.Groups[1].Value) > 0, output);
        Assert.True(Money(explained.Groups[2].Value) < 0, output);
        Assert.Equal(0m, Money(explained.Groups[3].Value));

        var models = SamplePriceBookTests.TableRows(output, "reconciled by model");
        Assert.Equal(9, models.Count);
        Assert.Equal(actualized, models.Sum(m => Int(m.Split(' ')[1])));
        var gaps = SamplePriceBookTests.TableRows(output, "largest gaps");
        Assert.InRange(gaps.Count, 5, 7);
        Assert.Contains(gaps, g => g.StartsWith("gpt-4o ", StringComparison.Ordinal) && g.Contains(" price ", StringComparison.Ordinal));
        Assert.Contains(gaps, g => g.Contains(" tokens +", StringComparison.Ordinal) && g.Contains("LiteLLM counted", StringComparison.Ordinal));
        Assert.EndsWith("dashboard: OK" + System.Environment.NewLine, output, StringComparison.Ordinal);
    }

    [SharedDataFact(Catalog)]
    public async Task RunAsync_DefaultRunBesideTheSharedData_PricesWithLiteLLMsFileWhichNoLongerListsClaude35Haiku()
    {
        var (exit, output, _) = await RunAsync(SamplePrices.FindSharedCatalog);

        Assert.Equal(0, exit);
        Assert.Matches(
            @"prices:     LiteLLM's price file model_prices_2026-07-24\.json \([\d,]+ models, the shared data beside the repository\): the app's estimates and the emulator's spend",
            output);
        Assert.Matches(@"unpriced:   claude-3-5-haiku-20241022 \d+ rows? \(not in the price book\)", output);
        Assert.Matches(@"costs:      rows: actual \d+ \([\d.]+%\), estimated \d+ \([\d.]+%\), unpriced [1-9]\d* \([\d.]+%\)", output);
    }

    [SharedDataFact(Catalog)]
    public void FindSharedCatalog_BesideTheRepository_FindsTheFileTheTestsUse()
    {
        Assert.Equal(Path.GetFullPath(SharedData.PathOf(Catalog)), SamplePrices.FindSharedCatalog());
    }

    [Fact]
    public void Explain_EachCause_SaysWhatExplainsTheGapWithItsAmounts()
    {
        var record = new Records.UsageRecord { Model = "gpt-4o", PromptTokens = 1000, CompletionTokens = 200 };
        Pricing.ReconciliationRow Row(Pricing.ReconciliationCause cause, decimal? tokens, decimal? price) => new()
        {
            Record = record,
            Cause = cause,
            SpendLogPromptTokens = 1100,
            SpendLogCompletionTokens = 200,
            TokenEffect = tokens,
            PriceEffect = price,
        };

        Assert.Equal("price -0.000250 (same tokens, another rate)", PricingReport.Explain(Row(Pricing.ReconciliationCause.Price, 0, -0.00025m)));
        Assert.Equal(
            "tokens +0.000250 (LiteLLM counted 1,100 + 200 tokens, the row 1,000 + 200)",
            PricingReport.Explain(Row(Pricing.ReconciliationCause.TokenCounts, 0.00025m, 0)));
        Assert.Equal(
            "tokens +0.000250 (LiteLLM counted 1,100 + 200 tokens, the row 1,000 + 200), price -0.000100",
            PricingReport.Explain(Row(Pricing.ReconciliationCause.TokenCountsAndPrice, 0.00025m, -0.0001m)));
        Assert.Equal(
            "unsplit: LiteLLM counted 1,100 + 200 tokens, the row 1,000 + 200, and the price book cannot price gpt-4o",
            PricingReport.Explain(Row(Pricing.ReconciliationCause.TokenCountsUnpriced, null, null)));
        Assert.Equal(
            "unsplit: the spend log's token counts are not in the row's breakdown",
            PricingReport.Explain(Row(Pricing.ReconciliationCause.SpendLogTokensMissing, null, null)));
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(Func<string?> findSharedCatalog)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await SampleApp.RunAsync([], new ConfigurationBuilder().Build(), output, error, TimeProvider.System, findSharedCatalog);
        return (exit, output.ToString(), error.ToString());
    }

    private static int Int(string text) => int.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    private static decimal Money(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^sync: actualized=(\d+) ", RegexOptions.Multiline)]
    private static partial Regex SyncLine();

    [GeneratedRegex(@"^costs:      rows: actual ([\d,]+) \([\d.]+%\), estimated ([\d,]+) \([\d.]+%\), unpriced ([\d,]+) \([\d.]+%\)", RegexOptions.Multiline)]
    private static partial Regex CostsLine();

    [GeneratedRegex(@"^reconciled: ([\d,]+) rows with an actual cost: estimated ([\d.]+), actual ([\d.]+) USD, difference ([+-]?[\d.]+) ", RegexOptions.Multiline)]
    private static partial Regex ReconciledLine();

    [GeneratedRegex(@"^explained:  by token counts ([+-]?[\d.]+), by price ([+-]?[\d.]+), unsplit ([+-]?[\d.]+)", RegexOptions.Multiline)]
    private static partial Regex ExplainedLine();
}
