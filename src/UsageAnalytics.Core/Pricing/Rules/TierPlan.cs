namespace UsageAnalytics.Pricing.Rules;

/// <summary>
/// The rates of one service tier outside <c>tiered_pricing</c>: the base rates, the <c>_above_N_tokens</c> thresholds
/// that replace them, and the reasoning rate, all resolved once when the price is compiled.
/// </summary>
internal sealed class TierPlan
{
    private readonly Threshold[] _thresholds;

    public TierPlan(TokenRates baseRates, decimal? fixedReasoning, Threshold[] thresholds)
    {
        Base = baseRates;
        FixedReasoning = fixedReasoning;
        _thresholds = thresholds;
    }

    /// <summary>Gets whether the plan has any <c>_above_N_tokens</c> threshold.</summary>
    public bool HasThresholds => _thresholds.Length > 0;

    /// <summary>Gets the rates below every threshold.</summary>
    public TokenRates Base { get; }

    /// <summary>
    /// Gets the reasoning rate when a field gives one (LiteLLM's <c>_resolve_reasoning_token_cost</c>), or null when
    /// reasoning tokens are billed at the output rate in force (threshold-switched).
    /// </summary>
    public decimal? FixedReasoning { get; }

    /// <summary>
    /// Picks the rates for a request's prompt tokens: the first threshold (largest first) the prompt crosses
    /// (<c>&gt;</c> N, or <c>&gt;=</c> N when <paramref name="inclusive"/>, LiteLLM's xAI rule), else the base rates.
    /// </summary>
    public TokenRates Select(long promptTokens, bool inclusive)
    {
        foreach (var threshold in _thresholds)
        {
            if (inclusive ? promptTokens >= threshold.InclusiveFrom : promptTokens > threshold.ExclusiveAbove)
            {
                return threshold.Rates;
            }
        }

        return Base;
    }
}

/// <summary>One <c>_above_N_tokens</c> threshold with the rates it switches to.</summary>
/// <param name="ExclusiveAbove">Prompt tokens above this (⌊N⌋) cross the threshold.</param>
/// <param name="InclusiveFrom">With inclusive thresholds, prompt tokens from this (⌈N⌉) cross it.</param>
/// <param name="Rates">Every rate once crossed (output and cache rates included).</param>
internal sealed record Threshold(long ExclusiveAbove, long InclusiveFrom, TokenRates Rates);

/// <summary>One range of <c>tiered_pricing</c>, compiled.</summary>
/// <param name="Start">The exclusive lower bound of the range, in prompt tokens.</param>
/// <param name="End">The inclusive upper bound of the range, in prompt tokens.</param>
/// <param name="HasInput">Whether the tier has <c>input_cost_per_token</c> (LiteLLM uses a tier only then).</param>
/// <param name="Rates">The tier's rates (LiteLLM's <c>_get_tiered_base_costs</c>).</param>
/// <param name="Reasoning">The tier's reasoning rate when it has a reasoning or output rate; otherwise null.</param>
internal sealed record PricedTier(long Start, long End, bool HasInput, TokenRates Rates, decimal? Reasoning);
