namespace UsageAnalytics.Pricing;

/// <summary>Model-info answers of every shape a proxy (or something in front of it) may send.</summary>
public sealed class LiteLLMModelPricesShapeTests
{
    [Theory]
    [InlineData("""{"data": []}""")]
    [InlineData("""[]""")]
    [InlineData("""{"data": [], "total": 0, "unknown": {"a": 1}}""")]
    public void Parse_NoDeployment_GivesAnEmptyResult(string json)
    {
        var prices = LiteLLMModelPrices.Parse(json);

        Assert.Empty(prices.Prices);
        Assert.Empty(prices.Deployments);
        Assert.Empty(prices.Warnings);
        Assert.Equal(0, prices.DeploymentCount);
    }

    [Fact]
    public void Parse_DataNull_GivesAnEmptyResultWithAWarning()
    {
        var prices = LiteLLMModelPrices.Parse("""{"data": null}""");

        Assert.Empty(prices.Prices);
        Assert.Contains("'data' is null", Assert.Single(prices.Warnings), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"detail": "Not Found"}""", "without a 'data' array")]
    [InlineData("""{"data": {"model_name": "x"}}""", "'data' is an object, not an array")]
    [InlineData("""{"data": "[]"}""", "'data' is a string, not an array")]
    [InlineData("\"data\"", "is a string without a 'data' array")]
    [InlineData("<html><body>Login</body></html>", "is not JSON (line 1, byte 1)")]
    [InlineData("""{"data": [""", "is not JSON")]
    [InlineData("", "is not JSON")]
    public void Parse_NotAModelInfoAnswer_ThrowsNamingWhy(string json, string expected)
    {
        var error = Assert.Throws<PriceBookFormatException>(() => LiteLLMModelPrices.Parse(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnusableEntries_AreSkippedWithAWarningEach()
    {
        const string Json = """
            {"data": [
              null,
              42,
              {"litellm_params": {"model": "openai/gpt-4o"}, "model_info": {"input_cost_per_token": 2.5e-06}},
              {"model_name": "", "model_info": {"input_cost_per_token": 2.5e-06}},
              {"model_name": 7},
              {"model_name": "ok", "litellm_params": "not an object", "model_info": [1, 2], "input_cost_per_token": 5}
            ]}
            """;

        var prices = LiteLLMModelPrices.Parse(Json);

        Assert.Empty(prices.Prices);
        Assert.Empty(prices.Deployments);
        Assert.Equal(6, prices.DeploymentCount);
        Assert.Equal(
            [
                "Entry 1 is null, not a deployment; skipped.",
                "Entry 2 is a number, not a deployment; skipped.",
                "Entry 3 has no model_name; skipped.",
                "Entry 4 has no model_name; skipped.",
                "Entry 5 has no model_name; skipped.",
                "Model 'ok' has no prices and names no model (litellm_params.model or model_info.base_model) to price it as; it stays unpriced.",
            ],
            prices.Warnings);
    }

    [Fact]
    public void Parse_WildcardRoute_IsSkippedSilently()
    {
        const string Json = """{"data": [{"model_name": "openai/*", "litellm_params": {"model": "openai/*"}, "model_info": {"input_cost_per_token": 1e-06}}]}""";

        var prices = LiteLLMModelPrices.Parse(Json);

        Assert.Empty(prices.Prices);
        Assert.Empty(prices.Deployments);
        Assert.Empty(prices.Warnings);
    }

    [Fact]
    public void Parse_HostileModelName_IsEscapedInWarnings()
    {
        const string Json = """{"data": [{"model_name": "evil\nWARN forged line", "model_info": {}}]}""";

        var warning = Assert.Single(LiteLLMModelPrices.Parse(Json).Warnings);

        Assert.DoesNotContain('\n', warning);
        Assert.Contains("evil\\nWARN forged line", warning, StringComparison.Ordinal);
    }
}
