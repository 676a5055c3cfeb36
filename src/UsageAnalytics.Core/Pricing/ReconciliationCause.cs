namespace UsageAnalytics.Pricing;

/// <summary>
/// What explains the gap between a row's estimated and actual cost (<see cref="ReconciliationRow.Cause"/>): the token
/// counts (LiteLLM's spend log counted other tokens than the record), the price (same tokens, another rate), both, or
/// that the split cannot be told.
/// </summary>
/// <remarks>
/// The split is made only from facts: the spend log's <c>prompt_tokens</c> and <c>completion_tokens</c> that
/// <c>CostBreakdownMerger</c> writes into the record's breakdown, and — when the tokens differ — a
/// <see cref="PriceBook"/> that prices the row at both counts. Without those, the cause says the split is unknown and
/// the amounts are null; never an invented number.
/// </remarks>
public enum ReconciliationCause
{
    /// <summary>The actual cost equals the estimate and the token counts agree (or the book prices the difference in tokens at 0).</summary>
    NoDifference = 0,

    /// <summary>The token counts agree (or their difference costs nothing at the book's rates): all of the gap is price.</summary>
    Price = 1,

    /// <summary>The token counts differ and the book's rates explain the whole gap: no part is price.</summary>
    TokenCounts = 2,

    /// <summary>The token counts differ: part of the gap is due to them (at the book's rates), the rest is price.</summary>
    TokenCountsAndPrice = 3,

    /// <summary>
    /// The token counts differ, but no price book was given or the book cannot price the row in its currency at both
    /// counts: the split between tokens and price is unknown (both amounts null).
    /// </summary>
    TokenCountsUnpriced = 4,

    /// <summary>
    /// The row's breakdown carries no spend-log token counts (no breakdown, no <c>prompt_tokens</c> or
    /// <c>completion_tokens</c> whole numbers, or both 0 while the record counted tokens — LiteLLM's 0 for "unknown"):
    /// it cannot be told whether the tokens differ (both amounts null).
    /// </summary>
    SpendLogTokensMissing = 5,
}
