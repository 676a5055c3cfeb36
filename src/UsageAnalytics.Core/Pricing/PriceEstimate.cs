namespace UsageAnalytics.Pricing;

/// <summary>
/// The estimated cost of one usage record under a <see cref="PriceBook"/>, split by the quantity each part prices,
/// with the lookup that found the price and the warnings where LiteLLM's rule bills nothing for a quantity the
/// provider charges.
/// </summary>
/// <remarks>
/// Amounts are in <see cref="Currency"/> (USD: LiteLLM's price file is in USD per unit). The parts are list prices
/// (before any <see cref="PriceAdjustment"/>); <see cref="Cost"/> is <see cref="ListCost"/> × <see cref="Multiplier"/>.
/// Anthropic's speed and geo multipliers are part of the list price: they scale <see cref="InputCost"/>,
/// <see cref="OutputCost"/> and <see cref="ReasoningCost"/> (not the cache parts), so <see cref="ListCost"/> stays the sum.
/// When <see cref="Status"/> is not <see cref="PriceStatus.Priced"/>, every amount is 0 and must not be read as a
/// price.
/// </remarks>
public sealed record PriceEstimate
{
    /// <summary>The currency of every amount: <c>USD</c>.</summary>
    public const string UsdCurrency = "USD";

    /// <summary>Gets the outcome.</summary>
    public required PriceStatus Status { get; init; }

    /// <summary>Gets whether the record was priced (<see cref="PriceStatus.Priced"/>).</summary>
    public bool IsPriced => Status == PriceStatus.Priced;

    /// <summary>Gets the price-book key whose prices were used (for example <c>azure/gpt-4o</c>); null when unpriced by an unknown model.</summary>
    public string? ModelId { get; init; }

    /// <summary>Gets how the record's model was matched to <see cref="ModelId"/>.</summary>
    public PriceMatch Match { get; init; }

    /// <summary>Gets the estimated cost after adjustments: <see cref="ListCost"/> × <see cref="Multiplier"/>, in USD.</summary>
    public decimal Cost { get; init; }

    /// <summary>Gets the estimated cost at list price (the sum of the parts), in USD.</summary>
    public decimal ListCost { get; init; }

    /// <summary>Gets the product of the discounts and markups that applied (1 when none did); a ratio, 0.9 = 10% off.</summary>
    public decimal Multiplier { get; init; } = 1m;

    /// <summary>Gets the cost of the prompt tokens neither read from nor written to the cache, in USD (list price).</summary>
    public decimal InputCost { get; init; }

    /// <summary>Gets the cost of the prompt tokens read from the provider's cache, in USD (list price).</summary>
    public decimal CacheReadCost { get; init; }

    /// <summary>Gets the cost of the prompt tokens written to the provider's cache (both lifetimes), in USD (list price).</summary>
    public decimal CacheWriteCost { get; init; }

    /// <summary>
    /// Gets the cost of the completion tokens other than reasoning tokens, in USD (list price); for an xAI row, of every
    /// completion token the record counts (xAI's completion tokens exclude reasoning).
    /// </summary>
    public decimal OutputCost { get; init; }

    /// <summary>Gets the cost of the reasoning tokens, in USD (list price); for an xAI row, at the output rate.</summary>
    public decimal ReasoningCost { get; init; }

    /// <summary>Gets the cost priced per second of audio or per character, in USD (list price).</summary>
    public decimal AudioCost { get; init; }

    /// <summary>Gets the currency of every amount: <see cref="UsdCurrency"/>.</summary>
    public string Currency { get; init; } = UsdCurrency;

    /// <summary>Gets the quantities LiteLLM's rule bills nothing for, though the provider charges them.</summary>
    public PriceWarnings Warnings { get; init; }
}
