using static UsageAnalytics.Pricing.PricingFixtures;

namespace UsageAnalytics.Pricing;

/// <summary>Finding a record's entry: provider prefix, releases, deployments, and the unpriced results.</summary>
public sealed class PriceBookLookupTests
{
    [Theory]
    [InlineData("gpt-4o", null, "gpt-4o", PriceMatch.Exact)]
    [InlineData("GPT-4O", null, "gpt-4o", PriceMatch.Exact)]
    [InlineData("gpt-4o", "azure", "azure/gpt-4o", PriceMatch.ProviderPrefixed)]
    [InlineData("gpt-4o", "openai", "gpt-4o", PriceMatch.Exact)]
    [InlineData("openai/gpt-4o", "openai", "gpt-4o", PriceMatch.ProviderStripped)]
    [InlineData("openai/gpt-4o", null, "gpt-4o", PriceMatch.ProviderStripped)]
    [InlineData("grok-4-fast-reasoning", "xai", "xai/grok-4-fast-reasoning", PriceMatch.ProviderPrefixed)]
    [InlineData("claude-3-5-sonnet-20241022", "anthropic", "claude-3-5-sonnet", PriceMatch.Release)]
    [InlineData("gpt-4o-2024-08-06", null, "gpt-4o", PriceMatch.Release)]
    [InlineData("claude-3-5-sonnet-latest", null, "claude-3-5-sonnet", PriceMatch.Release)]
    [InlineData("claude-x", null, "claude-x-20241022", PriceMatch.Release)]
    [InlineData("claude-x-latest", "anthropic", "claude-x-20241022", PriceMatch.Release)]
    [InlineData("claude-y", "vertex_ai", "vertex_ai/claude-y@20250219", PriceMatch.Release)]
    [InlineData("anthropic/claude-x-20240620", null, "claude-x-20240620", PriceMatch.ProviderStripped)]
    public void Estimate_LookupRules_FindTheEntry(string model, string? provider, string expectedId, PriceMatch expectedMatch)
    {
        var estimate = Book.Estimate(Row(model, prompt: 10, completion: 10, provider: provider));

        Assert.Equal(PriceStatus.Priced, estimate.Status);
        Assert.Equal(expectedId, estimate.ModelId);
        Assert.Equal(expectedMatch, estimate.Match);
    }

    [Fact]
    public void Estimate_UnknownModel_IsUnknownWithCostZero()
    {
        var estimate = Book.Estimate(Row("no-such-model", prompt: 1000, completion: 1000));

        Assert.Equal(PriceStatus.UnknownModel, estimate.Status);
        Assert.False(estimate.IsPriced);
        Assert.Null(estimate.ModelId);
        Assert.Equal(PriceMatch.None, estimate.Match);
        Assert.Equal(0m, estimate.Cost);
    }

    [Fact]
    public void Estimate_PrefixNotAProvider_IsNotStripped()
    {
        var estimate = Book.Estimate(Row("my-team/gpt-4o", prompt: 10));

        Assert.Equal(PriceStatus.UnknownModel, estimate.Status);
    }

    [Fact]
    public void Estimate_DatedReleaseWhoseAliasIsMissing_IsUnknown()
    {
        // A dated name never borrows another date's price: only the undated alias stands in for it.
        var estimate = Book.Estimate(Row("claude-x-20250101", prompt: 10));

        Assert.Equal(PriceStatus.UnknownModel, estimate.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Estimate_NoModel_IsNoModel(string? model)
    {
        var estimate = Book.Estimate(Row(model, prompt: 10));

        Assert.Equal(PriceStatus.NoModel, estimate.Status);
        Assert.Equal(0m, estimate.Cost);
    }

    [Fact]
    public void Estimate_EntryWithNoRateForTokens_HasNoApplicableRate()
    {
        var estimate = Book.Estimate(Row("dall-e-3", prompt: 10, completion: 10));

        Assert.Equal(PriceStatus.NoApplicableRate, estimate.Status);
        Assert.Equal("dall-e-3", estimate.ModelId);
        Assert.Equal(0m, estimate.Cost);
    }

    [Fact]
    public void Estimate_SearchTiersWithoutTokenRanges_HaveNoApplicableRate()
    {
        var estimate = Book.Estimate(Row("exa_ai/search", prompt: 10));

        Assert.Equal(PriceStatus.NoApplicableRate, estimate.Status);
    }

    [Fact]
    public void Estimate_DeploymentMappedToABaseModel_UsesTheBaseModelsPrice()
    {
        var book = Book.WithDeployments(new Dictionary<string, string> { ["my-gpt"] = "azure/gpt-4o" });

        var estimate = book.Estimate(Row("My-GPT", prompt: 1000, completion: 100, provider: "azure"));

        Assert.Equal(PriceMatch.Deployment, estimate.Match);
        Assert.Equal("azure/gpt-4o", estimate.ModelId);
        Assert.Equal(0.00385m, estimate.Cost); // 1000 × 2.75e-6 + 100 × 1.1e-5
        Assert.Equal(PriceStatus.UnknownModel, Book.Estimate(Row("my-gpt", prompt: 1000)).Status);
    }

    [Fact]
    public void Estimate_DeploymentWithProviderPrefix_IsFoundAfterThePrefix()
    {
        var book = Book.WithDeployments(new Dictionary<string, string> { ["my-gpt"] = "gpt-4o" });

        var estimate = book.Estimate(Row("azure/my-gpt", prompt: 1000, provider: "azure"));

        Assert.Equal(PriceMatch.Deployment, estimate.Match);
        Assert.Equal("azure/gpt-4o", estimate.ModelId); // the base model is looked up with the record's provider
    }

    [Fact]
    public void Estimate_DeploymentToAnUnknownBaseModel_IsUnknown()
    {
        var book = Book.WithDeployments(new Dictionary<string, string> { ["my-gpt"] = "gpt-99" });

        Assert.Equal(PriceStatus.UnknownModel, book.Estimate(Row("my-gpt", prompt: 10)).Status);
    }

    [Fact]
    public void FindModel_ReturnsTheEntryByTheSameRules()
    {
        Assert.Equal("azure/gpt-4o", Book.FindModel("gpt-4o", "azure")?.Id);
        Assert.Equal("claude-3-5-sonnet", Book.FindModel("claude-3-5-sonnet-20241022")?.Id);
        Assert.Equal("anthropic", Book.FindModel("claude-3-5-sonnet-20241022")?.Provider);
        Assert.Null(Book.FindModel("no-such-model"));
        Assert.Null(Book.FindModel(" "));
        Assert.Throws<ArgumentNullException>(() => Book.FindModel(null!));
    }

    [Fact]
    public void Estimate_ManyThreads_ResolveTheSameAnswers()
    {
        var models = new[] { "gpt-4o", "openai/gpt-4o", "claude-x", "no-such-model", "gpt-4o-2024-08-06" };
        var book = PriceBook.Parse(FixtureJson);
        var expected = models.Select(m => Book.Estimate(Row(m, prompt: 100, completion: 10))).ToArray();

        Parallel.For(0, 4000, i =>
        {
            var index = i % models.Length;
            Assert.Equal(expected[index], book.Estimate(Row(models[index], prompt: 100, completion: 10)));
        });
    }

    [Fact]
    public void Estimate_MoreDistinctNamesThanTheCacheHolds_StopsCachingAndStillResolves()
    {
        var book = PriceBook.Parse(FixtureJson);

        for (var i = 0; i < 100_100; i++)
        {
            book.Estimate(Row("unknown-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), prompt: 1));
        }

        Assert.Equal(100_000, book.CachedLookups);
        Assert.Equal(0.004m, book.Estimate(Row("gpt-4o", prompt: 1000, completion: 200) with { CachedPromptTokens = 400 }).Cost);
        Assert.Equal(100_000, book.CachedLookups);
    }
}
