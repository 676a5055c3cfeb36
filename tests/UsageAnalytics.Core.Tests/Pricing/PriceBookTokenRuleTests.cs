using UsageAnalytics.Records;
using static UsageAnalytics.Pricing.PricingFixtures;

namespace UsageAnalytics.Pricing;

/// <summary>LiteLLM's token rules (generic_cost_per_token), each with hand-computed decimals.</summary>
public sealed class PriceBookTokenRuleTests
{
    [Fact]
    public void Estimate_Gpt4oWithCachedTokens_BillsCachedTokensOnceAtTheCacheReadRate()
    {
        var row = Row("gpt-4o", prompt: 1000, completion: 200) with { CachedPromptTokens = 400 };

        var estimate = Book.Estimate(row);

        // 600 × 2.5e-6 + 400 × 1.25e-6 + 200 × 1e-5
        Assert.Equal(PriceStatus.Priced, estimate.Status);
        Assert.Equal(0.0015m, estimate.InputCost);
        Assert.Equal(0.0005m, estimate.CacheReadCost);
        Assert.Equal(0.002m, estimate.OutputCost);
        Assert.Equal(0.004m, estimate.ListCost);
        Assert.Equal(0.004m, estimate.Cost);
        Assert.Equal(1m, estimate.Multiplier);
        Assert.Equal("gpt-4o", estimate.ModelId);
        Assert.Equal(PriceMatch.Exact, estimate.Match);
        Assert.Equal(PriceWarnings.None, estimate.Warnings);
        Assert.Equal("USD", estimate.Currency);
    }

    [Fact]
    public void Estimate_AnthropicFiveMinuteAndOneHourWritesAndReads_PricesEachLifetimeAtItsRate()
    {
        var row = Row("claude-sonnet-4-5-20250929", prompt: 10_000, completion: 1000) with
        {
            CachedPromptTokens = 3000,
            CacheWriteTokens = 2000,
            CacheWriteFiveMinuteTokens = 1500,
            CacheWriteOneHourTokens = 500,
        };

        var estimate = Book.Estimate(row);

        // text 10000 − 3000 − 2000 = 5000 × 3e-6; reads 3000 × 3e-7; writes 1500 × 3.75e-6 + 500 × 6e-6; 1000 × 1.5e-5
        Assert.Equal(0.015m, estimate.InputCost);
        Assert.Equal(0.0009m, estimate.CacheReadCost);
        Assert.Equal(0.008625m, estimate.CacheWriteCost);
        Assert.Equal(0.015m, estimate.OutputCost);
        Assert.Equal(0.039525m, estimate.Cost);
        Assert.Equal(PriceWarnings.None, estimate.Warnings);
    }

    [Fact]
    public void Estimate_CacheWritesWithoutSplit_AreFiveMinuteWrites()
    {
        var row = Row("claude-sonnet-4-5-20250929", prompt: 10_000, completion: 1000) with { CachedPromptTokens = 3000, CacheWriteTokens = 2000 };

        var estimate = Book.Estimate(row);

        Assert.Equal(0.0075m, estimate.CacheWriteCost); // 2000 × 3.75e-6
        Assert.Equal(0.0384m, estimate.Cost);
        Assert.Equal(PriceWarnings.None, estimate.Warnings);
    }

    [Fact]
    public void Estimate_SplitCoversFewerTokensThanWritten_BillsOnlyTheSplitAndWarns()
    {
        var row = Row("claude-sonnet-4-5-20250929", prompt: 10_000, completion: 1000) with
        {
            CacheWriteTokens = 2000,
            CacheWriteFiveMinuteTokens = 1500,
        };

        var estimate = Book.Estimate(row);

        // LiteLLM bills the split only: 1500 × 3.75e-6; the other 500 written tokens are billed nothing.
        Assert.Equal(0.005625m, estimate.CacheWriteCost);
        Assert.Equal(0.024m, estimate.InputCost); // 8000 × 3e-6
        Assert.Equal(PriceWarnings.CacheWriteSplitIncomplete, estimate.Warnings);
    }

    [Fact]
    public void Estimate_OneHourWritesWithoutAOneHourRate_BillsThemNothingAndWarns()
    {
        var row = Row("claude-old-20240229", prompt: 1000, completion: 10) with
        {
            CacheWriteTokens = 500,
            CacheWriteFiveMinuteTokens = 0,
            CacheWriteOneHourTokens = 500,
        };

        var estimate = Book.Estimate(row);

        Assert.Equal(0m, estimate.CacheWriteCost);
        Assert.Equal(0.0015m, estimate.InputCost); // 500 × 3e-6
        Assert.Equal(0.00015m, estimate.OutputCost);
        Assert.Equal(PriceWarnings.OneHourCacheWriteUnpriced, estimate.Warnings);
    }

    [Fact]
    public void Estimate_CacheReadsAndWritesWithoutRates_BillsThemNothingAndWarnsForEach()
    {
        var row = Row("gpt-nocache", prompt: 1000, completion: 100) with { CachedPromptTokens = 300, CacheWriteTokens = 200 };

        var estimate = Book.Estimate(row);

        Assert.Equal(0.001m, estimate.InputCost); // 500 × 2e-6
        Assert.Equal(0m, estimate.CacheReadCost);
        Assert.Equal(0m, estimate.CacheWriteCost);
        Assert.Equal(0.0018m, estimate.Cost);
        Assert.Equal(PriceWarnings.CacheReadUnpriced | PriceWarnings.CacheWriteUnpriced, estimate.Warnings);
    }

    [Fact]
    public void Estimate_ReasoningRatePresent_BillsReasoningTokensAtIt()
    {
        var row = Row("o-reason", prompt: 100, completion: 1000) with { ReasoningTokens = 600 };

        var estimate = Book.Estimate(row);

        Assert.Equal(0.0001m, estimate.InputCost);
        Assert.Equal(0.0016m, estimate.OutputCost); // 400 × 4e-6
        Assert.Equal(0.0048m, estimate.ReasoningCost); // 600 × 8e-6
        Assert.Equal(0.0065m, estimate.Cost);
    }

    [Fact]
    public void Estimate_ReasoningRateAbsent_BillsReasoningTokensAtTheOutputRate()
    {
        var row = Row("gpt-half", prompt: 100, completion: 1000) with { ReasoningTokens = 600 };

        var estimate = Book.Estimate(row);

        Assert.Equal(0.0032m, estimate.OutputCost); // 400 × 8e-6
        Assert.Equal(0.0048m, estimate.ReasoningCost); // 600 × 8e-6
        Assert.Equal(0.0082m, estimate.Cost);
    }

    [Fact]
    public void Estimate_ReasoningAboveCompletion_BillsEveryReasoningTokenAndWarns()
    {
        var row = Row("o-reason", prompt: 0, completion: 100) with { ReasoningTokens = 150 };

        var estimate = Book.Estimate(row);

        // LiteLLM: max(0, 100 − 150) = 0 text tokens, and all 150 reasoning tokens × 8e-6 (no clamp to the completion).
        Assert.Equal(0m, estimate.OutputCost);
        Assert.Equal(0.0012m, estimate.ReasoningCost);
        Assert.Equal(0.0012m, estimate.Cost);
        Assert.Equal(PriceWarnings.TokenCountsClamped, estimate.Warnings);
    }

    [Fact]
    public void Estimate_CachedPlusWritesAbovePrompt_ClampsTextTokensAndWarns()
    {
        var row = Row("gpt-4o", prompt: 100, completion: 0) with { CachedPromptTokens = 80, CacheWriteTokens = 40 };

        var estimate = Book.Estimate(row);

        Assert.Equal(0m, estimate.InputCost);
        Assert.Equal(0.0001m, estimate.CacheReadCost); // 80 × 1.25e-6
        Assert.True(estimate.Warnings.HasFlag(PriceWarnings.TokenCountsClamped));
    }

    [Fact]
    public void Estimate_NegativeTokens_CountAsZeroAndWarn()
    {
        var estimate = Book.Estimate(Row("gpt-4o", prompt: -5, completion: 10));

        Assert.Equal(0.0001m, estimate.Cost);
        Assert.Equal(PriceWarnings.TokenCountsClamped, estimate.Warnings);
    }

    [Fact]
    public void Estimate_At200000PromptTokens_StaysBelowTheThreshold()
    {
        var estimate = Book.Estimate(Row("claude-sonnet-4-5-20250929", prompt: 200_000, completion: 1000));

        Assert.Equal(0.6m, estimate.InputCost); // 200000 × 3e-6
        Assert.Equal(0.015m, estimate.OutputCost); // 1000 × 1.5e-5
        Assert.Equal(0.615m, estimate.Cost);
    }

    [Fact]
    public void Estimate_At200001PromptTokens_SwitchesEveryRateOutputIncluded()
    {
        var estimate = Book.Estimate(Row("claude-sonnet-4-5-20250929", prompt: 200_001, completion: 1000));

        Assert.Equal(1.200006m, estimate.InputCost); // 200001 × 6e-6
        Assert.Equal(0.0225m, estimate.OutputCost); // 1000 × 2.25e-5
        Assert.Equal(1.222506m, estimate.Cost);
    }

    [Fact]
    public void Estimate_AboveThresholdWithCache_SwitchesCacheRatesToo()
    {
        var row = Row("claude-sonnet-4-5-20250929", prompt: 200_001, completion: 1000) with
        {
            CachedPromptTokens = 1000,
            CacheWriteTokens = 1000,
            CacheWriteFiveMinuteTokens = 500,
            CacheWriteOneHourTokens = 500,
        };

        var estimate = Book.Estimate(row);

        Assert.Equal(1.188006m, estimate.InputCost); // 198001 × 6e-6
        Assert.Equal(0.0006m, estimate.CacheReadCost); // 1000 × 6e-7
        Assert.Equal(0.00975m, estimate.CacheWriteCost); // 500 × 7.5e-6 + 500 × 1.2e-5
        Assert.Equal(1.220856m, estimate.Cost);
    }

    [Theory]
    [InlineData("xai/grok-4-fast-reasoning", null, 128_000, "0.0522")] // xAI: >= 128000 → 128000 × 4e-7 + 1000 × 1e-6
    [InlineData("xai/grok-4-fast-reasoning", null, 127_999, "0.0260998")] // 127999 × 2e-7 + 1000 × 5e-7
    [InlineData("other/strict-128k", null, 128_000, "0.0261")] // others: > 128000 only
    [InlineData("other/strict-128k", null, 128_001, "0.0522004")] // 128001 × 4e-7 + 1000 × 1e-6
    [InlineData("other/strict-128k", "xai", 128_000, "0.0522")] // the record's provider is xAI: inclusive
    public void Estimate_ThresholdAtExactlyN_IsInclusiveForXaiOnly(string model, string? provider, long prompt, string expected)
    {
        var estimate = Book.Estimate(Row(model, prompt: prompt, completion: 1000, provider: provider));

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), estimate.Cost);
    }

    [Theory]
    [InlineData(256_000, "0.0132")] // first tier: 256000 × 5e-8 + 1000 × 4e-7
    [InlineData(256_001, "0.06600025")] // second tier for the whole request: 256001 × 2.5e-7 + 1000 × 2e-6
    [InlineData(1_000_001, "0.25200025")] // above the last range: the last tier
    [InlineData(1, "0.00040005")] // 1 × 5e-8 + 1000 × 4e-7
    public void Estimate_TieredPricing_PicksOneTierForTheWholeRequest(long prompt, string expected)
    {
        var estimate = Book.Estimate(Row("dashscope/qwen-flash", prompt: prompt, completion: 1000));

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), estimate.Cost);
    }

    [Fact]
    public void Estimate_TieredPricingCacheReads_UseTheTierRateElseTheTierInputRate()
    {
        var low = Book.Estimate(Row("dashscope/qwen-coder", prompt: 10_000, completion: 100) with { CachedPromptTokens = 4000 });
        var high = Book.Estimate(Row("dashscope/qwen-coder", prompt: 40_000, completion: 100) with { CachedPromptTokens = 4000 });

        Assert.Equal(0.0004m, low.CacheReadCost); // 4000 × 1e-7
        Assert.Equal(0.0069m, low.Cost); // 6000 × 1e-6 + 0.0004 + 100 × 5e-6
        Assert.Equal(0.0072m, high.CacheReadCost); // no tier cache rate: 4000 × 1.8e-6
        Assert.Equal(PriceWarnings.None, high.Warnings);
    }

    [Fact]
    public void Estimate_TieredReasoning_UsesTheTierReasoningRate()
    {
        var estimate = Book.Estimate(Row("dashscope/qwen-plus", prompt: 1000, completion: 500) with { ReasoningTokens = 200 });

        Assert.Equal(0.0004m, estimate.InputCost); // 1000 × 4e-7
        Assert.Equal(0.00036m, estimate.OutputCost); // 300 × 1.2e-6
        Assert.Equal(0.0008m, estimate.ReasoningCost); // 200 × 4e-6
    }

    [Fact]
    public void Estimate_FreeModel_IsPricedAtZero()
    {
        var estimate = Book.Estimate(Row("free-model", prompt: 1000, completion: 1000));

        Assert.Equal(PriceStatus.Priced, estimate.Status);
        Assert.Equal(0m, estimate.Cost);
    }

    [Theory]
    [InlineData(128_000, "0.12801")] // no threshold crossed: 128000 × 1e-6 + 10 × 1e-6
    [InlineData(150_000, "0.30001")] // above 128k only: 150000 × 2e-6 + 10 × 1e-6 (no above-threshold output key: output unchanged)
    [InlineData(250_000, "0.75001")] // the largest threshold crossed wins: 250000 × 3e-6 + 10 × 1e-6
    public void Estimate_SeveralThresholds_UseTheLargestOneCrossed(long prompt, string expected)
    {
        var estimate = Book.Estimate(Row("multi-th", prompt: prompt, completion: 10));

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), estimate.Cost);
    }
}
