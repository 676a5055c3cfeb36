namespace UsageAnalytics.Pricing;

/// <summary>
/// Quantities a record carries that LiteLLM's cost rule bills nothing for, although the provider charges them: the
/// estimate equals what LiteLLM records as <c>spend</c>, and these flags say where that is below the provider's list price.
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
    /// The record's counts are inconsistent (cached plus cache-write tokens exceed prompt tokens, reasoning exceeds
    /// completion, or a count, character count or duration is negative); the estimate clamps them (to the larger count, or to 0).
    /// </summary>
    TokenCountsClamped = 32,

    /// <summary>The record names a service tier LiteLLM does not know; it was priced at the standard rates, as LiteLLM does.</summary>
    UnknownServiceTier = 64,
}
