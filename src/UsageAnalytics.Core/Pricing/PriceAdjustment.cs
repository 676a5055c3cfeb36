namespace UsageAnalytics.Pricing;

/// <summary>
/// A discount or markup applied to estimates: a multiplier on the list price of the records it covers (0.9 = a 10%
/// discount, 1.05 = a 5% markup), like LiteLLM's provider discounts and margins.
/// </summary>
/// <remarks>
/// An adjustment covers a record when <see cref="Provider"/> (if set) equals the record's provider or the matched
/// entry's provider (a dated price without a provider takes its model's undated one), <see cref="Model"/> (if set) equals the record's model or the matched price-book key, and the
/// record's timestamp is in [<see cref="EffectiveFrom"/>, <see cref="EffectiveUntil"/>). Comparisons ignore case.
/// Every covering adjustment applies; their multipliers multiply.
/// </remarks>
public sealed record PriceAdjustment
{
    /// <summary>Gets the provider the adjustment covers (for example <c>openai</c>), or null for every provider.</summary>
    public string? Provider { get; init; }

    /// <summary>Gets the model the adjustment covers, or null for every model.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the multiplier on the list price; a ratio greater than or equal to 0 (1 = no change).</summary>
    public required decimal Multiplier { get; init; }

    /// <summary>Gets the first instant the adjustment applies to (inclusive), or null for always.</summary>
    public DateTimeOffset? EffectiveFrom { get; init; }

    /// <summary>Gets the instant the adjustment stops applying (exclusive), or null for never.</summary>
    public DateTimeOffset? EffectiveUntil { get; init; }
}
