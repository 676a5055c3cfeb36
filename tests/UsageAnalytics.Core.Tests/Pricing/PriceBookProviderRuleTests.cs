using UsageAnalytics.Records;

namespace UsageAnalytics.Pricing;

/// <summary>
/// LiteLLM's provider-specific rules: xAI's reasoning billing (llms/xai/cost_calculator.py), Anthropic's speed and geo
/// multipliers (llms/anthropic/cost_calculation.py), and reasoning above completion in the generic rule; each with
/// hand-computed decimals (rates copied from LiteLLM's 2026-07-24 catalog where the id exists there).
/// </summary>
public sealed class PriceBookProviderRuleTests
{
    private const string Json = """
        {
          "xai/grok-4": { "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05, "litellm_provider": "xai", "mode": "chat" },
          "xai/grok-tiers": {
            "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "output_cost_per_reasoning_token": 9e-06,
            "input_cost_per_token_priority": 5e-06, "output_cost_per_token_priority": 6e-06, "litellm_provider": "xai"
          },
          "grok-custom": { "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06 },
          "claude-opus-4-6": {
            "input_cost_per_token": 5e-06, "output_cost_per_token": 2.5e-05, "cache_creation_input_token_cost": 6.25e-06,
            "cache_creation_input_token_cost_above_1hr": 1e-05, "cache_read_input_token_cost": 5e-07,
            "litellm_provider": "anthropic", "mode": "chat", "provider_specific_entry": { "us": 1.1, "fast": 6.0 }
          },
          "o3": {
            "input_cost_per_token": 2e-06, "output_cost_per_token": 8e-06, "cache_read_input_token_cost": 5e-07,
            "litellm_provider": "openai", "mode": "chat"
          },
          "fast-openai": {
            "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "input_cost_per_token_priority": 2e-06,
            "output_cost_per_token_priority": 4e-06, "litellm_provider": "openai", "provider_specific_entry": { "us": 1.1, "fast": 6.0 }
          }
        }
        """;

    private static readonly PriceBook Book = PriceBook.Parse(Json);

    [Fact]
    public void Estimate_XaiReasoning_BillsCompletionPlusReasoningAtTheOutputRate()
    {
        var row = Row("xai/grok-4", prompt: 1000, completion: 500) with { ReasoningTokens = 400 };

        var estimate = Book.Estimate(row);

        // xAI's completion excludes reasoning; LiteLLM bills 1000 × 3e-6 + (500 + 400) × 1.5e-5 = 0.003 + 0.0135.
        Assert.Equal(0.003m, estimate.InputCost);
        Assert.Equal(0.0075m, estimate.OutputCost); // 500 × 1.5e-5
        Assert.Equal(0.006m, estimate.ReasoningCost); // 400 × 1.5e-5
        Assert.Equal(0.0165m, estimate.Cost);
        Assert.Equal(PriceWarnings.None, estimate.Warnings);
    }

    [Fact]
    public void Estimate_XaiRecordOnAnEntryWithoutProvider_BillsReasoningOnTopWithoutClamping()
    {
        var row = Row("grok-custom", prompt: 1000, completion: 100, provider: "xai") with { ReasoningTokens = 300 };

        var estimate = Book.Estimate(row);

        // 1000 × 1e-6 + (100 + 300) × 2e-6: reasoning above completion is normal for xAI, not a clamp.
        Assert.Equal(0.0002m, estimate.OutputCost);
        Assert.Equal(0.0006m, estimate.ReasoningCost);
        Assert.Equal(0.0018m, estimate.Cost);
        Assert.Equal(PriceWarnings.None, estimate.Warnings);
    }

    [Fact]
    public void Estimate_XaiWithServiceTierAndReasoningRate_UsesTheStandardOutputRate()
    {
        var row = Row("xai/grok-tiers", prompt: 1000, completion: 100, dimensions: "service_tier=priority") with { ReasoningTokens = 50 };

        var estimate = Book.Estimate(row);

        // xAI's cost_per_token passes no service tier and drops the reasoning split: 1000 × 1e-6 + 150 × 2e-6.
        Assert.Equal(0.0013m, estimate.Cost);
    }

    [Fact]
    public void Estimate_ReasoningAboveCompletion_BillsAllReasoningAsLiteLLMDoes()
    {
        var row = Row("o3", prompt: 1000, completion: 100) with { ReasoningTokens = 300 };

        var estimate = Book.Estimate(row);

        // 1000 × 2e-6 + max(0, 100 − 300) × 8e-6 + 300 × 8e-6 = 0.002 + 0 + 0.0024.
        Assert.Equal(0.002m, estimate.InputCost);
        Assert.Equal(0m, estimate.OutputCost);
        Assert.Equal(0.0024m, estimate.ReasoningCost);
        Assert.Equal(0.0044m, estimate.Cost);
        Assert.Equal(PriceWarnings.TokenCountsClamped, estimate.Warnings);
    }

    [Fact]
    public void Estimate_AnthropicFastSpeed_MultipliesInputAndOutput()
    {
        var row = Row("claude-opus-4-6", prompt: 1000, completion: 100, dimensions: "speed=fast");

        var estimate = Book.Estimate(row);

        // (1000 × 5e-6 + 100 × 2.5e-5) × 6 = (0.005 + 0.0025) × 6.
        Assert.Equal(0.03m, estimate.InputCost);
        Assert.Equal(0.015m, estimate.OutputCost);
        Assert.Equal(0.045m, estimate.ListCost);
        Assert.Equal(0.045m, estimate.Cost);
        Assert.Equal(PriceWarnings.None, estimate.Warnings);
    }

    [Theory]
    [InlineData("speed=fast", "0.045")] // × 6
    [InlineData("speed= FAST ", "0.045")] // ignoring case and spaces
    [InlineData("service_tier=fast", "0.045")] // fast on an Anthropic entry is fast speed, at the standard keys
    [InlineData("service_tier=fast;speed=standard", "0.0075")] // the speed dimension wins
    [InlineData("speed=standard", "0.0075")]
    [InlineData("inference_geo=us", "0.00825")] // × 1.1
    [InlineData("inference_geo=US", "0.00825")] // looked up lower-cased
    [InlineData("inference_geo=global", "0.0075")]
    [InlineData("inference_geo=not_available", "0.0075")]
    [InlineData("inference_geo=eu", "0.0075")] // no multiplier for the geo
    [InlineData("inference_geo=us;speed=fast", "0.0495")] // × 1.1 × 6
    public void Estimate_AnthropicSpeedAndGeo_MultiplyTheStandardCost(string dimensions, string expected)
    {
        var estimate = Book.Estimate(Row("claude-opus-4-6", prompt: 1000, completion: 100, dimensions: dimensions));

        // Standard: 1000 × 5e-6 + 100 × 2.5e-5 = 0.0075.
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), estimate.Cost);
        Assert.Equal(PriceWarnings.None, estimate.Warnings);
    }

    [Fact]
    public void Estimate_AnthropicMultiplierWithCacheAndReasoning_LeavesCachePartsUnscaled()
    {
        var row = Row("claude-opus-4-6", prompt: 3000, completion: 100, dimensions: "speed=fast;inference_geo=us") with
        {
            CachedPromptTokens = 1000, CacheWriteTokens = 500, ReasoningTokens = 40,
        };

        var estimate = Book.Estimate(row);

        // Multiplier 6 × 1.1 = 6.6 on everything but the cache: LiteLLM's (prompt − cache cost) × 6.6 + cache cost.
        Assert.Equal(0.0495m, estimate.InputCost); // 1500 × 5e-6 × 6.6
        Assert.Equal(0.0005m, estimate.CacheReadCost); // 1000 × 5e-7
        Assert.Equal(0.003125m, estimate.CacheWriteCost); // 500 × 6.25e-6
        Assert.Equal(0.0099m, estimate.OutputCost); // 60 × 2.5e-5 × 6.6
        Assert.Equal(0.0066m, estimate.ReasoningCost); // 40 × 2.5e-5 × 6.6
        Assert.Equal(0.069625m, estimate.ListCost);
        Assert.Equal(estimate.InputCost + estimate.CacheReadCost + estimate.CacheWriteCost + estimate.OutputCost + estimate.ReasoningCost, estimate.ListCost);
    }

    [Fact]
    public void Estimate_AnthropicBatch_IsNotMultiplied()
    {
        var row = Row("claude-opus-4-6", prompt: 1000, completion: 100, dimensions: "service_tier=batch;speed=fast");

        var estimate = Book.Estimate(row);

        // batch_cost_calculator: 1000 × 5e-6 / 2 + 100 × 2.5e-5 / 2.
        Assert.Equal(0.00375m, estimate.Cost);
    }

    [Theory]
    [InlineData("speed=fast;inference_geo=us", "0.0012")] // 1000 × 1e-6 + 100 × 2e-6: not an Anthropic entry
    [InlineData("service_tier=fast;speed=fast", "0.0024")] // fast → _priority: 1000 × 2e-6 + 100 × 4e-6
    public void Estimate_NonAnthropicEntry_IgnoresSpeedAndGeo(string dimensions, string expected)
    {
        var estimate = Book.Estimate(Row("fast-openai", prompt: 1000, completion: 100, dimensions: dimensions));

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), estimate.Cost);
    }

    [Fact]
    public void Estimate_CustomPriceWithoutProviderOnAnAnthropicRecord_AppliesItsMultipliers()
    {
        var book = PriceBook.Create([new ModelPrice
        {
            Id = "my-claude",
            Rates = new Dictionary<string, decimal> { ["input_cost_per_token"] = 0.000001m, ["output_cost_per_token"] = 0.000002m },
            ProviderMultipliers = new Dictionary<string, decimal> { ["fast"] = 2m },
        }]);

        var estimate = book.Estimate(Row("my-claude", prompt: 1000, completion: 100, provider: "anthropic", dimensions: "speed=fast"));

        // (1000 × 1e-6 + 100 × 2e-6) × 2.
        Assert.Equal(0.0024m, estimate.Cost);
    }

    internal static UsageRecord Row(string model, long prompt, long completion, string? provider = null, string? dimensions = null) => new()
    {
        RequestId = "req-1",
        Timestamp = PricingFixtures.At,
        Model = model,
        Provider = provider,
        PromptTokens = prompt,
        CompletionTokens = completion,
        Dimensions = (dimensions ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal),
    };
}
