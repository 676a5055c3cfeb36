namespace UsageAnalytics.Pricing;

/// <summary>
/// Quantities a record carries that LiteLLM's cost rule bills nothing for, although the provider charges them (the
/// estimate equals what LiteLLM records as <c>spend</c>, and these flags say where that is below the provider's list
/// price); inconsistent counts the estimate clamped; a service tier LiteLLM does not know; and a matched entry LiteLLM
/// would not use for the record's provider (<see cref="ProviderMismatch"/>, where the estimate may differ from its spend).
/// </summary>
[Flags]
public enum PriceWarnings
{
    /// <summary>Every quantity the record carries was priced.</summary>
    None = 0,

    /// <summary>Cached prompt tokens were read, but the entry has no <c>cache_read_input_token_cost</c>: LiteLLM bills them at 0.</summary>
    CacheReadUnpriced = 1,

    /// <summary>Cache-write tokens were written, but the entry has no <c>cache_creation_input_token_cost</c>: LiteLLM bills them at 0.</summary>
    CacheWriteUnpriced = 2,

    /// <summary>One-hour cache writes were reported, but the entry has no <c>cache_creation_input_token_cost_above_1hr</c>: LiteLLM bills them at 0.</summary>
    OneHourCacheWriteUnpriced = 4,

    /// <summary>The reported five-minute and one-hour split covers fewer tokens than <see cref="Records.UsageRecord.CacheWriteTokens"/>: LiteLLM bills the rest at 0.</summary>
    CacheWriteSplitIncomplete = 8,

    /// <summary>
    /// The record's audio seconds are billed nothing: the entry's <c>output_cost_per_second</c> is 0 while its
    /// <c>input_cost_per_second</c> is positive (LiteLLM bills the output rate when the field is there), or the entry is
    /// priced per token, has a positive per-second rate, and the record carries seconds but no tokens.
    /// </summary>
    AudioUnpriced = 16,

    /// <summary>
    /// The record's counts are inconsistent, and the estimate clamps them as LiteLLM does: cached plus cache-write tokens
    /// exceed prompt tokens (the uncached prompt tokens count as 0), reasoning tokens exceed completion tokens (the
    /// non-reasoning completion tokens count as 0, while every reasoning token is still billed at the reasoning rate, so
    /// the completion is billed for more tokens than <see cref="Records.UsageRecord.CompletionTokens"/>; not raised for
    /// xAI rows, whose completion tokens exclude reasoning), or a count, character count or duration is negative (counts as 0).
    /// </summary>
    TokenCountsClamped = 32,

    /// <summary>The record names a service tier LiteLLM does not know; it was priced at the standard rates, as LiteLLM does.</summary>
    UnknownServiceTier = 64,

    /// <summary>
    /// The record's provider and the matched entry's <c>litellm_provider</c> are both known and differ (for example a
    /// record from <c>openrouter</c> priced at OpenAI's <c>gpt-4o</c>): LiteLLM's <c>get_model_info</c> rejects such an
    /// entry (<c>_check_provider_match</c>) and would not price the row from it, so the estimate may differ from its spend.
    /// The families LiteLLM accepts count as equal (names ignore case): a <c>vertex_ai</c> record and any
    /// <c>vertex_ai…</c> entry, <c>fireworks_ai</c> and <c>fireworks_ai…</c>, any <c>bedrock…</c> and <c>bedrock…</c>,
    /// <c>azure_ai</c> and <c>azure</c> or <c>openai</c>, and a <c>litellm_proxy</c> or <c>github</c> record with any entry.
    /// </summary>
    ProviderMismatch = 128,
}
