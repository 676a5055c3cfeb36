using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using UsageAnalytics.TestSupport;
using Xunit.Abstractions;

namespace UsageAnalytics.LiteLLM;

/// <summary>The token-normalisation rule documented on <see cref="SpendLogTokenRepairs"/>, example by example.</summary>
public sealed class SpendLogTokenNormalisationTests(ITestOutputHelper output)
{
    private const long Max = 1_000_000_000_000L;

    [Fact]
    public void Parse_ThinkingTokensOnlyInTotal_CountsTheDifferenceAsReasoningAndKeepsTheTotal()
    {
        // any-llm issue 1290: Gemini 2.5 Flash, prompt 20, candidates 198, thoughts 405 (not reported), total 623.
        var entry = SpendLogEntry.Parse(Row("""{"prompt_tokens":20,"completion_tokens":198,"total_tokens":623}"""));
        var record = entry.ToUsageRecord();

        Assert.Equal(623, record.TotalTokens);
        Assert.Equal(20, record.PromptTokens);
        Assert.Equal(603, record.CompletionTokens);
        Assert.Equal(405, record.ReasoningTokens);
        Assert.Equal(SpendLogTokenRepairs.TotalAboveSum, entry.TokenRepairs);
        Assert.Equal(623, entry.TotalTokens);
    }

    [Fact]
    public void Parse_ThinkingTokensOnlyInTotalWithReasoningInsideCompletion_AddsTheDifferenceToBoth()
    {
        var entry = SpendLogEntry.Parse(Row(
            """{"prompt_tokens":20,"completion_tokens":500,"total_tokens":900}""",
            """{"completion_tokens_details":{"reasoning_tokens":100}}"""));

        Assert.Equal((20L, 880L, 900L, 480L), (entry.PromptTokens, entry.CompletionTokens, entry.TotalTokens, entry.ReasoningTokens));
        Assert.Equal(SpendLogTokenRepairs.TotalAboveSum, entry.TokenRepairs);
    }

    [Fact]
    public void Parse_ReportedReasoningAboveCompletion_AddsItToTheCompletion()
    {
        // The same Gemini call with thoughtsTokenCount reported as reasoning but left out of the completion.
        var entry = SpendLogEntry.Parse(Row(
            """{"prompt_tokens":20,"completion_tokens":198,"total_tokens":623}""",
            """{"completion_tokens_details":{"reasoning_tokens":405}}"""));

        Assert.Equal((20L, 603L, 623L, 405L), (entry.PromptTokens, entry.CompletionTokens, entry.TotalTokens, entry.ReasoningTokens));
        Assert.Equal(SpendLogTokenRepairs.ReasoningOutsideCompletion, entry.TokenRepairs);
    }

    [Fact]
    public void Parse_ReasoningAboveCompletionAndTotalWithoutIt_AddsItWithoutFlaggingTheTotal()
    {
        // The total agreed with the counts as sent; the only defect is the reasoning left outside the completion.
        var entry = SpendLogEntry.Parse(Row(
            """{"prompt_tokens":50,"completion_tokens":100,"total_tokens":150}""",
            """{"completion_tokens_details":{"reasoning_tokens":300}}"""));

        Assert.Equal((50L, 400L, 450L, 300L), (entry.PromptTokens, entry.CompletionTokens, entry.TotalTokens, entry.ReasoningTokens));
        Assert.Equal(SpendLogTokenRepairs.ReasoningOutsideCompletion, entry.TokenRepairs);
    }

    [Fact]
    public void Parse_TotalAboveSumByExactlyTheReasoningCount_ReadsTheReasoningAsOutsideTheCompletion()
    {
        // Vertex AI: candidatesTokenCount 500 excludes thoughtsTokenCount 300, which totalTokenCount includes.
        var entry = SpendLogEntry.Parse(Row(
            """{"prompt_tokens":20,"completion_tokens":500,"total_tokens":820}""",
            """{"completion_tokens_details":{"reasoning_tokens":300}}"""));

        Assert.Equal((20L, 800L, 820L, 300L), (entry.PromptTokens, entry.CompletionTokens, entry.TotalTokens, entry.ReasoningTokens));
        Assert.Equal(SpendLogTokenRepairs.ReasoningOutsideCompletion, entry.TokenRepairs);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(60)]
    [InlineData(1560)]
    public void Parse_AnthropicRawCacheCounts_AddsReadsAndWritesToThePrompt(long total)
    {
        // Anthropic's input_tokens (10) leaves out both the cache reads and the cache writes.
        var entry = SpendLogEntry.Parse(Row(
            $$"""{"prompt_tokens":10,"completion_tokens":50,"total_tokens":{{total}}}""",
            """{"cache_read_input_tokens":1000,"cache_creation_input_tokens":500}"""));

        Assert.Equal((1510L, 50L, 1560L), (entry.PromptTokens, entry.CompletionTokens, entry.TotalTokens));
        Assert.Equal((1000L, 500L), (entry.CachedPromptTokens, entry.CacheWriteTokens));
        Assert.Equal(SpendLogTokenRepairs.CacheOutsidePrompt, entry.TokenRepairs);
    }

    [Fact]
    public void Parse_AnthropicRawCacheCountsWithPromptAboveTheWrites_StillAddsTheWrites()
    {
        // Reads outside the prompt mean Anthropic's convention, where the writes are outside too, even when the
        // fresh input alone (600) would cover them.
        var entry = SpendLogEntry.Parse(Row(
            """{"prompt_tokens":600,"completion_tokens":50,"total_tokens":650}""",
            """{"cache_read_input_tokens":1000,"cache_creation_input_tokens":500}"""));

        Assert.Equal((2100L, 2150L), (entry.PromptTokens, entry.TotalTokens));
        Assert.Equal(SpendLogTokenRepairs.CacheOutsidePrompt, entry.TokenRepairs);
    }

    [Fact]
    public void Parse_LiteLLMPromptWithReadsButNotWrites_AddsOnlyTheWrites()
    {
        var entry = SpendLogEntry.Parse(Row(
            """{"prompt_tokens":1010,"completion_tokens":50,"total_tokens":1060}""",
            """{"cache_read_input_tokens":1000,"cache_creation_input_tokens":500}"""));

        Assert.Equal((1510L, 50L, 1560L), (entry.PromptTokens, entry.CompletionTokens, entry.TotalTokens));
        Assert.Equal(SpendLogTokenRepairs.CacheOutsidePrompt, entry.TokenRepairs);
    }

    [Fact]
    public void Parse_LiteLLMIssue11364UsageCounts_AddsTheWritesLeftOutOfThePrompt()
    {
        // The usage LiteLLM issue 11364 shows: prompt 30946 = 6 fresh + 30940 cache reads, the 460 writes left out,
        // prompt_tokens_details.cached_tokens 0 beside cache_read_input_tokens 30940.
        var entry = SpendLogEntry.Parse(Row(
            """{"prompt_tokens":30946,"completion_tokens":102,"total_tokens":31048}""",
            """{"prompt_tokens_details":{"audio_tokens":null,"cached_tokens":0},"cache_read_input_tokens":30940,"cache_creation_input_tokens":460,"completion_tokens_details":{"reasoning_tokens":0}}"""));

        Assert.Equal((31406L, 102L, 31508L), (entry.PromptTokens, entry.CompletionTokens, entry.TotalTokens));
        Assert.Equal((30940L, 460L, 0L), (entry.CachedPromptTokens, entry.CacheWriteTokens, entry.ReasoningTokens));
        Assert.Equal(SpendLogTokenRepairs.CacheOutsidePrompt, entry.TokenRepairs);
    }

    [Fact]
    public void Parse_LiteLLMIssue15056UsageCounts_AddsTheCacheWritesToThePrompt()
    {
        var entry = SpendLogEntry.Parse(Row(
            """{"prompt_tokens":31,"completion_tokens":467,"total_tokens":498}""",
            """{"prompt_tokens_details":{"cached_tokens":0},"cache_creation_input_tokens":1253,"cache_read_input_tokens":0}"""));

        Assert.Equal((1284L, 467L, 1751L), (entry.PromptTokens, entry.CompletionTokens, entry.TotalTokens));
        Assert.Equal(SpendLogTokenRepairs.CacheOutsidePrompt, entry.TokenRepairs);
    }

    [Fact]
    public void Parse_CacheWriteOnlyInPromptTokensDetails_IsRead()
    {
        var entry = SpendLogEntry.Parse(Row(
            """{"prompt_tokens":2000,"completion_tokens":10,"total_tokens":2010}""",
            """{"prompt_tokens_details":{"cached_tokens":1200,"cache_creation_tokens":700}}"""));

        Assert.Equal((1200L, 700L, 2000L), (entry.CachedPromptTokens, entry.CacheWriteTokens, entry.PromptTokens));
        Assert.Equal(SpendLogTokenRepairs.None, entry.TokenRepairs);
    }

    [Fact]
    public void Parse_ConsistentOpenAiRow_IsKeptAsSentWithoutFlags()
    {
        var entry = SpendLogEntry.Parse(Row(
            """{"prompt_tokens":1000,"completion_tokens":500,"total_tokens":1500}""",
            """{"prompt_tokens_details":{"cached_tokens":400},"completion_tokens_details":{"reasoning_tokens":120}}"""));

        Assert.Equal((1000L, 500L, 1500L), (entry.PromptTokens, entry.CompletionTokens, entry.TotalTokens));
        Assert.Equal((400L, 0L, 120L), (entry.CachedPromptTokens, entry.CacheWriteTokens, entry.ReasoningTokens));
        Assert.Equal(SpendLogTokenRepairs.None, entry.TokenRepairs);
    }

    [Theory]
    [InlineData("""{"prompt_tokens":100,"completion_tokens":50,"total_tokens":0}""")]
    [InlineData("""{"prompt_tokens":100,"completion_tokens":50}""")]
    [InlineData("""{"prompt_tokens":100,"completion_tokens":50,"total_tokens":null}""")]
    public void Parse_TotalUnknown_BecomesPromptPlusCompletionWithoutFlag(string tokens)
    {
        var entry = SpendLogEntry.Parse(Row(tokens));

        Assert.Equal((100L, 50L, 150L), (entry.PromptTokens, entry.CompletionTokens, entry.TotalTokens));
        Assert.Equal(SpendLogTokenRepairs.None, entry.TokenRepairs);
    }

    [Fact]
    public void Parse_TotalBelowSum_KeepsPromptAndCompletionAndFlags()
    {
        var entry = SpendLogEntry.Parse(Row("""{"prompt_tokens":100,"completion_tokens":50,"total_tokens":120}"""));

        Assert.Equal((100L, 50L, 150L), (entry.PromptTokens, entry.CompletionTokens, entry.TotalTokens));
        Assert.Equal(SpendLogTokenRepairs.TotalBelowSum, entry.TokenRepairs);
    }

    [Fact]
    public void Parse_TotalBelowEvenTheSentSumWithCacheOutsidePrompt_FlagsBoth()
    {
        var entry = SpendLogEntry.Parse(Row(
            """{"prompt_tokens":10,"completion_tokens":50,"total_tokens":40}""",
            """{"cache_read_input_tokens":1000}"""));

        Assert.Equal((1010L, 1060L), (entry.PromptTokens, entry.TotalTokens));
        Assert.Equal(SpendLogTokenRepairs.CacheOutsidePrompt | SpendLogTokenRepairs.TotalBelowSum, entry.TokenRepairs);
    }

    [Theory]
    [InlineData("""{"total_tokens":12}""", 12, 0)]
    [InlineData("""{"prompt_tokens":0,"completion_tokens":0,"total_tokens":12}""", 12, 0)]
    [InlineData("""{"completion_tokens":30,"total_tokens":130}""", 100, 30)]
    public void Parse_TotalWithoutPrompt_GivesThePromptCount(string tokens, long prompt, long completion)
    {
        var entry = SpendLogEntry.Parse(Row(tokens));

        Assert.Equal((prompt, completion, prompt + completion), (entry.PromptTokens, entry.CompletionTokens, entry.TotalTokens));
        Assert.Equal(0, entry.ReasoningTokens);
        Assert.Equal(SpendLogTokenRepairs.TotalWithoutPrompt, entry.TokenRepairs);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("\"-5\"")]
    [InlineData("1000000000001")]
    [InlineData("1e400")]
    [InlineData("9223372036854775808")]
    [InlineData("\"many\"")]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("\"\"")]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("[3]")]
    public void Parse_InvalidCompletionCount_IsReadAsZeroAndFlagged(string value)
    {
        var entry = SpendLogEntry.Parse(Row($$"""{"prompt_tokens":100,"completion_tokens":{{value}},"total_tokens":100}"""));

        Assert.Equal((100L, 0L, 100L), (entry.PromptTokens, entry.CompletionTokens, entry.TotalTokens));
        Assert.Equal(SpendLogTokenRepairs.InvalidCount, entry.TokenRepairs);
    }

    [Theory]
    [InlineData("""{"prompt_tokens_details":{"cached_tokens":-1}}""", 0)]
    [InlineData("""{"cache_read_input_tokens":"lots"}""", 0)]
    [InlineData("""{"cache_read_input_tokens":false}""", 0)]
    [InlineData("""{"prompt_tokens_details":{"cached_tokens":-1},"cache_read_input_tokens":40}""", 40)]
    public void Parse_InvalidCacheCountInMetadata_IsFlaggedAndTheNextSourceUsed(string usage, long cached)
    {
        var entry = SpendLogEntry.Parse(Row("""{"prompt_tokens":100,"completion_tokens":50,"total_tokens":150}""", usage));

        Assert.Equal(cached, entry.CachedPromptTokens);
        Assert.Equal((100L, 150L), (entry.PromptTokens, entry.TotalTokens));
        Assert.Equal(SpendLogTokenRepairs.InvalidCount, entry.TokenRepairs);
    }

    [Theory]
    [InlineData("""{"prompt_tokens_details":null,"completion_tokens_details":null}""")]
    [InlineData("""{"prompt_tokens_details":{"cached_tokens":null,"audio_tokens":null},"cache_read_input_tokens":null}""")]
    [InlineData("""{"prompt_tokens_details":{"cached_tokens":"40"}}""")]
    [InlineData("""{"prompt_tokens_details":{"cached_tokens":40.0}}""")]
    public void Parse_NullOrNumericStringCountsInMetadata_AreNotRepairs(string usage)
    {
        var entry = SpendLogEntry.Parse(Row("""{"prompt_tokens":100,"completion_tokens":50,"total_tokens":150}""", usage));

        Assert.Equal((100L, 150L), (entry.PromptTokens, entry.TotalTokens));
        Assert.Equal(usage.Contains("40", StringComparison.Ordinal) ? 40 : 0, entry.CachedPromptTokens);
        Assert.Equal(SpendLogTokenRepairs.None, entry.TokenRepairs);
    }

    [Fact]
    public void Parse_InvalidPromptWithTotal_RecoversThePromptFromTheTotal()
    {
        var entry = SpendLogEntry.Parse(Row("""{"prompt_tokens":-1,"completion_tokens":20,"total_tokens":120}"""));

        Assert.Equal((100L, 20L, 120L), (entry.PromptTokens, entry.CompletionTokens, entry.TotalTokens));
        Assert.Equal(SpendLogTokenRepairs.InvalidCount | SpendLogTokenRepairs.TotalWithoutPrompt, entry.TokenRepairs);
    }

    [Fact]
    public void Parse_EveryCountAtTheLimit_StaysWithinTheDocumentedBounds()
    {
        var entry = SpendLogEntry.Parse(Row(
            $$"""{"prompt_tokens":0,"completion_tokens":0,"total_tokens":{{Max}}}""",
            $$$"""{"cache_read_input_tokens":{{{Max}}},"cache_creation_input_tokens":{{{Max}}},"completion_tokens_details":{"reasoning_tokens":{{{Max}}}}}"""));

        Assert.Equal((2 * Max, Max, 3 * Max), (entry.PromptTokens, entry.CompletionTokens, entry.TotalTokens));
        Assert.Equal(SpendLogTokenRepairs.CacheOutsidePrompt | SpendLogTokenRepairs.ReasoningOutsideCompletion | SpendLogTokenRepairs.TotalBelowSum, entry.TokenRepairs);
    }

    [Fact]
    public void NormaliseTokens_LargestInputs_NeverExceedTheDocumentedBounds()
    {
        var worst = SpendLogParser.NormaliseTokens(Max, Max, Max, Max, Max, Max, SpendLogTokenRepairs.None);
        var readsOutside = SpendLogParser.NormaliseTokens(Max - 1, Max - 1, 0, Max, Max, Max, SpendLogTokenRepairs.None);

        Assert.True(worst.Prompt <= 3 * Max && worst.Completion <= 2 * Max && worst.Total <= 5 * Max);
        Assert.Equal((Max - 1 + (2 * Max), (Max - 1) + Max), (readsOutside.Prompt, readsOutside.Completion));
        Assert.True(readsOutside.Total <= 5 * Max);
    }

    [Fact]
    public void NormaliseTokens_EverySmallCombination_SatisfiesTheInvariantsAndNeverLowersACount()
    {
        long[] values = [0, 1, 2, 3, 5, 8];
        var checkedRows = 0;
        foreach (var p in values)
        {
            foreach (var c in values)
            {
                foreach (var t in (long[])[.. values, p + c, p + c + 1, 20])
                {
                    foreach (var cached in values)
                    {
                        foreach (var write in values)
                        {
                            foreach (var r in values)
                            {
                                var result = SpendLogParser.NormaliseTokens(p, c, t, cached, write, r, SpendLogTokenRepairs.None);
                                AssertNormalised((p, c, t, cached, write, r), result);
                                checkedRows++;
                            }
                        }
                    }
                }
            }
        }

        Assert.Equal(6 * 6 * 9 * 6 * 6 * 6, checkedRows);
    }

    [Fact]
    public void Parse_RandomRowsWithFixedSeed_SatisfyTheInvariantsAndKeepConsistentRows() => RandomRows(20260806);

    [Fact]
    public void Parse_RandomRowsWithRandomSeed_SatisfyTheInvariantsAndKeepConsistentRows()
    {
        var seed = Random.Shared.Next();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"random seed {seed}"));

        RandomRows(seed);
    }

    [SharedDataFact("litellm/spend_log_write_payload_openai.json")]
    public void Parse_RealOpenAiWritePayload_NeedsNoRepair()
    {
        var entry = SpendLogEntry.Parse(File.ReadAllText(SharedData.PathOf("litellm/spend_log_write_payload_openai.json")));

        Assert.Equal((10L, 20L, 30L), (entry.PromptTokens, entry.CompletionTokens, entry.TotalTokens));
        Assert.Equal((0L, 0L, 0L), (entry.CachedPromptTokens, entry.CacheWriteTokens, entry.ReasoningTokens));
        Assert.Equal(SpendLogTokenRepairs.None, entry.TokenRepairs);
    }

    [SharedDataFact("litellm/spend_log_write_payload_anthropic.json")]
    public void Parse_RealAnthropicWritePayload_NeedsNoRepair()
    {
        // Cache counts present but 0 (and completion_tokens_details null): nothing lies outside the prompt.
        var entry = SpendLogEntry.Parse(File.ReadAllText(SharedData.PathOf("litellm/spend_log_write_payload_anthropic.json")));

        Assert.Equal((2095L, 503L, 2598L), (entry.PromptTokens, entry.CompletionTokens, entry.TotalTokens));
        Assert.Equal((0L, 0L, 0L), (entry.CachedPromptTokens, entry.CacheWriteTokens, entry.ReasoningTokens));
        Assert.Equal(SpendLogTokenRepairs.None, entry.TokenRepairs);
    }

    [Fact]
    public void TokenRepairs_EntryBuiltInCode_DefaultsToNone()
    {
        var entry = new SpendLogEntry { RequestId = "r1" };

        Assert.Equal(SpendLogTokenRepairs.None, entry.TokenRepairs);
    }

    private static string Row(string tokens, string? usage = null)
    {
        var row = JsonNode.Parse(tokens)!.AsObject();
        row["request_id"] = "t1";
        row["spend"] = 0.001m;
        row["startTime"] = "2026-08-06T14:30:00Z";
        if (usage is not null)
        {
            row["metadata"] = new JsonObject { ["usage_object"] = JsonNode.Parse(usage) };
        }

        return row.ToJsonString();
    }

    /// <summary>
    /// The laws of the rule on one row: the invariants hold, nothing the proxy sent is lowered (cache counts kept as
    /// sent, prompt, completion, reasoning and total only raised), and a row is unflagged exactly when it was already
    /// consistent, in which case it is unchanged but for a total of 0 becoming prompt + completion.
    /// </summary>
    private static void AssertNormalised(
        (long Prompt, long Completion, long Total, long Cached, long Write, long Reasoning) sent, SpendLogParser.TokenCounts result)
    {
        var context = string.Create(CultureInfo.InvariantCulture, $"{sent} -> {result}");
        Assert.True(result.Total == result.Prompt + result.Completion, context);
        Assert.True(result.CachedPrompt + result.CacheWrite <= result.Prompt, context);
        Assert.True(result.Reasoning <= result.Completion, context);
        Assert.True(result.Prompt <= 3 * Max && result.Completion <= 2 * Max && result.Total <= 5 * Max, context);
        Assert.True((result.CachedPrompt, result.CacheWrite) == (sent.Cached, sent.Write), context);
        Assert.True(result.Prompt >= sent.Prompt && result.Completion >= sent.Completion, context);
        Assert.True(result.Reasoning >= sent.Reasoning && result.Total >= sent.Total, context);

        var consistent = sent.Cached + sent.Write <= sent.Prompt && sent.Reasoning <= sent.Completion
            && (sent.Total == 0 || sent.Total == sent.Prompt + sent.Completion);
        Assert.True(consistent == (result.Repairs == SpendLogTokenRepairs.None), context);
        if (consistent)
        {
            Assert.True(
                (result.Prompt, result.Completion, result.Total, result.Reasoning)
                    == (sent.Prompt, sent.Completion, sent.Prompt + sent.Completion, sent.Reasoning),
                context);
        }
    }

    private static void RandomRows(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 5_000; i++)
        {
            var sent = (Prompt: Count(random), Completion: Count(random), Total: Count(random), Cached: Count(random), Write: Count(random), Reasoning: Count(random));
            if (random.Next(3) == 0)
            {
                // Often a consistent row, the common case that must pass through untouched.
                sent.Cached = Math.Min(sent.Cached, sent.Prompt);
                sent.Write = Math.Min(sent.Write, sent.Prompt - sent.Cached);
                sent.Reasoning = Math.Min(sent.Reasoning, sent.Completion);
                sent.Total = random.Next(2) == 0 || sent.Prompt + sent.Completion > Max ? 0 : sent.Prompt + sent.Completion;
            }

            var invalidField = random.Next(8) == 0 ? random.Next(6) : -1;
            var json = RandomRow(random, sent, invalidField);
            var context = string.Create(CultureInfo.InvariantCulture, $"seed {seed}, row {i}: {json}");

            var entry = SpendLogEntry.Parse(json);
            var record = entry.ToUsageRecord();

            Assert.True(record.TotalTokens == entry.TotalTokens, context);
            Assert.True(
                (record.PromptTokens, record.CompletionTokens, record.CachedPromptTokens, record.CacheWriteTokens, record.ReasoningTokens)
                    == (entry.PromptTokens, entry.CompletionTokens, entry.CachedPromptTokens, entry.CacheWriteTokens, entry.ReasoningTokens),
                context);
            Assert.True(entry.TokenRepairs.HasFlag(SpendLogTokenRepairs.InvalidCount) == invalidField >= 0, context);
            var read = invalidField switch
            {
                0 => sent with { Prompt = 0 },
                1 => sent with { Completion = 0 },
                2 => sent with { Total = 0 },
                3 => sent with { Cached = 0 },
                4 => sent with { Write = 0 },
                5 => sent with { Reasoning = 0 },
                _ => sent,
            };
            var result = new SpendLogParser.TokenCounts(
                entry.PromptTokens, entry.CompletionTokens, entry.TotalTokens, entry.CachedPromptTokens, entry.CacheWriteTokens,
                entry.ReasoningTokens, entry.TokenRepairs & ~SpendLogTokenRepairs.InvalidCount);
            try
            {
                AssertNormalised(read, result);
            }
            catch (Xunit.Sdk.XunitException ex)
            {
                throw new Xunit.Sdk.XunitException(context + Environment.NewLine + ex.Message);
            }
        }
    }

    private static long Count(Random random) => random.Next(10) switch
    {
        0 => 0,
        1 => Max,
        2 => random.NextInt64(Max + 1),
        _ => random.Next(2_000),
    };

    /// <summary>Writes the counts as LiteLLM might: numbers or numeric strings, metadata as an object or a JSON string,
    /// the cache and reasoning counts under either usage key; <paramref name="invalidField"/> (0..5, or -1) is sent as
    /// an unreadable value.</summary>
    private static string RandomRow(
        Random random, (long Prompt, long Completion, long Total, long Cached, long Write, long Reasoning) sent, int invalidField)
    {
        JsonNode? Value(int field, long count)
        {
            if (field == invalidField)
            {
                return random.Next(4) switch
                {
                    0 => JsonValue.Create(-1 - random.Next(1000)),
                    1 => JsonValue.Create(Max + 1 + random.Next(1000)),
                    2 => JsonValue.Create("not a count"),
                    _ => JsonValue.Create(true),
                };
            }

            return random.Next(5) == 0 ? JsonValue.Create(count.ToString(CultureInfo.InvariantCulture)) : JsonValue.Create(count);
        }

        var usage = new JsonObject();
        if (random.Next(2) == 0)
        {
            usage["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = Value(3, sent.Cached) };
        }
        else
        {
            usage["cache_read_input_tokens"] = Value(3, sent.Cached);
        }

        usage["cache_creation_input_tokens"] = Value(4, sent.Write);
        usage["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = Value(5, sent.Reasoning) };
        var metadata = new JsonObject { [random.Next(2) == 0 ? "usage_object" : "additional_usage_values"] = usage };

        var row = new JsonObject
        {
            ["request_id"] = "p1",
            ["spend"] = 0,
            ["startTime"] = "2026-08-06T14:30:00Z",
            ["prompt_tokens"] = Value(0, sent.Prompt),
            ["completion_tokens"] = Value(1, sent.Completion),
            ["total_tokens"] = Value(2, sent.Total),
            ["metadata"] = random.Next(2) == 0 ? metadata : JsonValue.Create(metadata.ToJsonString()),
        };
        return row.ToJsonString();
    }
}
