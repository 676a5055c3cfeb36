namespace UsageAnalytics.Pricing.Rules;

/// <summary>
/// One resolved rate in USD per unit, and whether a price field supplied it (false: LiteLLM's default of 0 for a missing
/// field, which is what the unpriced-quantity warnings report).
/// </summary>
internal readonly record struct Rate(decimal Value, bool Present)
{
    /// <summary>A field that is absent: 0 and not present.</summary>
    public static Rate Missing => default;

    /// <summary>
    /// LiteLLM's <c>_get_cost_per_unit(model_info, key, default)</c>: the field when present; else, when the key contains a
    /// service-tier suffix (the first of <c>_ultrafast</c>, <c>_priority</c>, <c>_flex</c>, <c>_fast</c>), the key with that
    /// suffix removed; else <paramref name="fallback"/>.
    /// </summary>
    public static Rate Get(IReadOnlyDictionary<string, decimal> rates, string key, Rate fallback)
    {
        if (rates.TryGetValue(key, out var value))
        {
            return new Rate(value, true);
        }

        var suffix = ServiceTiers.FindSuffix(key);
        if (suffix is not null && rates.TryGetValue(key.Replace(suffix, string.Empty, StringComparison.Ordinal), out value))
        {
            return new Rate(value, true);
        }

        return fallback;
    }

    /// <summary>Reads a field without any fallback.</summary>
    public static Rate Of(IReadOnlyDictionary<string, decimal> rates, string key) =>
        rates.TryGetValue(key, out var value) ? new Rate(value, true) : Missing;
}
