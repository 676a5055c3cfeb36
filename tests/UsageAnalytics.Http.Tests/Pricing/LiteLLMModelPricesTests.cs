namespace UsageAnalytics.Pricing;

public sealed class LiteLLMModelPricesTests
{
    /// <summary>One deployment as a real proxy lists it: catalog fields merged in, many of them null, unknown ones too.</summary>
    private const string PricedAzureDeployment = """
        {
          "model_name": "team-gpt",
          "litellm_params": { "model": "azure/prod-gpt4o-eastus", "api_base": "https://example.openai.azure.com", "api_version": "2024-08-01-preview" },
          "model_info": {
            "id": "0f3c2d1e", "db_model": false, "base_model": "azure/gpt-4o", "key": "azure/gpt-4o",
            "max_tokens": 16384, "max_input_tokens": 128000,
            "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-06,
            "cache_creation_input_token_cost": null, "input_cost_per_token_above_128k_tokens": null,
            "output_cost_per_reasoning_token": null, "input_cost_per_second": null, "tiered_pricing": null,
            "search_context_cost_per_query": { "search_context_size_low": 0.03 },
            "litellm_provider": "azure", "mode": "chat", "supported_openai_params": ["temperature", "tools"],
            "supports_vision": true, "some_field_from_a_future_release": { "x": [1, 2] }
          }
        }
        """;

    [Fact]
    public void Parse_PricedDeployment_KeysItsPricesByModelName()
    {
        var prices = LiteLLMModelPrices.Parse($$"""{"data": [{{PricedAzureDeployment}}]}""");

        var price = Assert.Single(prices.Prices);
        Assert.Equal("team-gpt", price.Id);
        Assert.Equal("azure", price.Provider);
        Assert.Equal("chat", price.Mode);
        Assert.Equal(0.0000025m, price.Rates["input_cost_per_token"]);
        Assert.Equal(0.00001m, price.Rates["output_cost_per_token"]);
        Assert.Equal(0.00000125m, price.Rates["cache_read_input_token_cost"]);
        Assert.Empty(prices.Deployments);
        Assert.Empty(prices.Warnings);
        Assert.Equal(1, prices.DeploymentCount);
    }

    [Fact]
    public void Parse_NullAndUnknownFields_AreLeftOutOfTheRates()
    {
        var prices = LiteLLMModelPrices.Parse($$"""{"data": [{{PricedAzureDeployment}}]}""");

        var rates = Assert.Single(prices.Prices).Rates;
        Assert.Equal(["cache_read_input_token_cost", "input_cost_per_token", "output_cost_per_token"], rates.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_PriceInLiteLLMParams_OverridesModelInfo()
    {
        const string Json = """
            {"data": [{"model_name": "cheap-gpt",
              "litellm_params": {"model": "azure/gpt-4o", "input_cost_per_token": 1e-06, "output_cost_per_token": "4e-06"},
              "model_info": {"input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-06}}]}
            """;

        var price = Assert.Single(LiteLLMModelPrices.Parse(Json).Prices);

        Assert.Equal(0.000001m, price.Rates["input_cost_per_token"]);
        Assert.Equal(0.000004m, price.Rates["output_cost_per_token"]);
        Assert.Equal(0.00000125m, price.Rates["cache_read_input_token_cost"]);
        Assert.Equal("azure", price.Provider);
    }

    [Fact]
    public void Parse_ProviderMissing_TakenFromCustomProviderThenModelPrefix()
    {
        const string Json = """
            {"data": [
              {"model_name": "a", "litellm_params": {"model": "my-model", "custom_llm_provider": "hosted_vllm"}, "model_info": {"input_cost_per_token": 1e-07}},
              {"model_name": "b", "litellm_params": {"model": "bedrock/anthropic.claude-v2"}, "model_info": {"input_cost_per_token": 1e-07, "litellm_provider": null}}
            ]}
            """;

        var prices = LiteLLMModelPrices.Parse(Json).Prices;

        Assert.Equal("hosted_vllm", prices[0].Provider);
        Assert.Equal("bedrock", prices[1].Provider);
    }

    [Fact]
    public void Parse_TieredPricing_IsKept()
    {
        const string Json = """
            {"data": [{"model_name": "qwen", "litellm_params": {"model": "dashscope/qwen-plus"}, "model_info": {
              "input_cost_per_token": 4e-07, "output_cost_per_token": 1.2e-06,
              "tiered_pricing": [
                {"range": [0, 256000.0], "input_cost_per_token": 4e-07, "output_cost_per_token": 1.2e-06},
                {"range": [256000.0, 1000000.0], "input_cost_per_token": 1.2e-06, "output_cost_per_token": 3.6e-06}]}}]}
            """;

        var price = Assert.Single(LiteLLMModelPrices.Parse(Json).Prices);

        Assert.Equal(2, price.TieredPricing.Count);
        Assert.Equal(256000, price.TieredPricing[1].RangeStart);
        Assert.Equal(1000000, price.TieredPricing[1].RangeEnd);
        Assert.Equal(0.0000012m, price.TieredPricing[1].Rates["input_cost_per_token"]);
    }

    [Theory]
    [InlineData("""{"base_model": "azure/gpt-4o", "input_cost_per_token": null}""", """{"model": "azure/my-deployment"}""", "azure/gpt-4o")]
    [InlineData("""{"id": "x"}""", """{"model": "openai/gpt-4.1-2099-01-01"}""", "openai/gpt-4.1-2099-01-01")]
    [InlineData("null", """{"model": "anthropic/claude-9"}""", "anthropic/claude-9")]
    [InlineData("""{"base_model": "  "}""", """{"model": "openai/o9"}""", "openai/o9")]
    public void Parse_DeploymentWithoutPrices_IsMappedToItsBaseModel(string modelInfo, string litellmParams, string expected)
    {
        var json = $$"""{"data": [{"model_name": "team-model", "litellm_params": {{litellmParams}}, "model_info": {{modelInfo}}}]}""";

        var prices = LiteLLMModelPrices.Parse(json);

        Assert.Empty(prices.Prices);
        Assert.Equal(expected, prices.Deployments["team-model"]);
        Assert.Equal(expected, prices.Deployments["TEAM-MODEL"]);
        Assert.Empty(prices.Warnings);
    }

    [Fact]
    public void Parse_DeploymentWithoutPricesNamedAsItsModel_IsNotMapped()
    {
        const string Json = """{"data": [{"model_name": "gpt-4o", "litellm_params": {"model": "GPT-4o"}, "model_info": {}}]}""";

        var prices = LiteLLMModelPrices.Parse(Json);

        Assert.Empty(prices.Prices);
        Assert.Empty(prices.Deployments);
        Assert.Empty(prices.Warnings);
    }

    [Fact]
    public void Parse_DeploymentWithoutPricesOrModel_StaysUnpricedWithAWarning()
    {
        const string Json = """{"data": [{"model_name": "mystery", "litellm_params": {"api_base": "x"}, "model_info": {"id": "1"}}]}""";

        var prices = LiteLLMModelPrices.Parse(Json);

        Assert.Empty(prices.Prices);
        Assert.Empty(prices.Deployments);
        var warning = Assert.Single(prices.Warnings);
        Assert.Contains("'mystery'", warning, StringComparison.Ordinal);
        Assert.Contains("unpriced", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralDeploymentsWithTheSamePrices_OnePriceNoWarning()
    {
        var json = $$"""{"data": [{{PricedAzureDeployment}}, {{PricedAzureDeployment.Replace("eastus", "westeurope", StringComparison.Ordinal)}}]}""";

        var prices = LiteLLMModelPrices.Parse(json);

        Assert.Single(prices.Prices);
        Assert.Empty(prices.Warnings);
        Assert.Equal(2, prices.DeploymentCount);
    }

    [Fact]
    public void Parse_SeveralDeploymentsWithDifferentPrices_FirstIsUsedWithAWarning()
    {
        const string Json = """
            {"data": [
              {"model_name": "balanced", "litellm_params": {"model": "openai/gpt-4o"}, "model_info": {"input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05}},
              {"model_name": "Balanced", "litellm_params": {"model": "azure/gpt-4o"}, "model_info": {"input_cost_per_token": 2.75e-06, "output_cost_per_token": 1.1e-05}},
              {"model_name": "balanced", "litellm_params": {"model": "azure/gpt-4o-eu"}, "model_info": {"input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05}}
            ]}
            """;

        var prices = LiteLLMModelPrices.Parse(Json);

        var price = Assert.Single(prices.Prices);
        Assert.Equal("balanced", price.Id);
        Assert.Equal(0.0000025m, price.Rates["input_cost_per_token"]);
        var warning = Assert.Single(prices.Warnings);
        Assert.Contains("'balanced' has 3 priced deployments and 1 differ from the first; the first listed is used", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PricedAndUnpricedDeploymentsOfOneName_PricedOneWinsWithAWarning()
    {
        const string Json = """
            {"data": [
              {"model_name": "mixed", "litellm_params": {"model": "hosted_vllm/llama"}, "model_info": {}},
              {"model_name": "mixed", "litellm_params": {"model": "openai/gpt-4o"}, "model_info": {"input_cost_per_token": 2.5e-06}}
            ]}
            """;

        var prices = LiteLLMModelPrices.Parse(Json);

        Assert.Equal(0.0000025m, Assert.Single(prices.Prices).Rates["input_cost_per_token"]);
        Assert.Empty(prices.Deployments);
        Assert.Contains("1 deployment(s) without prices besides priced ones", Assert.Single(prices.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnpricedDeploymentsNamingDifferentModels_FirstIsUsedWithAWarning()
    {
        const string Json = """
            {"data": [
              {"model_name": "llama", "litellm_params": {"model": "hosted_vllm/llama-3-70b"}},
              {"model_name": "llama", "litellm_params": {"model": "together_ai/llama-3-70b"}}
            ]}
            """;

        var prices = LiteLLMModelPrices.Parse(Json);

        Assert.Equal("hosted_vllm/llama-3-70b", prices.Deployments["llama"]);
        Assert.Contains("name 2 different models", Assert.Single(prices.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MalformedPrice_SkipsThatDeploymentNamingModelAndField()
    {
        const string Json = """
            {"data": [
              {"model_name": "bad", "litellm_params": {"model": "openai/gpt-4o"}, "model_info": {"input_cost_per_token": -2.5e-06}},
              {"model_name": "good", "litellm_params": {"model": "openai/gpt-4o"}, "model_info": {"input_cost_per_token": 2.5e-06}}
            ]}
            """;

        var prices = LiteLLMModelPrices.Parse(Json);

        Assert.Equal("good", Assert.Single(prices.Prices).Id);
        var warning = Assert.Single(prices.Warnings);
        Assert.Contains("'bad' (entry 1) has malformed prices and is skipped", warning, StringComparison.Ordinal);
        Assert.Contains("input_cost_per_token", warning, StringComparison.Ordinal);
    }
}
