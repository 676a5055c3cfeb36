namespace UsageAnalytics.Pricing.Rules;

/// <summary>Which of LiteLLM's provider-specific cost rules a provider name selects.</summary>
internal enum ProviderKind
{
    /// <summary>No provider is known.</summary>
    None = 0,

    /// <summary>A provider without rules of its own: the generic rules.</summary>
    Other = 1,

    /// <summary><c>xai</c>.</summary>
    Xai = 2,

    /// <summary><c>anthropic</c>.</summary>
    Anthropic = 3,
}

/// <summary>How a record is priced beyond its counts: the service tier's keys, xAI's rules, Anthropic's multiplier.</summary>
/// <param name="Tier">The service tier whose keys price the record.</param>
/// <param name="Xai">Whether xAI's rules apply: thresholds compare inclusively, and reasoning tokens are billed on top of
/// the completion tokens at the output rate.</param>
/// <param name="Multiplier">Anthropic's speed × geo multiplier of the uncached input and the completion cost; null when none applies.</param>
internal readonly record struct PricingRequest(ServiceTierKind Tier, bool Xai, decimal? Multiplier);

/// <summary>
/// The provider-specific rules of LiteLLM's cost code: xAI's <c>cost_per_token</c> (<c>llms/xai/cost_calculator.py</c>),
/// Anthropic's <c>cost_per_token</c> multipliers (<c>llms/anthropic/cost_calculation.py</c>), and
/// <c>_check_provider_match</c> (<c>litellm/utils.py</c>), which decides whether LiteLLM would use an entry for a call.
/// Provider names ignore case and surrounding spaces.
/// </summary>
internal static class ProviderRules
{
    private const string Fast = "fast";

    /// <summary>Gets the rules a provider name selects.</summary>
    public static ProviderKind KindOf(string? provider) =>
        string.IsNullOrWhiteSpace(provider) ? ProviderKind.None
        : Is(provider, "xai") ? ProviderKind.Xai
        : Is(provider, "anthropic") ? ProviderKind.Anthropic
        : ProviderKind.Other;

    /// <summary>Reads how to price a record with an entry.</summary>
    /// <param name="price">The entry's price.</param>
    /// <param name="entryProvider">The rules of the entry's <c>litellm_provider</c> (a dated price's, else its model's undated price's).</param>
    /// <param name="recordProvider">The rules of the record's provider.</param>
    /// <param name="dimensions">The record's dimensions.</param>
    /// <param name="unknownTier">Set when the record names a service tier LiteLLM does not know.</param>
    public static PricingRequest Read(
        ModelPrice price, ProviderKind entryProvider, ProviderKind recordProvider, IReadOnlyDictionary<string, string> dimensions, out bool unknownTier)
    {
        var tier = ServiceTiers.Read(dimensions, out unknownTier, out var fastTier);
        if (entryProvider == ProviderKind.Xai || recordProvider == ProviderKind.Xai)
        {
            // xAI's cost_per_token calls generic_cost_per_token without the service tier: the standard keys.
            return new PricingRequest(tier == ServiceTierKind.Batch ? tier : ServiceTierKind.Standard, true, null);
        }

        var anthropic = entryProvider == ProviderKind.Anthropic
            || (entryProvider == ProviderKind.None && recordProvider == ProviderKind.Anthropic);
        if (!anthropic || tier == ServiceTierKind.Batch)
        {
            return new PricingRequest(tier, false, null);
        }

        // Anthropic's fast mode is a speed, not a tier: its entries have no _priority keys for it.
        return new PricingRequest(fastTier ? ServiceTierKind.Standard : tier, false, AnthropicMultiplier(price, dimensions, fastTier));
    }

    /// <summary>
    /// LiteLLM's <c>_check_provider_match</c>: whether LiteLLM would price a call of <paramref name="recordProvider"/>
    /// from an entry of <paramref name="entryProvider"/> (true when either is unknown).
    /// </summary>
    public static bool Matches(string? entryProvider, string? recordProvider)
    {
        if (ReferenceEquals(entryProvider, recordProvider)
            || string.Equals(entryProvider, recordProvider, StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrWhiteSpace(entryProvider) || string.IsNullOrWhiteSpace(recordProvider))
        {
            return true;
        }

        var entry = entryProvider.Trim();
        var call = recordProvider.Trim();
        return Is(entry, call)
            || (Is(call, "vertex_ai") && StartsWith(entry, "vertex_ai"))
            || (Is(call, "fireworks_ai") && StartsWith(entry, "fireworks_ai"))
            || (StartsWith(call, "bedrock") && StartsWith(entry, "bedrock"))
            || Is(call, "litellm_proxy")
            || (Is(call, "azure_ai") && (Is(entry, "azure") || Is(entry, "openai")))
            || Is(call, "github");
    }

    // provider_specific_entry[inference_geo] (unless global or not_available) × provider_specific_entry["fast"] at fast speed.
    private static decimal? AnthropicMultiplier(ModelPrice price, IReadOnlyDictionary<string, string> dimensions, bool fastTier)
    {
        var multipliers = price.ProviderMultipliers;
        if (multipliers.Count == 0 || (dimensions.Count == 0 && !fastTier))
        {
            return null;
        }

        var multiplier = 1m;
        if (dimensions.TryGetValue(PriceBook.InferenceGeoDimension, out var geo) && !string.IsNullOrWhiteSpace(geo))
        {
            var key = geo.Trim().ToLowerInvariant();
            if (key is not "global" and not "not_available" && multipliers.TryGetValue(key, out var geoMultiplier))
            {
                multiplier *= geoMultiplier;
            }
        }

        var fast = dimensions.TryGetValue(PriceBook.SpeedDimension, out var speed) && !string.IsNullOrWhiteSpace(speed)
            ? speed.Trim().Equals(Fast, StringComparison.OrdinalIgnoreCase)
            : fastTier;
        if (fast && multipliers.TryGetValue(Fast, out var fastMultiplier))
        {
            multiplier *= fastMultiplier;
        }

        return multiplier == 1m ? null : multiplier;
    }

    // Equal ignoring case, or (only when the value has surrounding spaces) equal once trimmed.
    private static bool Is(string value, string name) =>
        string.Equals(value, name, StringComparison.OrdinalIgnoreCase)
        || (value.Length > name.Length && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
            && value.AsSpan().Trim().Equals(name, StringComparison.OrdinalIgnoreCase));

    private static bool StartsWith(string value, string prefix) => value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
}
