namespace UsageAnalytics.Pricing.Rules;

/// <summary>LiteLLM's service-tier names and rate-key suffixes (<c>litellm_core_utils/llm_cost_calc/utils.py</c>).</summary>
internal static class ServiceTiers
{
    /// <summary>The number of token tiers (every <see cref="ServiceTierKind"/> but <see cref="ServiceTierKind.Batch"/>).</summary>
    public const int TokenTierCount = 4;

    /// <summary>Gets the rate-key suffix of a token tier (<c>""</c> for the standard tier).</summary>
    public static string Suffix(ServiceTierKind tier) => tier switch
    {
        ServiceTierKind.Flex => "_flex",
        ServiceTierKind.Priority => "_priority",
        ServiceTierKind.Ultrafast => "_ultrafast",
        _ => string.Empty,
    };

    /// <summary>
    /// Finds the service-tier suffix a rate key contains, longest first, as LiteLLM's <c>_SERVICE_TIER_SUFFIXES</c>
    /// (so <c>_ultrafast</c> wins over <c>_fast</c>); null when it contains none.
    /// </summary>
    public static string? FindSuffix(string key)
    {
        if (key.Contains("_ultrafast", StringComparison.Ordinal))
        {
            return "_ultrafast";
        }

        if (key.Contains("_priority", StringComparison.Ordinal))
        {
            return "_priority";
        }

        if (key.Contains("_flex", StringComparison.Ordinal))
        {
            return "_flex";
        }

        return key.Contains("_fast", StringComparison.Ordinal) ? "_fast" : null;
    }

    /// <summary>Gets whether a rate key ends with a service-tier suffix (such keys are not threshold keys).</summary>
    public static bool EndsWithSuffix(string key) =>
        key.EndsWith("_ultrafast", StringComparison.Ordinal)
        || key.EndsWith("_priority", StringComparison.Ordinal)
        || key.EndsWith("_flex", StringComparison.Ordinal)
        || key.EndsWith("_fast", StringComparison.Ordinal);

    /// <summary>
    /// Reads the service tier of a record from its <c>service_tier</c> dimension, ignoring case and surrounding spaces.
    /// </summary>
    /// <param name="dimensions">The record's dimensions.</param>
    /// <param name="unknown">Set when the dimension names a tier LiteLLM does not know (priced at the standard rates).</param>
    /// <param name="fast">Set when the dimension is <c>fast</c> (returned as <see cref="ServiceTierKind.Priority"/>, LiteLLM's
    /// generic mapping; on an Anthropic entry it is fast speed instead, see <see cref="ProviderRules"/>).</param>
    public static ServiceTierKind Read(IReadOnlyDictionary<string, string> dimensions, out bool unknown, out bool fast)
    {
        unknown = false;
        fast = false;
        if (dimensions.Count == 0 || !dimensions.TryGetValue(PriceBook.ServiceTierDimension, out var value) || value is null)
        {
            return ServiceTierKind.Standard;
        }

        var text = value.AsSpan().Trim();
        if (text.IsEmpty
            || text.Equals("default", StringComparison.OrdinalIgnoreCase)
            || text.Equals("auto", StringComparison.OrdinalIgnoreCase)
            || text.Equals("standard", StringComparison.OrdinalIgnoreCase))
        {
            return ServiceTierKind.Standard;
        }

        if (text.Equals("flex", StringComparison.OrdinalIgnoreCase))
        {
            return ServiceTierKind.Flex;
        }

        if (text.Equals("fast", StringComparison.OrdinalIgnoreCase))
        {
            fast = true;
            return ServiceTierKind.Priority;
        }

        if (text.Equals("priority", StringComparison.OrdinalIgnoreCase))
        {
            return ServiceTierKind.Priority;
        }

        if (text.Equals("ultrafast", StringComparison.OrdinalIgnoreCase))
        {
            return ServiceTierKind.Ultrafast;
        }

        if (text.Equals("batch", StringComparison.OrdinalIgnoreCase) || text.Equals("batches", StringComparison.OrdinalIgnoreCase))
        {
            return ServiceTierKind.Batch;
        }

        unknown = true;
        return ServiceTierKind.Standard;
    }
}
