using System.Globalization;
using UsageAnalytics.Pricing;
using UsageAnalytics.Records;

namespace UsageAnalytics.Benchmarks;

/// <summary>
/// The price book and the rows of the pricing benchmarks: LiteLLM's full price file from the team's shared data
/// (<c>../shared/data/litellm/model_prices_2026-07-24.json</c> beside the repository, never copied into it), and a
/// deterministic mix of rows that takes every kind of rule: plain tokens, cached reads, both cache-write lifetimes,
/// reasoning, an <c>_above_200k_tokens</c> threshold crossed, <c>tiered_pricing</c>, flex / priority / batch tiers,
/// audio per second and per character, lookups by provider prefix and by release, and unknown models (one name, and
/// a thousand fine-tune names).
/// </summary>
internal static class PricingData
{
    /// <summary>The shared catalog's path under the directory that holds the repository.</summary>
    public static readonly string CatalogRelative = Path.Combine("shared", "data", "litellm", "model_prices_2026-07-24.json");

    /// <summary>The entries the mix uses, as the 2026-07-24 file has them: the book when the shared data is absent.</summary>
    private const string MixPrices = """
        {
          "gpt-4o-mini": {"litellm_provider": "openai", "input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07, "cache_read_input_token_cost": 7.5e-08,
            "input_cost_per_token_batches": 7.5e-08, "output_cost_per_token_batches": 3e-07, "input_cost_per_token_priority": 2.5e-07, "output_cost_per_token_priority": 1e-06},
          "gpt-4o": {"litellm_provider": "openai", "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-06},
          "gpt-5": {"litellm_provider": "openai", "input_cost_per_token": 1.25e-06, "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-07,
            "input_cost_per_token_flex": 6.25e-07, "output_cost_per_token_flex": 5e-06, "cache_read_input_token_cost_flex": 6.25e-08,
            "input_cost_per_token_priority": 2.5e-06, "output_cost_per_token_priority": 2e-05, "cache_read_input_token_cost_priority": 2.5e-07},
          "o3-mini": {"litellm_provider": "openai", "input_cost_per_token": 1.1e-06, "output_cost_per_token": 4.4e-06, "cache_read_input_token_cost": 5.5e-07},
          "o3-mini-2025-01-31": {"litellm_provider": "openai", "input_cost_per_token": 1.1e-06, "output_cost_per_token": 4.4e-06, "cache_read_input_token_cost": 5.5e-07},
          "claude-sonnet-4-5": {"litellm_provider": "anthropic", "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05, "cache_read_input_token_cost": 3e-07,
            "cache_creation_input_token_cost": 3.75e-06, "cache_creation_input_token_cost_above_1hr": 6e-06, "input_cost_per_token_above_200k_tokens": 6e-06,
            "output_cost_per_token_above_200k_tokens": 2.25e-05, "cache_creation_input_token_cost_above_200k_tokens": 7.5e-06,
            "cache_read_input_token_cost_above_200k_tokens": 6e-07, "cache_creation_input_token_cost_above_1hr_above_200k_tokens": 1.2e-05},
          "gemini/gemini-2.0-flash": {"litellm_provider": "gemini", "input_cost_per_token": 1e-07, "output_cost_per_token": 4e-07, "cache_read_input_token_cost": 2.5e-08},
          "dashscope/qwen-flash": {"litellm_provider": "dashscope", "tiered_pricing": [
            {"input_cost_per_token": 5e-08, "output_cost_per_token": 4e-07, "range": [0, 256000.0]},
            {"input_cost_per_token": 2.5e-07, "output_cost_per_token": 2e-06, "range": [256000.0, 1000000.0]}]},
          "text-embedding-3-small": {"litellm_provider": "openai", "input_cost_per_token": 2e-08, "output_cost_per_token": 0.0},
          "whisper-1": {"litellm_provider": "openai", "input_cost_per_second": 0.0001, "output_cost_per_second": 0.0001},
          "tts-1": {"litellm_provider": "openai", "input_cost_per_character": 1.5e-05}
        }
        """;

    /// <summary>Gets the shared catalog's full path, or null when the shared data is not beside the repository.</summary>
    public static string? FindCatalog()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "UsageAnalytics.sln")))
            {
                var candidate = dir.Parent is { } parent ? Path.Combine(parent.FullName, CatalogRelative) : null;
                return candidate is not null && File.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }

    /// <summary>The full catalog when it is there, else the mix's own entries (the same prices; a smaller dictionary).</summary>
    public static (PriceBook Book, string Source) Book()
    {
        if (FindCatalog() is { } path)
        {
            var book = PriceBook.LoadFile(path);
            return (book, string.Create(CultureInfo.InvariantCulture, $"the full catalog ({book.Count:N0} models)"));
        }

        return (PriceBook.Parse(MixPrices), "the mix's 11 entries (../" + CatalogRelative.Replace('\\', '/') + " not found)");
    }

    /// <summary>Generates the rows: every kind of rule in a realistic proportion, seeded.</summary>
    public static UsageRecord[] Rows(int count, int seed = 7)
    {
        var random = new Random(seed);
        var at = new DateTimeOffset(2026, 7, 24, 12, 0, 0, TimeSpan.Zero);
        var records = new UsageRecord[count];
        for (var i = 0; i < count; i++)
        {
            var prompt = (long)Math.Exp(6.5 + (1.1 * Normal(random)));
            var completion = 1 + (long)Math.Exp(5 + Normal(random));
            var roll = random.Next(100);
            var record = new UsageRecord { Timestamp = at, Provider = "openai", Model = "gpt-4o-mini", PromptTokens = prompt, CompletionTokens = completion };
            records[i] = roll switch
            {
                < 24 => record,
                < 36 => record with { Model = "gpt-4o", CachedPromptTokens = prompt / 2 },
                < 44 => record with
                {
                    Provider = "anthropic",
                    Model = "claude-sonnet-4-5",
                    CachedPromptTokens = prompt / 4,
                    CacheWriteTokens = prompt / 4,
                    CacheWriteFiveMinuteTokens = prompt / 8,
                    CacheWriteOneHourTokens = (prompt / 4) - (prompt / 8),
                },
                < 47 => record with { Provider = "anthropic", Model = "claude-sonnet-4-5", PromptTokens = 200_000 + prompt, CachedPromptTokens = 50_000 },
                < 53 => record with { Model = "o3-mini", ReasoningTokens = completion / 2 },
                < 58 => record with { Model = "gpt-5", ReasoningTokens = completion / 3, Dimensions = Tier(random.Next(2) == 0 ? "flex" : "priority") },
                < 60 => record with { Dimensions = Tier("batch") },
                < 68 => record with { Provider = "gemini", Model = "gemini-2.0-flash" },
                < 71 => record with { Provider = "dashscope", Model = "dashscope/qwen-flash", PromptTokens = random.Next(4) == 0 ? 256_000 + prompt : prompt },
                < 79 => record with { Model = "text-embedding-3-small", CompletionTokens = 0 },
                < 81 => record with { Model = "whisper-1", PromptTokens = 0, CompletionTokens = 0, AudioDurationSeconds = Math.Round((decimal)(random.NextDouble() * 90), 2) },
                < 83 => record with { Model = "tts-1", PromptTokens = 0, CompletionTokens = 0, CharacterCount = 40 + random.Next(900) },
                < 89 => record with { Model = "openai/gpt-4o-mini" },
                < 94 => record with { Model = "o3-mini-2025-01-31" },
                < 97 => record with { Provider = "acme", Model = "my-private-llm" },
                _ => record with { Provider = "acme", Model = "acme-finetune-" + (i % 1000).ToString("D3", CultureInfo.InvariantCulture) },
            };
        }

        return records;
    }

    private static Dictionary<string, string> Tier(string tier) =>
        new(StringComparer.Ordinal) { [PriceBook.ServiceTierDimension] = tier };

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
