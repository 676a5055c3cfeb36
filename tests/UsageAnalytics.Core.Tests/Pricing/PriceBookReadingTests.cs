using System.Text;
using static UsageAnalytics.Pricing.PricingFixtures;

namespace UsageAnalytics.Pricing;

/// <summary>Reading LiteLLM's price-file format.</summary>
public sealed class PriceBookReadingTests
{
    [Fact]
    public void Parse_Fixture_SkipsSampleSpecAndMembersThatAreNotEntries()
    {
        Assert.Null(Book.FindModel("sample_spec"));
        Assert.Null(Book.FindModel("last_updated"));
        Assert.Equal(Book.Prices.Count, Book.Count);
        Assert.Equal("gpt-4o", Book.Prices[0].Id);
    }

    [Fact]
    public void Parse_Entry_KeepsNumericCostFieldsProviderAndModeOnly()
    {
        var price = Book.FindModel("claude-sonnet-4-5-20250929")!;

        Assert.Equal("anthropic", price.Provider);
        Assert.Equal("chat", price.Mode);
        Assert.Equal(10, price.Rates.Count); // search_context_cost_per_query (an object) is not a rate
        Assert.Equal(0.000012m, price.Rates["cache_creation_input_token_cost_above_1hr_above_200k_tokens"]);
        Assert.Null(price.EffectiveFrom);
        Assert.Empty(price.TieredPricing);
    }

    [Theory]
    [InlineData("3e-07", "0.0000003")]
    [InlineData("1.25e-06", "0.00000125")]
    [InlineData("2.5E-6", "0.0000025")]
    [InlineData("0.00022500000000000002", "0.00022500000000000002")]
    [InlineData("\"3e-7\"", "0.0000003")]
    [InlineData("\" 1.5e-05 \"", "0.000015")]
    [InlineData("0", "0")]
    public void Parse_Rates_AreTheDecimalsAsWritten(string written, string expected)
    {
        var book = PriceBook.Parse($$"""{ "m": { "input_cost_per_token": {{written}} } }""");

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), book.FindModel("m")!.Rates["input_cost_per_token"]);
    }

    [Fact]
    public void Parse_NonNumericCostValues_AreIgnored()
    {
        var book = PriceBook.Parse("""
            { "m": { "input_cost_per_token": "see the provider's page", "output_cost_per_token": null, "cache_read_input_token_cost": true,
                     "search_context_cost_per_query": { "search_context_size_low": 0.01 }, "supported_regions": ["global"], "max_tokens": 100 } }
            """);

        Assert.Empty(book.FindModel("m")!.Rates);
    }

    [Fact]
    public void Parse_TieredPricing_ReadsRangesAsTokenCountsAndSkipsSearchTiers()
    {
        var tiers = Book.FindModel("dashscope/qwen-flash")!.TieredPricing;

        Assert.Equal(2, tiers.Count);
        Assert.Equal(256_000, tiers[0].RangeEnd);
        Assert.Equal(256_000, tiers[1].RangeStart);
        Assert.Equal(0.000002m, tiers[1].Rates["output_cost_per_token"]);
        Assert.Empty(Book.FindModel("exa_ai/search")!.TieredPricing);
    }

    [Fact]
    public void Parse_RepeatedId_KeepsTheLastEntry()
    {
        var book = PriceBook.Parse("""{ "m": { "input_cost_per_token": 1 }, "m": { "input_cost_per_token": 2 } }""");

        Assert.Equal(1, book.Count);
        Assert.Equal(2m, book.FindModel("m")!.Rates["input_cost_per_token"]);
    }

    [Fact]
    public void Parse_EscapedPropertyNames_AreRead()
    {
        var book = PriceBook.Parse("""{ "m": { "input_\u0063ost_per_token": 1e-6, "litellm_provider": "openai" } }""");

        Assert.Equal(0.000001m, book.FindModel("m")!.Rates["input_cost_per_token"]);
    }

    [Fact]
    public async Task LoadAsyncLoadAndLoadFile_ReadUtf8WithAByteOrderMark()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(FixtureJson)).ToArray();
        var path = Path.GetTempFileName();
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            var fromAsync = await PriceBook.LoadAsync(new MemoryStream(bytes));
            var fromStream = PriceBook.Load(new MemoryStream(bytes));
            var fromFile = PriceBook.LoadFile(path);

            Assert.All(new[] { fromAsync, fromStream, fromFile }, b => Assert.Equal(Book.Count, b.Count));
            Assert.Equal(0.004m, fromFile.Estimate(Row("gpt-4o", prompt: 1000, completion: 200) with { CachedPromptTokens = 400 }).Cost);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task LoadAsync_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PriceBook.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(FixtureJson)), cancelled.Token));
    }

    [Fact]
    public void Create_HandBuiltPrices_PriceLikeParsedOnes()
    {
        var book = PriceBook.Create(
        [
            new ModelPrice
            {
                Id = "my-tiered",
                TieredPricing =
                [
                    new PriceTier { RangeStart = 0, RangeEnd = 1000, Rates = new Dictionary<string, decimal> { ["input_cost_per_token"] = 0.001m } },
                    new PriceTier { RangeStart = 1000, RangeEnd = 2000, Rates = new Dictionary<string, decimal> { ["input_cost_per_token"] = 0.002m } },
                ],
                Rates = new Dictionary<string, decimal> { ["output_cost_per_token"] = 0.01m },
            },
        ]);

        var estimate = book.Estimate(Row("my-tiered", prompt: 1001, completion: 1));

        Assert.Equal(2.002m, estimate.InputCost); // 1001 × 0.002
        Assert.Equal(0.01m, estimate.OutputCost); // the tier has no output rate: the model's
    }

    [Fact]
    public void ArgumentsNull_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => PriceBook.Parse(null!));
        Assert.Throws<ArgumentNullException>(() => PriceBook.Load(null!));
        Assert.Throws<ArgumentNullException>(() => PriceBook.LoadFile(null!));
        Assert.Throws<ArgumentNullException>(() => PriceBook.Create(null!));
        Assert.Throws<ArgumentNullException>(() => Book.Estimate(null!));
        Assert.Throws<ArgumentNullException>(() => Book.WithOverrides(null!));
    }
}
