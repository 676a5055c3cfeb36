using UsageAnalytics.Pricing;
using UsageAnalytics.Records;

namespace UsageAnalytics.LiteLLMEmulator;

/// <content>
/// The quantities a price book prices beyond prompt and completion tokens (the cache-write lifetime split, the service
/// tier, audio seconds, characters), LiteLLM's spend for them, and the app's own estimate: with
/// <see cref="UsageGeneratorOptions.PriceBook"/> both are that book's cost, so what separates them is what separates
/// a real app from LiteLLM — token counts the app made itself, and a stale rate.
/// </content>
public static partial class UsageDataGenerator
{
    /// <summary>The model whose rates the app's stale price table still used for <c>gpt-4o</c> (its 2024-05-13 release, twice the
    /// input and 1.5 times the output rate of today's <c>gpt-4o</c>).</summary>
    internal const string StaleRateModel = "gpt-4o-2024-05-13";

    // Salts of the decisions added with the price book: drawn from a call's own ids, so every seeded draw stays as it was.
    private const ulong CacheWriteLifetimeSalt = 105;
    private const ulong ServiceTierSalt = 106;
    private const ulong AppCountedSalt = 107;
    private const ulong AppCountOverheadSalt = 108;

    /// <summary>Share of streamed chat calls (without prompt caching) whose prompt tokens the app counted itself.</summary>
    private const double AppCountedShare = 0.12;

    /// <summary>Anthropic's report of a cache write's lifetimes (<c>cache_creation.ephemeral_5m_input_tokens</c> /
    /// <c>ephemeral_1h_input_tokens</c>): 60% five-minute only, 30% one-hour only, 10% both halves.</summary>
    private static (long? FiveMinute, long? OneHour) CacheWriteSplit(Call call, long cacheWrite)
    {
        if (cacheWrite == 0 || call.Profile.Provider != "anthropic")
        {
            return (null, null);
        }

        var roll = FaultDice.Unit(0, CacheWriteLifetimeSalt, Hash((call.Original ?? call).RequestGuid));
        return roll switch
        {
            < 0.6 => (cacheWrite, 0),
            < 0.9 => (0, cacheWrite),
            _ => (cacheWrite - (cacheWrite / 2), cacheWrite / 2),
        };
    }

    /// <summary>OpenAI's <c>service_tier</c> of a chat call: 6% <c>priority</c>, 4% <c>flex</c>, else none (the standard tier).</summary>
    private static string? ServiceTier(Call call)
    {
        if (call.Profile.Provider != "openai" || call.Profile.Service != "chat")
        {
            return null;
        }

        var roll = FaultDice.Unit(0, ServiceTierSalt, Hash((call.Original ?? call).RequestGuid));
        return roll switch
        {
            < 0.06 => "priority",
            < 0.10 => "flex",
            _ => null,
        };
    }

    /// <summary>
    /// The prompt tokens the app stored: LiteLLM's count, except for some streamed chat calls whose stream carried no
    /// usage, where the app counted the prompt itself with OpenAI's tokenizer: short of the provider's count by the chat
    /// template and tool definitions for OpenAI and Gemini models (2% to 6%), and by Anthropic's different tokenizer for
    /// Claude (10% to 20%). Only calls without prompt caching, whose cached and cache-write counts the app never had.
    /// </summary>
    private static long AppPromptTokens(Call call, long prompt, long cached, long cacheWrite)
    {
        if (call.Failed || call.Original is not null || !call.Streaming || cached + cacheWrite > 0
            || FaultDice.Unit(0, AppCountedSalt, Hash(call.RequestGuid)) >= AppCountedShare)
        {
            return prompt;
        }

        var roll = FaultDice.Unit(0, AppCountOverheadSalt, Hash(call.RequestGuid));
        var shortBy = call.Profile.Provider == "anthropic" ? 0.10 + (0.10 * roll) : 0.02 + (0.04 * roll);
        return Math.Max(1, prompt - (long)Math.Round(prompt * shortBy));
    }

    /// <summary>Whether the app priced the call with a stale price table: its staging instances still used <see cref="StaleRateModel"/>'s rates for <c>gpt-4o</c>.</summary>
    private static bool StaleRate(Call call) => call.Environment == "staging" && call.Profile.Model == "gpt-4o";

    /// <summary>
    /// What LiteLLM charges for a call's tokens: the price book's cost when <see cref="UsageGeneratorOptions.PriceBook"/>
    /// prices it, else the generator's own rates (<see cref="ModelProfile"/>) under the same rules.
    /// </summary>
    private static double Spend(PriceBook? book, UsageRecord call, ModelProfile profile)
    {
        if (book?.Estimate(call) is { IsPriced: true } estimate)
        {
            return (double)estimate.Cost;
        }

        var factor = call.Dimensions.TryGetValue(PriceBook.ServiceTierDimension, out var tier) && tier == "priority" ? profile.PriorityFactor : 1;
        return profile.Service switch
        {
            "stt" => (double)(call.AudioDurationSeconds ?? 0) * profile.InputCost,
            "tts" => (call.CharacterCount ?? 0) * profile.InputCost,
            _ => factor * (((call.PromptTokens - call.CachedPromptTokens - call.CacheWriteTokens) * profile.InputCost)
                + (call.CachedPromptTokens * profile.CacheReadCost)
                + (call.CompletionTokens * profile.OutputCost))
                + (call.CacheWriteOneHourTokens is { } oneHour
                    ? ((call.CacheWriteFiveMinuteTokens ?? 0) * profile.CacheWriteCost) + (oneHour * profile.CacheWriteOneHourCost)
                    : call.CacheWriteTokens * profile.CacheWriteCost),
        };
    }

    /// <summary>
    /// The app's estimate of a call's LLM part with the price book: the book's cost of the app's own quantities, 0 for
    /// a response-cache hit (the app knows LiteLLM charges a hit nothing), at <see cref="StaleRateModel"/>'s rates where
    /// <see cref="StaleRate"/> and the book knows that model; <see langword="null"/> without a book or when the book cannot
    /// price the model (then the app's rough list-price estimate stands).
    /// </summary>
    private static decimal? BookEstimate(PriceBook? book, Call call, UsageRecord app)
    {
        if (book is null || call.Failed)
        {
            return null;
        }

        var estimate = book.Estimate(app);
        if (!estimate.IsPriced)
        {
            return null;
        }

        if (call.Original is not null)
        {
            return 0m;
        }

        return StaleRate(call) && book.Estimate(app with { Model = StaleRateModel }) is { IsPriced: true } stale ? stale.Cost : estimate.Cost;
    }
}
