using UsageAnalytics.Costs;
using UsageAnalytics.LiteLLMEmulator;
using UsageAnalytics.Pricing;
using UsageAnalytics.Records;

namespace UsageAnalytics.Sample;

/// <summary>
/// The generator with a price book, as the sample runs it: LiteLLM's spend is the book's cost of its tokens, the app's
/// estimate the book's cost of the app's own quantities, and what separates them is what the reconciliation explains —
/// prompts the app counted itself (token counts) and the stale gpt-4o rate of the staging instances (price).
/// </summary>
public sealed class GeneratedPricingTests
{
    private static readonly DateTimeOffset _end = new(2026, 8, 6, 15, 30, 0, TimeSpan.Zero);
    private static readonly PriceBook _book = SamplePrices.Load(priceBookFile: null, sharedCatalog: null).Book;
    private static readonly CostBreakdownMerger _merger = new();

    private static readonly GeneratedUsage _generated = UsageDataGenerator.Generate(new UsageGeneratorOptions
    {
        End = _end,
        RowCount = 4_000,
        PriceBook = _book,
    });

    [Fact]
    public void Generate_WithPriceBook_AppEstimateIsTheSpendWhereTheAppSawLiteLLMsTokensAtTodaysRate()
    {
        var pairs = Pairs().Where(p => p.Record.CacheHit != true && !Stale(p.Record) && p.Record.PromptTokens == p.Row.PromptTokens).ToList();

        Assert.True(pairs.Count > 3_000, pairs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(pairs, p => Assert.Equal((decimal)p.Row.Spend, LlmPart(p.Record)));
        Assert.All(pairs, p => Assert.Equal(_book.Estimate(p.Record).Cost, LlmPart(p.Record)));
    }

    [Fact]
    public void Generate_WithPriceBook_SomeStreamedPromptsWereCountedShortByTheApp()
    {
        var counted = Pairs().Where(p => p.Record.PromptTokens != p.Row.PromptTokens && !Stale(p.Record)).ToList();

        Assert.InRange(counted.Count, 40, 200);
        Assert.All(counted, p =>
        {
            Assert.NotNull(p.Record.TimeToFirstTokenMs);
            var shortBy = 1 - (p.Record.PromptTokens / (double)p.Row.PromptTokens);
            Assert.InRange(shortBy, p.Record.Provider == "anthropic" ? 0.09 : 0.01, p.Record.Provider == "anthropic" ? 0.21 : 0.07);
            Assert.Equal(_book.Estimate(p.Record).Cost, LlmPart(p.Record));
        });
        Assert.Contains(counted, p => p.Record.Provider == "anthropic");
        Assert.Contains(counted, p => p.Record.Provider == "openai");
    }

    [Fact]
    public void Generate_WithPriceBook_StagingPricedGpt4oAtTheStaleRate()
    {
        var stale = Pairs().Where(p => Stale(p.Record) && p.Record.CacheHit != true).ToList();

        Assert.InRange(stale.Count, 20, 120);
        Assert.All(stale, p => Assert.Equal(_book.Estimate(p.Record with { Model = "gpt-4o-2024-05-13" }).Cost, LlmPart(p.Record)));
        Assert.Contains(stale, p => LlmPart(p.Record) > (decimal)p.Row.Spend * 1.4m);
    }

    [Fact]
    public void Generate_WithPriceBook_ResponseCacheHitsAreEstimatedAtZeroAsLiteLLMChargesThem()
    {
        var hits = _generated.UsageRecords.Where(r => r.CacheHit == true).ToList();

        Assert.NotEmpty(hits);
        Assert.All(hits, r => Assert.Equal(0m, LlmPart(r)));
    }

    [Fact]
    public void Generate_WithPriceBook_RowsCarryEveryPricedQuantity()
    {
        var records = _generated.UsageRecords.Where(r => r.IsSuccess).ToList();

        Assert.All(records.Where(r => r.Model == "whisper-1"), r => Assert.True(r.AudioDurationSeconds > 0));
        Assert.All(records.Where(r => r.Model == "tts-1"), r => Assert.True(r.CharacterCount > 0));
        var writes = records.Where(r => r.CacheWriteTokens > 0).ToList();
        Assert.NotEmpty(writes);
        Assert.All(writes, r => Assert.Equal(r.CacheWriteTokens, r.CacheWriteFiveMinuteTokens + r.CacheWriteOneHourTokens));
        Assert.Contains(writes, r => r.CacheWriteOneHourTokens > 0 && r.CacheWriteFiveMinuteTokens > 0);
        Assert.Contains(records, r => r.Dimensions.GetValueOrDefault(PriceBook.ServiceTierDimension) == "priority");
        Assert.Contains(records, r => r.Dimensions.GetValueOrDefault(PriceBook.ServiceTierDimension) == "flex");
        Assert.All(records.Where(r => r.Model is not null), r => Assert.True(_book.Estimate(r).IsPriced, r.Model));
    }

    [Fact]
    public void Generate_WithABookLackingAModel_KeepsTheGeneratorsOwnRatesForItsSpendAndTheAppsRoughEstimate()
    {
        const string Haiku = "claude-3-5-haiku-20241022";
        var withoutHaiku = PriceBook.Create(_book.Prices.Where(p => p.Id != Haiku));

        var generated = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = _end, RowCount = 2_000, PriceBook = withoutHaiku });
        var priced = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = _end, RowCount = 2_000, PriceBook = _book });

        // The generator's own haiku rates are its last list price, as the demo list has it: the same spend either way.
        var own = generated.SpendLogs.Where(r => r.Model == Haiku).Select(r => r.Spend).ToList();
        var book = priced.SpendLogs.Where(r => r.Model == Haiku).Select(r => r.Spend).ToList();
        Assert.Equal(book.Count, own.Count);
        Assert.All(own.Zip(book), pair => Assert.Equal(pair.Second, pair.First, 15));
        Assert.Contains(own, spend => spend > 0);

        // The app's estimate is its rough list-price one, not the book's.
        var rough = generated.UsageRecords.Where(r => r.Model == Haiku && r.IsSuccess && r.CacheHit != true).ToList();
        Assert.NotEmpty(rough);
        Assert.Contains(rough, r => r.EstimatedCost != _book.Estimate(r).Cost);
        Assert.Equal(priced.UsageRecords.Count(r => r.Model == Haiku), rough.Count + generated.UsageRecords.Count(r => r.Model == Haiku && (!r.IsSuccess || r.CacheHit == true)));
    }

    /// <summary>Successful app rows with their LiteLLM row (found by the row's own id; call-id keyed and id-less rows left out).</summary>
    private static IEnumerable<(UsageRecord Record, SpendLogRow Row)> Pairs()
    {
        var rows = _generated.SpendLogs.ToDictionary(r => r.RequestId, StringComparer.Ordinal);
        foreach (var record in _generated.UsageRecords.Where(r => r.IsSuccess))
        {
            var id = record.RequestId ?? _merger.ExtractRequestId(record.CostBreakdown);
            if (id is not null && rows.TryGetValue(id, out var row))
            {
                yield return (record, row);
            }
        }
    }

    private static bool Stale(UsageRecord record) => record.Model == "gpt-4o" && record.Dimensions["environment"] == "staging";

    /// <summary>The app's LLM estimate: its estimate without the speech parts of a voice row.</summary>
    private static decimal LlmPart(UsageRecord record) =>
        record.EstimatedCost - Part(record, "estimated_stt_cost") - Part(record, "estimated_tts_cost");

    private static decimal Part(UsageRecord record, string key) =>
        record.CostBreakdown?[key] is { } node ? decimal.Parse(node.ToString(), System.Globalization.CultureInfo.InvariantCulture) : 0m;
}
