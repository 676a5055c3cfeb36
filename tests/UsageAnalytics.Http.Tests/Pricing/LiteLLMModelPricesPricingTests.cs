namespace UsageAnalytics.Pricing;

/// <summary>The proxy's prices used alone and laid over a catalog, priced with the real <see cref="PriceBook"/>.</summary>
public sealed class LiteLLMModelPricesPricingTests
{
    private const string ModelInfo = """
        {"data": [
          {"model_name": "team-gpt", "litellm_params": {"model": "azure/prod-gpt4o"},
           "model_info": {"base_model": "azure/gpt-4o", "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05,
                          "cache_read_input_token_cost": 1.25e-06, "litellm_provider": "azure", "mode": "chat"}},
          {"model_name": "team-haiku", "litellm_params": {"model": "anthropic/claude-3-5-haiku-20241022"}, "model_info": {"id": "d2", "input_cost_per_token": null}},
          {"model_name": "gpt-4o", "litellm_params": {"model": "openai/gpt-4o", "input_cost_per_token": 3e-06}, "model_info": {"output_cost_per_token": 1.2e-05}}
        ]}
        """;

    [Fact]
    public void ToPriceBook_ProxyModelName_IsPricedWithTheProxysPrices()
    {
        var book = LiteLLMModelPrices.Parse(ModelInfo).ToPriceBook();

        var estimate = book.Estimate(PricingTestHost.Row("team-gpt", prompt: 1000, completion: 500, cached: 200));

        // 800 uncached × 2.5e-6 = 0.002; 200 cached × 1.25e-6 = 0.00025; 500 × 1e-5 = 0.005.
        Assert.Equal(PriceStatus.Priced, estimate.Status);
        Assert.Equal(0.00725m, estimate.Cost);
        Assert.Equal(0.002m, estimate.InputCost);
        Assert.Equal(0.00025m, estimate.CacheReadCost);
        Assert.Equal(0.005m, estimate.OutputCost);
    }

    [Fact]
    public void ToPriceBook_DeploymentWithoutPrices_IsUnpricedAlone()
    {
        var book = LiteLLMModelPrices.Parse(ModelInfo).ToPriceBook();

        var estimate = book.Estimate(PricingTestHost.Row("team-haiku", prompt: 1000, completion: 100));

        Assert.False(estimate.IsPriced);
        Assert.Equal(0m, estimate.Cost);
    }

    [Fact]
    public void ApplyTo_DeploymentWithoutPrices_IsPricedAsItsCatalogBaseModel()
    {
        var catalog = PriceBook.Parse(PricingTestHost.PriceFile);

        var book = LiteLLMModelPrices.Parse(ModelInfo).ApplyTo(catalog);
        var estimate = book.Estimate(PricingTestHost.Row("team-haiku", prompt: 1000, completion: 100));

        // claude-3-5-haiku-20241022: 1000 × 8e-7 = 0.0008; 100 × 4e-6 = 0.0004.
        Assert.Equal(PriceStatus.Priced, estimate.Status);
        Assert.Equal(PriceMatch.Deployment, estimate.Match);
        Assert.Equal(0.0012m, estimate.Cost);
    }

    [Fact]
    public void ApplyTo_ProxyPriceOfACatalogModel_ReplacesTheCatalogEntry()
    {
        var catalog = PriceBook.Parse(PricingTestHost.PriceFile);

        var book = LiteLLMModelPrices.Parse(ModelInfo).ApplyTo(catalog);
        var estimate = book.Estimate(PricingTestHost.Row("gpt-4o", prompt: 1000, completion: 100));

        // The proxy bills gpt-4o at 3e-6 in, 1.2e-5 out: 1000 × 3e-6 = 0.003; 100 × 1.2e-5 = 0.0012.
        Assert.Equal(0.0042m, estimate.Cost);
        Assert.Equal(0.0035m, catalog.Estimate(PricingTestHost.Row("gpt-4o", prompt: 1000, completion: 100)).Cost);
    }

    [Fact]
    public void ApplyTo_OtherCatalogModels_KeepTheirPrices()
    {
        var catalog = PriceBook.Parse(PricingTestHost.PriceFile);

        var book = LiteLLMModelPrices.Parse(ModelInfo).ApplyTo(catalog);

        // claude-3-5-haiku-20241022 by its own name: 1000 × 8e-7 + 100 × 4e-6.
        Assert.Equal(0.0012m, book.Estimate(PricingTestHost.Row("claude-3-5-haiku-20241022", prompt: 1000, completion: 100)).Cost);
    }
}
