using UsageAnalytics.LiteLLM;
using UsageAnalytics.Records;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.Pricing;

/// <summary>
/// LiteLLM's full price catalog (2,985 entries, 2026-07-24) and two real spend-log rows from LiteLLM's tests, read from
/// ../shared/data/litellm/; skipped when it is absent.
/// </summary>
public sealed class PriceBookCatalogTests
{
    private const string CatalogFile = "litellm/model_prices_2026-07-24.json";
    private static readonly DateTimeOffset At = new(2026, 7, 24, 0, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<PriceBook> Catalog = new(() => PriceBook.LoadFile(SharedData.PathOf(CatalogFile)));

    [SharedDataFact(CatalogFile)]
    public void LoadFile_FullCatalog_ReadsEveryEntry()
    {
        // Load time is measured in the benchmark project (--pricing), not asserted here.
        var book = PriceBook.LoadFile(SharedData.PathOf(CatalogFile));

        // 2,985 members: sample_spec and last_updated are not entries.
        Assert.Equal(2983, book.Count);
    }

    [SharedDataFact(CatalogFile)]
    public void LoadFile_FullCatalog_HasTheRatesOfTheHandCheckedEntries()
    {
        var book = Catalog.Value;

        var gpt4o = book.FindModel("gpt-4o")!.Rates;
        Assert.Equal(0.0000025m, gpt4o["input_cost_per_token"]);
        Assert.Equal(0.00001m, gpt4o["output_cost_per_token"]);
        Assert.Equal(0.00000125m, gpt4o["cache_read_input_token_cost"]);
        Assert.Equal(0.00000125m, gpt4o["input_cost_per_token_batches"]);
        Assert.Equal(0.000005m, gpt4o["output_cost_per_token_batches"]);
        Assert.Equal(0.00000425m, gpt4o["input_cost_per_token_priority"]);
        Assert.Equal(0.000017m, gpt4o["output_cost_per_token_priority"]);
        Assert.Equal(0.000002125m, gpt4o["cache_read_input_token_cost_priority"]);
        Assert.Contains("input_cost_per_token_flex", book.FindModel("gpt-5")!.Rates.Keys);
        Assert.Contains("input_cost_per_token_priority", book.FindModel("gpt-5")!.Rates.Keys);
        var sonnet = book.FindModel("claude-sonnet-4-5-20250929")!.Rates;
        Assert.Equal(0.00000375m, sonnet["cache_creation_input_token_cost"]);
        Assert.Equal(0.000006m, sonnet["cache_creation_input_token_cost_above_1hr"]);
        Assert.Equal(0.0000003m, sonnet["cache_read_input_token_cost"]);
        Assert.Equal(0.000012m, sonnet["cache_creation_input_token_cost_above_1hr_above_200k_tokens"]);
        var qwen = book.FindModel("dashscope/qwen-flash")!.TieredPricing;
        Assert.Equal([(0L, 256_000L), (256_000L, 1_000_000L)], qwen.Select(t => (t.RangeStart, t.RangeEnd)));
        Assert.Equal(0.0001m, book.FindModel("whisper-1")!.Rates["output_cost_per_second"]);
        Assert.Equal(0.000015m, book.FindModel("tts-1")!.Rates["input_cost_per_character"]);
    }

    [SharedDataFact(CatalogFile)]
    public void Estimate_FullCatalog_GoldExamples()
    {
        var book = Catalog.Value;

        // claude-sonnet-4-5 at 200,001 prompt tokens with 5m and 1h writes: every rate switched.
        var sonnet = book.Estimate(Row("claude-sonnet-4-5-20250929", "anthropic", 200_001, 1000) with
        {
            CachedPromptTokens = 1000, CacheWriteTokens = 1000, CacheWriteFiveMinuteTokens = 500, CacheWriteOneHourTokens = 500,
        });
        Assert.Equal(1.220856m, sonnet.Cost);

        // qwen-flash across its tier boundary, and xAI's inclusive threshold at exactly 128k.
        Assert.Equal(0.0132m, book.Estimate(Row("qwen-flash", "dashscope", 256_000, 1000)).Cost);
        Assert.Equal(0.06600025m, book.Estimate(Row("qwen-flash", "dashscope", 256_001, 1000)).Cost);
        Assert.Equal(0.0522m, book.Estimate(Row("grok-4-fast-reasoning", "xai", 128_000, 1000)).Cost);

        // gpt-4o priority and batch, whisper once per second, tts per character.
        Assert.Equal(0.0068m, book.Estimate(Row("gpt-4o", "openai", 1000, 200, "priority") with { CachedPromptTokens = 400 }).Cost);
        Assert.Equal(0.00225m, book.Estimate(Row("gpt-4o", "openai", 1000, 200, "batch") with { CachedPromptTokens = 400 }).Cost);
        Assert.Equal(0.00605m, book.Estimate(Row("whisper-1", "openai", 0, 0) with { AudioDurationSeconds = 60.5m }).Cost);
        Assert.Equal(0.015m, book.Estimate(Row("tts-1", "openai", 0, 0) with { CharacterCount = 1000 }).Cost);
    }

    [SharedDataFact(CatalogFile)]
    public void Estimate_FullCatalog_ProviderRulesFromReview()
    {
        var book = Catalog.Value;
        var opus = book.FindModel("claude-opus-4-6")!;
        var fast = Row("claude-opus-4-6", "anthropic", 1000, 100) with
        {
            Dimensions = new Dictionary<string, string> { [PriceBook.SpeedDimension] = "fast" },
        };

        // claude-opus-4-6 {input 5e-6, output 2.5e-5, provider_specific_entry {us 1.1, fast 6}}: (0.005 + 0.0025) × 6.
        Assert.Equal(0.000005m, opus.Rates["input_cost_per_token"]);
        Assert.Equal(0.000025m, opus.Rates["output_cost_per_token"]);
        Assert.Equal(6.0m, opus.ProviderMultipliers["fast"]);
        Assert.Equal(1.1m, opus.ProviderMultipliers["us"]);
        Assert.Equal(0.045m, book.Estimate(fast).Cost);

        // xai/grok-4 {3e-6, 1.5e-5}: 1000 × 3e-6 + (500 + 400 reasoning) × 1.5e-5.
        Assert.Equal(0.0165m, book.Estimate(Row("xai/grok-4", null, 1000, 500) with { ReasoningTokens = 400 }).Cost);

        // o3 {2e-6, 8e-6}: reasoning above completion, all of it billed: 1000 × 2e-6 + 300 × 8e-6.
        Assert.Equal(0.0044m, book.Estimate(Row("o3", "openai", 1000, 100) with { ReasoningTokens = 300 }).Cost);

        // An openrouter row priced at OpenAI's gpt-4o: kept, and flagged.
        var openRouter = book.Estimate(Row("gpt-4o", "openrouter", 10, 20));
        Assert.Equal(0.000225m, openRouter.Cost);
        Assert.Equal(PriceWarnings.ProviderMismatch, openRouter.Warnings);
    }

    [SharedDataFact(CatalogFile)]
    public void Estimate_EveryEntryWithTokenRates_PricesASimpleRowInEveryServiceTier()
    {
        var book = Catalog.Value;
        var priced = 0;

        foreach (var price in book.Prices)
        {
            if (!price.Rates.ContainsKey("input_cost_per_token") && !price.Rates.ContainsKey("output_cost_per_token"))
            {
                continue;
            }

            foreach (var tier in new[] { "default", "flex", "priority", "ultrafast", "batch" })
            {
                // No provider: {provider}/{model} would win over the exact id (azure's entry "computer-use-preview").
                var row = Row(price.Id, null, 300_000, 500, tier) with { CachedPromptTokens = 1000, CacheWriteTokens = 500, ReasoningTokens = 100 };

                var estimate = book.Estimate(row);

                Assert.True(estimate.Status == PriceStatus.Priced, $"{price.Id} ({tier}): {estimate.Status}");
                Assert.Equal(price.Id, estimate.ModelId);
                Assert.Equal(PriceMatch.Exact, estimate.Match);
                Assert.True(estimate.Cost >= 0m, price.Id);
                Assert.Equal(estimate.InputCost + estimate.CacheReadCost + estimate.CacheWriteCost + estimate.OutputCost + estimate.ReasoningCost + estimate.AudioCost, estimate.ListCost);
            }

            priced++;
        }

        Assert.True(priced > 2400, $"{priced} entries with token rates.");
    }

    [SharedDataFact("litellm/spend_log_write_payload_openai.json")]
    public void Estimate_RealOpenAiRow_EqualsLiteLLMsSpend()
    {
        if (SharedData.Directory is null || !File.Exists(SharedData.PathOf(CatalogFile)))
        {
            return;
        }

        var entry = SpendLogEntry.Parse(File.ReadAllText(SharedData.PathOf("litellm/spend_log_write_payload_openai.json")));

        var estimate = Catalog.Value.Estimate(entry.ToUsageRecord());

        // gpt-4o, 10 prompt and 20 completion tokens: 10 × 2.5e-6 + 20 × 1e-5 = 0.000225 exactly. LiteLLM summed the same
        // products in binary floating point and recorded 0.00022500000000000002: the difference (2e-20) is the float
        // rounding of its sum, not a price difference.
        Assert.Equal(10, entry.PromptTokens);
        Assert.Equal(20, entry.CompletionTokens);
        Assert.Equal(PriceMatch.Exact, estimate.Match);
        Assert.Equal(0.000225m, estimate.Cost);
        Assert.Equal(0.00022500000000000002m, entry.Spend);
        Assert.True(Math.Abs(entry.Spend - estimate.Cost) < 1e-15m);
    }

    [SharedDataFact("litellm/spend_log_write_payload_anthropic.json")]
    public void Estimate_RealAnthropicRow_EqualsLiteLLMsSpend()
    {
        if (SharedData.Directory is null || !File.Exists(SharedData.PathOf(CatalogFile)))
        {
            return;
        }

        var entry = SpendLogEntry.Parse(File.ReadAllText(SharedData.PathOf("litellm/spend_log_write_payload_anthropic.json")));

        var estimate = Catalog.Value.Estimate(entry.ToUsageRecord());

        // claude-3-7-sonnet-20250219, 2095 prompt and 503 completion tokens; the row's usage_object reports
        // cached_tokens 0 and cache_creation_input_tokens 0, so there is no cache part:
        // 2095 × 3e-6 + 503 × 1.5e-5 = 0.006285 + 0.007545 = 0.01383, which is LiteLLM's spend exactly.
        Assert.Equal(0, entry.CachedPromptTokens);
        Assert.Equal(0, entry.CacheWriteTokens);
        Assert.Equal("claude-3-7-sonnet-20250219", estimate.ModelId);
        Assert.Equal(0.006285m, estimate.InputCost);
        Assert.Equal(0.007545m, estimate.OutputCost);
        Assert.Equal(0.01383m, estimate.Cost);
        Assert.Equal(entry.Spend, estimate.Cost);
    }

    private static UsageRecord Row(string model, string? provider, long prompt, long completion, string? tier = null) => new()
    {
        Timestamp = At,
        Model = model,
        Provider = provider,
        PromptTokens = prompt,
        CompletionTokens = completion,
        Dimensions = tier is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [PriceBook.ServiceTierDimension] = tier },
    };
}
