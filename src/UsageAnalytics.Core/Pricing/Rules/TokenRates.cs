namespace UsageAnalytics.Pricing.Rules;

/// <summary>
/// The five base rates of LiteLLM's <c>_get_token_base_cost</c> for one path (a service tier, a crossed threshold or a
/// <c>tiered_pricing</c> tier), in USD per token.
/// </summary>
internal sealed class TokenRates
{
    /// <summary>Gets the rate of prompt tokens neither read from nor written to the cache.</summary>
    public required Rate Input { get; init; }

    /// <summary>Gets the rate of completion tokens (and of reasoning tokens when no reasoning rate applies).</summary>
    public required Rate Output { get; init; }

    /// <summary>Gets the five-minute (default) cache-write rate.</summary>
    public required Rate CacheWrite { get; init; }

    /// <summary>Gets the one-hour cache-write rate.</summary>
    public required Rate CacheWriteOneHour { get; init; }

    /// <summary>Gets the cache-read rate.</summary>
    public required Rate CacheRead { get; init; }
}
