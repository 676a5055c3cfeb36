using static UsageAnalytics.Pricing.PriceBookProviderRuleTests;

namespace UsageAnalytics.Pricing;

/// <summary>
/// <see cref="PriceWarnings.ProviderMismatch"/> (LiteLLM's <c>_check_provider_match</c>) and reading
/// <c>provider_specific_entry</c> into <see cref="ModelPrice.ProviderMultipliers"/>.
/// </summary>
public sealed class PriceBookProviderMatchTests
{
    private const string Json = """
        {
          "gpt-4o": { "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "litellm_provider": "openai", "mode": "chat" },
          "claude-3-5-sonnet": { "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05, "litellm_provider": "anthropic" },
          "vertex_ai/claude-y@20250219": { "input_cost_per_token": 5e-06, "output_cost_per_token": 6e-06, "litellm_provider": "vertex_ai-anthropic_models" },
          "gemini-x": { "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "litellm_provider": "vertex_ai-language-models" },
          "amazon.nova-x": { "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "litellm_provider": "bedrock_converse" },
          "fireworks_ai/embed-x": { "input_cost_per_token": 1e-06, "output_cost_per_token": 0, "litellm_provider": "fireworks_ai-embedding-models" },
          "free-model": { "input_cost_per_token": 0, "output_cost_per_token": 0, "litellm_provider": "openrouter" },
          "my-model": { "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06 }
        }
        """;

    private static readonly PriceBook Book = PriceBook.Parse(Json);

    [Fact]
    public void Estimate_OpenRouterRowPricedAtOpenAisEntry_KeepsTheEstimateAndWarns()
    {
        var estimate = Book.Estimate(Row("gpt-4o", prompt: 10, completion: 20, provider: "openrouter"));

        // 10 × 2.5e-6 + 20 × 1e-5, from an entry LiteLLM would reject for an openrouter call.
        Assert.Equal(PriceStatus.Priced, estimate.Status);
        Assert.Equal(PriceMatch.Exact, estimate.Match);
        Assert.Equal(0.000225m, estimate.Cost);
        Assert.Equal(PriceWarnings.ProviderMismatch, estimate.Warnings);
    }

    [Theory]
    [InlineData("gpt-4o", "openrouter", true)]
    [InlineData("gpt-4o", "openai", false)]
    [InlineData("gpt-4o", " OpenAI ", false)] // names ignore case and spaces
    [InlineData("gpt-4o", null, false)] // the record's provider is unknown
    [InlineData("gpt-4o", "azure", true)]
    [InlineData("gpt-4o", "azure_ai", false)] // azure_ai may use azure and openai entries
    [InlineData("gpt-4o", "litellm_proxy", false)]
    [InlineData("gpt-4o", "github", false)]
    [InlineData("claude-3-5-sonnet", "bedrock", true)]
    [InlineData("vertex_ai/claude-y@20250219", "vertex_ai", false)] // vertex_ai and any vertex_ai-… entry
    [InlineData("gemini-x", "vertex_ai", false)]
    [InlineData("gemini-x", "gemini", true)] // LiteLLM does not treat gemini as vertex_ai
    [InlineData("amazon.nova-x", "bedrock", false)] // bedrock… and bedrock…
    [InlineData("fireworks_ai/embed-x", "fireworks_ai", false)]
    [InlineData("free-model", "openai", true)]
    [InlineData("my-model", "openrouter", false)] // the entry states no provider
    public void Estimate_ProviderOfRecordAndEntry_WarnsOnlyWhenLiteLLMWouldRejectTheEntry(string model, string? provider, bool mismatch)
    {
        var estimate = Book.Estimate(Row(model, prompt: 100, completion: 10, provider: provider));

        Assert.Equal(PriceStatus.Priced, estimate.Status);
        Assert.Equal(mismatch ? PriceWarnings.ProviderMismatch : PriceWarnings.None, estimate.Warnings);
    }

    [Theory]
    [InlineData(null, false)] // a dated price without a provider keeps its model's: openai
    [InlineData("azure", true)] // the dated price in force names another provider
    public void Estimate_DatedPrice_ComparesTheProviderOfThePriceInForce(string? datedProvider, bool mismatch)
    {
        var book = Book.WithPrices([new ModelPrice
        {
            Id = "gpt-4o",
            Provider = datedProvider,
            EffectiveFrom = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Rates = new Dictionary<string, decimal> { ["input_cost_per_token"] = 0.000001m, ["output_cost_per_token"] = 0.000002m },
        }]);

        var estimate = book.Estimate(Row("gpt-4o", prompt: 1000, completion: 100, provider: "openai"));

        // The dated price (in force at 2026-03-01): 1000 × 1e-6 + 100 × 2e-6.
        Assert.Equal(0.0012m, estimate.Cost);
        Assert.Equal(mismatch ? PriceWarnings.ProviderMismatch : PriceWarnings.None, estimate.Warnings);
    }

    [Fact]
    public void Parse_ProviderSpecificEntry_ReadsItsNumericMembers()
    {
        const string json = """
            {
              "claude-z": {
                "input_cost_per_token": 5e-06, "litellm_provider": "anthropic",
                "provider_specific_entry": { "us": 1.1, "fast": 6.0, "schema": "titan_v2", "nested": { "a": 1 }, "none": null }
              },
              "titan-z": { "input_cost_per_token": 1e-07, "provider_specific_entry": "titan_v2" },
              "plain-z": { "input_cost_per_token": 1e-07 }
            }
            """;

        var book = PriceBook.Parse(json);

        var multipliers = book.FindModel("claude-z")!.ProviderMultipliers;
        Assert.Equal(2, multipliers.Count);
        Assert.Equal(1.1m, multipliers["us"]);
        Assert.Equal(6.0m, multipliers["fast"]);
        Assert.Empty(book.FindModel("titan-z")!.ProviderMultipliers);
        Assert.Empty(book.FindModel("plain-z")!.ProviderMultipliers);
    }

    [Fact]
    public void Parse_NegativeProviderMultiplier_ThrowsNamingTheField()
    {
        const string json = """{ "claude-z": { "input_cost_per_token": 5e-06, "provider_specific_entry": { "fast": -2 } } }""";

        var error = Assert.Throws<PriceBookFormatException>(() => PriceBook.Parse(json));

        Assert.Contains("claude-z", error.Message, StringComparison.Ordinal);
        Assert.Contains("provider_specific_entry.fast", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NegativeOrNullProviderMultipliers_Throws()
    {
        var negative = new ModelPrice { Id = "m", ProviderMultipliers = new Dictionary<string, decimal> { ["us"] = -1m } };
        var missing = new ModelPrice { Id = "m", ProviderMultipliers = null! };

        var negativeError = Assert.Throws<ArgumentException>(() => PriceBook.Create([negative]));
        var missingError = Assert.Throws<ArgumentException>(() => PriceBook.Create([missing]));

        Assert.Contains("provider_specific_entry.us", negativeError.Message, StringComparison.Ordinal);
        Assert.Contains("null provider multipliers", missingError.Message, StringComparison.Ordinal);
    }
}
