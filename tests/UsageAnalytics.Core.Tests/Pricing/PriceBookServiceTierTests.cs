using static UsageAnalytics.Pricing.PricingFixtures;

namespace UsageAnalytics.Pricing;

/// <summary>Service tiers from the record's service_tier dimension: _flex, _priority (and fast), batch.</summary>
public sealed class PriceBookServiceTierTests
{
    [Fact]
    public void Estimate_Priority_UsesThePriorityKeys()
    {
        var estimate = Book.Estimate(Row("gpt-4o", prompt: 1000, completion: 200, serviceTier: "priority") with { CachedPromptTokens = 400 });

        Assert.Equal(0.00255m, estimate.InputCost); // 600 × 4.25e-6
        Assert.Equal(0.00085m, estimate.CacheReadCost); // 400 × 2.125e-6
        Assert.Equal(0.0034m, estimate.OutputCost); // 200 × 1.7e-5
        Assert.Equal(0.0068m, estimate.Cost);
        Assert.Equal(PriceWarnings.None, estimate.Warnings);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData(" PRIORITY ")]
    public void Estimate_FastOrAnyCase_IsPriority(string tier)
    {
        var estimate = Book.Estimate(Row("gpt-4o", prompt: 1000, completion: 200, serviceTier: tier) with { CachedPromptTokens = 400 });

        Assert.Equal(0.0068m, estimate.Cost);
    }

    [Fact]
    public void Estimate_PriorityWithoutAPriorityCacheRead_FallsBackToTheBaseKey()
    {
        var estimate = Book.Estimate(Row("gpt-p", prompt: 1000, completion: 100, serviceTier: "priority") with { CachedPromptTokens = 500 });

        Assert.Equal(0.001m, estimate.InputCost); // 500 × 2e-6
        Assert.Equal(0.00005m, estimate.CacheReadCost); // 500 × 1e-7 (base key)
        Assert.Equal(0.0008m, estimate.OutputCost); // 100 × 8e-6
        Assert.Equal(0.00185m, estimate.Cost);
    }

    [Fact]
    public void Estimate_Flex_UsesTheFlexKeysAndTheFlexOutputRateForReasoning()
    {
        var row = Row("gpt-5", prompt: 10_000, completion: 1000, serviceTier: "flex") with { CachedPromptTokens = 2000, ReasoningTokens = 400 };

        var estimate = Book.Estimate(row);

        Assert.Equal(0.005m, estimate.InputCost); // 8000 × 6.25e-7
        Assert.Equal(0.000125m, estimate.CacheReadCost); // 2000 × 6.25e-8
        Assert.Equal(0.003m, estimate.OutputCost); // 600 × 5e-6
        Assert.Equal(0.002m, estimate.ReasoningCost); // output_cost_per_token_flex is there: 400 × 5e-6
        Assert.Equal(0.010125m, estimate.Cost);
    }

    [Fact]
    public void Estimate_FlexOnAModelWithoutFlexKeys_FallsBackToTheStandardRates()
    {
        var estimate = Book.Estimate(Row("gpt-half", prompt: 1000, completion: 100, serviceTier: "flex"));

        Assert.Equal(0.0028m, estimate.Cost); // 1000 × 2e-6 + 100 × 8e-6
        Assert.Equal(PriceWarnings.None, estimate.Warnings);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("auto")]
    [InlineData("standard")]
    [InlineData("")]
    public void Estimate_StandardNames_UseTheBaseKeysWithoutWarning(string tier)
    {
        var estimate = Book.Estimate(Row("gpt-4o", prompt: 1000, completion: 200, serviceTier: tier));

        Assert.Equal(0.0045m, estimate.Cost); // 1000 × 2.5e-6 + 200 × 1e-5
        Assert.Equal(PriceWarnings.None, estimate.Warnings);
    }

    [Fact]
    public void Estimate_UnknownTier_UsesTheBaseKeysAndWarns()
    {
        var estimate = Book.Estimate(Row("gpt-4o", prompt: 1000, completion: 200, serviceTier: "scale"));

        Assert.Equal(0.0045m, estimate.Cost);
        Assert.Equal(PriceWarnings.UnknownServiceTier, estimate.Warnings);
    }

    [Fact]
    public void Estimate_BatchWithBatchRates_BillsEveryPromptTokenAtTheBatchRate()
    {
        var estimate = Book.Estimate(Row("gpt-4o", prompt: 1000, completion: 200, serviceTier: "batch") with { CachedPromptTokens = 400, ReasoningTokens = 50 });

        Assert.Equal(0.00125m, estimate.InputCost); // 1000 × 1.25e-6, cached included
        Assert.Equal(0m, estimate.CacheReadCost);
        Assert.Equal(0.001m, estimate.OutputCost); // 200 × 5e-6, reasoning not split
        Assert.Equal(0m, estimate.ReasoningCost);
        Assert.Equal(0.00225m, estimate.Cost);
    }

    [Fact]
    public void Estimate_BatchWithoutBatchRates_BillsHalfTheStandardRates()
    {
        var estimate = Book.Estimate(Row("gpt-half", prompt: 1000, completion: 200, serviceTier: "batches") with { CachedPromptTokens = 400 });

        Assert.Equal(0.0006m, estimate.InputCost); // 600 × 2e-6 / 2
        Assert.Equal(0.0001m, estimate.CacheReadCost); // 400 × 5e-7 / 2
        Assert.Equal(0.0008m, estimate.OutputCost); // 200 × 8e-6 / 2
        Assert.Equal(0.0015m, estimate.Cost);
    }

    [Fact]
    public void Estimate_BatchCachedTokensWithoutACacheRate_WarnsCacheReadUnpriced()
    {
        var estimate = Book.Estimate(Row("gpt-nocache", prompt: 1000, completion: 0, serviceTier: "batch") with { CachedPromptTokens = 400 });

        Assert.Equal(0.0006m, estimate.Cost); // 600 × 2e-6 / 2
        Assert.Equal(PriceWarnings.CacheReadUnpriced, estimate.Warnings);
    }

    [Theory]
    [InlineData("priority", "1.006005")] // 200001 × 5e-6 (…_above_200k_tokens_priority) + 1000 × 6e-6 (…_above_200k_tokens_priority missing: the threshold key without suffix)
    [InlineData(null, "0.606003")] // 200001 × 3e-6 + 1000 × 6e-6
    [InlineData("flex", "0.606003")] // no flex keys: the standard rates
    public void Estimate_ServiceTierAboveAThreshold_FallsBackToTheThresholdKeyWithoutSuffix(string? tier, string expected)
    {
        var estimate = Book.Estimate(Row("gpt-th", prompt: 200_001, completion: 1000, serviceTier: tier));

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), estimate.Cost);
    }

    [Fact]
    public void Estimate_PriorityBelowTheThreshold_UsesThePriorityRates()
    {
        var estimate = Book.Estimate(Row("gpt-th", prompt: 200_000, completion: 1000, serviceTier: "priority"));

        Assert.Equal(0.404m, estimate.Cost); // 200000 × 2e-6 + 1000 × 4e-6
    }
}
