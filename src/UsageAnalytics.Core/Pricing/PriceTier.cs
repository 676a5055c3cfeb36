namespace UsageAnalytics.Pricing;

/// <summary>
/// One range of a LiteLLM <c>tiered_pricing</c> table: the rates that apply to a whole request whose prompt tokens fall
/// in (<see cref="RangeStart"/>, <see cref="RangeEnd"/>] (LiteLLM's <c>select_tier_for_input</c>: a request of exactly
/// <see cref="RangeEnd"/> tokens stays in this tier).
/// </summary>
public sealed class PriceTier
{
    /// <summary>Gets the exclusive lower bound of the range, in prompt tokens (a fractional bound in a price file, such as
    /// <c>256000.0</c>, is read as its floor, which selects the same whole token counts).</summary>
    public required long RangeStart { get; init; }

    /// <summary>Gets the inclusive upper bound of the range, in prompt tokens.</summary>
    public required long RangeEnd { get; init; }

    /// <summary>
    /// Gets the tier's rates by LiteLLM's field name (for example <c>input_cost_per_token</c>, <c>output_cost_per_token</c>,
    /// <c>cache_read_input_token_cost</c>, <c>output_cost_per_reasoning_token</c>), in USD per token. LiteLLM uses a tier
    /// only when it has <c>input_cost_per_token</c>; a missing or 0 cache rate falls back to the tier's input rate, and a
    /// missing output rate to the model's <c>output_cost_per_token</c>.
    /// </summary>
    public IReadOnlyDictionary<string, decimal> Rates { get; init; } = new Dictionary<string, decimal>(StringComparer.Ordinal);
}
