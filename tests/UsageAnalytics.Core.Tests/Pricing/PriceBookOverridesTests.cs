using static UsageAnalytics.Pricing.PricingFixtures;

namespace UsageAnalytics.Pricing;

/// <summary>Overrides as data: custom and effective-dated prices, adjustments, deployments, and the override document.</summary>
public sealed class PriceBookOverridesTests
{
    private static readonly DateTimeOffset Change = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly ModelPrice NewGpt4oPrice = new()
    {
        Id = "gpt-4o",
        Provider = "openai",
        EffectiveFrom = Change,
        Rates = new Dictionary<string, decimal> { ["input_cost_per_token"] = 0.000002m, ["output_cost_per_token"] = 0.000008m },
    };

    [Fact]
    public void WithPrices_EffectiveDated_PricesEachRowWithThePriceInForceAtItsTimestamp()
    {
        var book = Book.WithPrices([NewGpt4oPrice]);

        var before = book.Estimate(Row("gpt-4o", prompt: 1000, completion: 100) with { Timestamp = Change.AddTicks(-1) });
        var at = book.Estimate(Row("gpt-4o", prompt: 1000, completion: 100) with { Timestamp = Change });

        Assert.Equal(0.0035m, before.Cost); // 1000 × 2.5e-6 + 100 × 1e-5 (the catalog price)
        Assert.Equal(0.0028m, at.Cost); // 1000 × 2e-6 + 100 × 8e-6
        Assert.Equal(0.0035m, Book.Estimate(Row("gpt-4o", prompt: 1000, completion: 100)).Cost); // the original book is unchanged
    }

    [Fact]
    public void WithPrices_DatedPriceOfANewModel_HasNoPriceBeforeItsDate()
    {
        var price = new ModelPrice { Id = "my-llama", EffectiveFrom = Change, Rates = new Dictionary<string, decimal> { ["input_cost_per_token"] = 0.0000001m } };
        var book = Book.WithPrices([price]);

        var before = book.Estimate(Row("my-llama", prompt: 1000) with { Timestamp = Change.AddDays(-1) });
        var after = book.Estimate(Row("my-llama", prompt: 1000) with { Timestamp = Change.AddDays(1) });

        Assert.Equal(PriceStatus.NoApplicableRate, before.Status);
        Assert.Equal(0.0001m, after.Cost);
        Assert.Same(price, book.FindModel("my-llama"));
        Assert.Null(book.FindModel("my-llama", at: Change.AddDays(-1)));
    }

    [Fact]
    public void WithPrices_Undated_ReplacesTheCatalogPriceOrAddsAModel()
    {
        var book = Book.WithPrices(
        [
            new ModelPrice { Id = "GPT-4O", Rates = new Dictionary<string, decimal> { ["input_cost_per_token"] = 0.000001m } },
            new ModelPrice { Id = "my-llama", Rates = new Dictionary<string, decimal> { ["input_cost_per_token"] = 0.0000001m, ["output_cost_per_token"] = 0.0000002m } },
        ]);

        Assert.Equal(0.001m, book.Estimate(Row("gpt-4o", prompt: 1000, completion: 100)).Cost); // output rate gone: 1000 × 1e-6
        Assert.Equal(0.00012m, book.Estimate(Row("my-llama", prompt: 1000, completion: 100)).Cost);
        Assert.Equal(Book.Count + 1, book.Count);
    }

    [Fact]
    public void WithAdjustments_ProviderDiscountFromADate_MultipliesTheListPrice()
    {
        var book = Book.WithAdjustments([new PriceAdjustment { Provider = "openai", Multiplier = 0.9m, EffectiveFrom = Change }]);

        var before = book.Estimate(Row("gpt-4o", prompt: 1000, completion: 100) with { Timestamp = Change.AddDays(-1) });
        var after = book.Estimate(Row("gpt-4o", prompt: 1000, completion: 100) with { Timestamp = Change });
        var otherProvider = book.Estimate(Row("claude-3-5-sonnet", prompt: 1000, completion: 100) with { Timestamp = Change });

        Assert.Equal(0.0035m, before.Cost);
        Assert.Equal(1m, before.Multiplier);
        Assert.Equal(0.0035m, after.ListCost);
        Assert.Equal(0.9m, after.Multiplier);
        Assert.Equal(0.00315m, after.Cost);
        Assert.Equal(0.0025m, after.InputCost); // the parts stay list prices
        Assert.Equal(1m, otherProvider.Multiplier);
    }

    [Fact]
    public void WithAdjustments_SeveralCovering_Multiply()
    {
        var book = Book.WithAdjustments(
        [
            new PriceAdjustment { Provider = "openai", Multiplier = 0.9m },
            new PriceAdjustment { Model = "GPT-4O", Multiplier = 1.05m, EffectiveUntil = Change },
        ]);

        var inWindow = book.Estimate(Row("gpt-4o", prompt: 1000, completion: 100) with { Timestamp = Change.AddTicks(-1) });
        var atUntil = book.Estimate(Row("gpt-4o", prompt: 1000, completion: 100) with { Timestamp = Change });

        Assert.Equal(0.945m, inWindow.Multiplier);
        Assert.Equal(0.0033075m, inWindow.Cost); // 0.0035 × 0.945
        Assert.Equal(0.9m, atUntil.Multiplier); // EffectiveUntil is exclusive
    }

    [Fact]
    public void WithAdjustments_InvalidAdjustments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Book.WithAdjustments([new PriceAdjustment { Multiplier = -0.1m }]));
        Assert.Throws<ArgumentException>(() => Book.WithAdjustments([new PriceAdjustment { Multiplier = 1m, EffectiveFrom = Change, EffectiveUntil = Change }]));
        Assert.Throws<ArgumentException>(() => Book.WithAdjustments([new PriceAdjustment { Multiplier = 1m, Provider = " " }]));
        Assert.Throws<ArgumentNullException>(() => Book.WithAdjustments([null!]));
    }

    [Fact]
    public void WithPrices_InvalidPrices_Throw()
    {
        Assert.Throws<ArgumentException>(() => Book.WithPrices([new ModelPrice { Id = " " }]));
        Assert.Throws<ArgumentException>(() => Book.WithPrices([new ModelPrice { Id = "x", Rates = new Dictionary<string, decimal> { ["input_cost_per_token"] = -1m } }]));
        Assert.Throws<ArgumentException>(() => Book.WithPrices([NewGpt4oPrice, NewGpt4oPrice]));
        Assert.Throws<ArgumentException>(() => Book.WithPrices([new ModelPrice { Id = "x", TieredPricing = [new PriceTier { RangeStart = 10, RangeEnd = 5 }] }]));
        Assert.Throws<ArgumentException>(() => PriceBook.Create([new ModelPrice { Id = "x" }, new ModelPrice { Id = "x" }]));
    }

    [Fact]
    public void WithOverrides_Document_AppliesPricesAdjustmentsAndDeployments()
    {
        const string Json = """
            {
              "prices": {
                "my-llama": { "input_cost_per_token": 1e-7, "output_cost_per_token": "2e-7", "litellm_provider": "openai" },
                "gpt-4o": [ { "input_cost_per_token": 2e-6, "output_cost_per_token": 8e-6, "effective_from": "2026-01-01T00:00:00Z" } ]
              },
              "adjustments": [ { "provider": "openai", "multiplier": 0.9, "effective_from": "2026-02-01T00:00:00Z", "effective_until": null } ],
              "deployments": { "my-gpt": "gpt-4o" }
            }
            """;

        var book = Book.WithOverrides(Json);

        var llama = book.Estimate(Row("my-llama", prompt: 1000, completion: 100));
        var deployed = book.Estimate(Row("my-gpt", prompt: 1000, completion: 100));
        var january = book.Estimate(Row("gpt-4o", prompt: 1000, completion: 100) with { Timestamp = Change.AddDays(10) });

        Assert.Equal(0.00012m, llama.ListCost);
        Assert.Equal(0.000108m, llama.Cost); // × 0.9 (openai, from February; the row is in March)
        Assert.Equal(PriceMatch.Deployment, deployed.Match);
        Assert.Equal(0.00252m, deployed.Cost); // (1000 × 2e-6 + 100 × 8e-6) × 0.9
        Assert.Equal(0.0028m, january.Cost); // the new price, before the discount
    }

    [Theory]
    [InlineData("""{ "price": {} }""", "price")]
    [InlineData("""{ "prices": { "m": { "input_cost_per_token": -1 } } }""", "'m'")]
    [InlineData("""{ "prices": { "m": { "input_cost_per_token": 1e-6, "effective_from": "soon" } } }""", "effective_from")]
    [InlineData("""{ "prices": { "m": [ { "effective_from": "2026-01-01" }, { "effective_from": "2026-01-01T00:00:00Z" } ] } }""", "effective_from")]
    [InlineData("""{ "prices": { "m": 5 } }""", "'m'")]
    [InlineData("""{ "adjustments": [ { "provider": "openai" } ] }""", "multiplier")]
    [InlineData("""{ "adjustments": [ { "multiplier": -1 } ] }""", "adjustments[0]")]
    [InlineData("""{ "adjustments": [ { "multiplier": 1, "discount": 2 } ] }""", "discount")]
    [InlineData("""{ "adjustments": [ { "multiplier": 1, "effective_from": "2026-02-01", "effective_until": "2026-01-01" } ] }""", "effective_until")]
    [InlineData("""{ "deployments": { "my-gpt": 4 } }""", "my-gpt")]
    [InlineData("""{ "deployments": [] }""", "deployments")]
    [InlineData("""[]""", "JSON object")]
    [InlineData("""{ "prices": { "m": { """, "line 1")]
    public void WithOverrides_BadDocument_ThrowsNamingTheEntry(string json, string named)
    {
        var error = Assert.Throws<PriceBookFormatException>(() => Book.WithOverrides(json));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
