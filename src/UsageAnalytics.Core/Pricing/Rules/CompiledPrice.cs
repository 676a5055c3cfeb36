using System.Globalization;

namespace UsageAnalytics.Pricing.Rules;

/// <summary>
/// A <see cref="ModelPrice"/> with every LiteLLM rate rule resolved once, so pricing a record does no key building or
/// dictionary look-up: a plan per service tier (base rates, sorted thresholds, reasoning rate), the sorted
/// <c>tiered_pricing</c> ranges, and the batch and audio rates. Immutable.
/// </summary>
internal sealed class CompiledPrice
{
    private const string ThresholdPrefix = "input_cost_per_token_above_";

    private readonly TierPlan[] _plans;
    private readonly PricedTier[] _tiers;

    private CompiledPrice(ModelPrice source, TierPlan[] plans, PricedTier[] tiers, BatchRates batch, AudioRates audio, bool hasTokenRates)
    {
        Source = source;
        _plans = plans;
        _tiers = tiers;
        Batch = batch;
        Audio = audio;
        HasTokenRates = hasTokenRates;
        HasThresholds = Array.Exists(plans, p => p.HasThresholds);
        Provider = ProviderRules.KindOf(source.Provider);
    }

    /// <summary>Gets the price this was compiled from.</summary>
    public ModelPrice Source { get; }

    /// <summary>Gets which provider rules the entry's <c>litellm_provider</c> names.</summary>
    public ProviderKind Provider { get; }

    /// <summary>Gets whether any plan has an <c>_above_N_tokens</c> threshold.</summary>
    public bool HasThresholds { get; }

    /// <summary>Gets whether the entry prices tokens at all (a token rate or a tier with an input rate).</summary>
    public bool HasTokenRates { get; }

    /// <summary>Gets the batch rates.</summary>
    public BatchRates Batch { get; }

    /// <summary>Gets the audio rates.</summary>
    public AudioRates Audio { get; }

    /// <summary>Gets the plan of a token tier (not <see cref="ServiceTierKind.Batch"/>).</summary>
    public TierPlan Plan(ServiceTierKind tier) => _plans[(int)tier];

    /// <summary>
    /// LiteLLM's <c>select_tier_for_input</c> + <c>_select_priced_tier</c>: the first range with start &lt; prompt ≤ end,
    /// else the last range; null when there is no table, the prompt is not positive, or the chosen tier has no input rate.
    /// </summary>
    public PricedTier? SelectTier(long promptTokens)
    {
        if (_tiers.Length == 0 || promptTokens <= 0)
        {
            return null;
        }

        foreach (var tier in _tiers)
        {
            if (tier.Start < promptTokens && promptTokens <= tier.End)
            {
                return tier.HasInput ? tier : null;
            }
        }

        var last = _tiers[^1];
        return last.HasInput ? last : null;
    }

    /// <summary>Compiles a price.</summary>
    public static CompiledPrice Compile(ModelPrice price)
    {
        var rates = price.Rates;
        var thresholds = ThresholdKeys(rates);
        var plans = new TierPlan[ServiceTiers.TokenTierCount];
        plans[0] = CompilePlan(rates, string.Empty, thresholds);
        var standardThresholdNames = thresholds.TrueForAll(t => t.Key == $"input_cost_per_token_above_{t.Text}_tokens");
        for (var i = 1; i < plans.Length; i++)
        {
            // Without a key naming the tier, every tier key falls back to its base key: the standard plan, shared.
            var suffix = ServiceTiers.Suffix((ServiceTierKind)i);
            plans[i] = standardThresholdNames && !rates.Keys.Any(k => k.Contains(suffix, StringComparison.Ordinal))
                ? plans[0]
                : CompilePlan(rates, suffix, thresholds);
        }

        var tiers = price.TieredPricing
            .OrderBy(t => t.RangeStart)
            .Select(t => CompileTier(rates, t))
            .ToArray();
        var batch = new BatchRates
        {
            InputBatches = Rate.Of(rates, "input_cost_per_token_batches").Value,
            Input = Rate.Of(rates, "input_cost_per_token").Value,
            CacheRead = Rate.Of(rates, "cache_read_input_token_cost"),
            OutputBatches = Rate.Of(rates, "output_cost_per_token_batches").Value,
            Output = Rate.Of(rates, "output_cost_per_token").Value,
        };
        var outputPerSecond = Rate.Of(rates, "output_cost_per_second");
        var inputPerSecond = Rate.Of(rates, "input_cost_per_second");
        var positiveTokenRate = Rate.Of(rates, "input_cost_per_token").Value > 0 || Rate.Of(rates, "output_cost_per_token").Value > 0;
        var audio = new AudioRates
        {
            PerCharacter = Rate.Of(rates, "input_cost_per_character").Value,
            OutputPerSecond = outputPerSecond,
            InputPerSecond = inputPerSecond,
            PerSecondApplies = !positiveTokenRate && (outputPerSecond.Present || inputPerSecond.Present),
            HasPositivePerSecond = outputPerSecond.Value > 0 || inputPerSecond.Value > 0,
        };
        var hasTokenRates = Array.Exists(tiers, t => t.HasInput) || rates.Keys.Any(k =>
            k.StartsWith("input_cost_per_token", StringComparison.Ordinal)
            || k.StartsWith("output_cost_per_token", StringComparison.Ordinal)
            || string.Equals(k, "output_cost_per_image_token", StringComparison.Ordinal));
        return new CompiledPrice(price, plans, tiers, batch, audio, hasTokenRates);
    }

    private static TierPlan CompilePlan(IReadOnlyDictionary<string, decimal> rates, string suffix, List<(decimal N, string Text, string Key)> thresholds)
    {
        // _get_token_base_cost, outside tiered pricing.
        var output = Rate.Get(rates, "output_cost_per_token" + suffix, Rate.Missing);
        if (output.Value == 0m && Rate.Get(rates, "output_cost_per_image_token", Rate.Missing) is { Present: true } imageOutput)
        {
            output = imageOutput;
        }

        var baseRates = new TokenRates
        {
            Input = Rate.Get(rates, "input_cost_per_token" + suffix, Rate.Missing),
            Output = output,
            CacheWrite = Rate.Get(rates, "cache_creation_input_token_cost" + suffix, Rate.Missing),
            CacheWriteOneHour = Rate.Get(rates, "cache_creation_input_token_cost_above_1hr", Rate.Missing),
            CacheRead = Rate.Get(rates, "cache_read_input_token_cost" + suffix, Rate.Missing),
        };
        var compiled = new Threshold[thresholds.Count];
        for (var i = 0; i < compiled.Length; i++)
        {
            var (n, text, key) = thresholds[i];
            var switched = new TokenRates
            {
                Input = Rate.Get(rates, suffix.Length == 0 ? key : $"input_cost_per_token_above_{text}_tokens{suffix}", baseRates.Input),
                Output = Rate.Get(rates, $"output_cost_per_token_above_{text}_tokens{suffix}", baseRates.Output),
                CacheWrite = Rate.Get(rates, $"cache_creation_input_token_cost_above_{text}_tokens{suffix}", baseRates.CacheWrite),
                CacheWriteOneHour = Rate.Get(rates, $"cache_creation_input_token_cost_above_1hr_above_{text}_tokens{suffix}", baseRates.CacheWriteOneHour),
                CacheRead = Rate.Get(rates, $"cache_read_input_token_cost_above_{text}_tokens{suffix}", baseRates.CacheRead),
            };
            compiled[i] = new Threshold(ToLong(decimal.Floor(n)), ToLong(decimal.Ceiling(n)), switched);
        }

        return new TierPlan(baseRates, FixedReasoning(rates, suffix), compiled);
    }

    // _resolve_reasoning_token_cost: a tier reasoning rate; else the tier's own output rate in force; else the standard
    // reasoning rate; else the output rate in force (null).
    private static decimal? FixedReasoning(IReadOnlyDictionary<string, decimal> rates, string suffix)
    {
        if (rates.TryGetValue("output_cost_per_reasoning_token" + suffix, out var tierReasoning))
        {
            return tierReasoning;
        }

        if (suffix.Length > 0 && rates.ContainsKey("output_cost_per_token" + suffix))
        {
            return null;
        }

        return rates.TryGetValue("output_cost_per_reasoning_token", out var reasoning) ? reasoning : null;
    }

    // _get_tiered_base_costs with tier_rate's "or" (a 0 or missing value falls through to the next key).
    private static PricedTier CompileTier(IReadOnlyDictionary<string, decimal> modelRates, PriceTier tier)
    {
        var rates = tier.Rates;
        var input = Or(rates, "input_cost_per_token", null);
        var output = rates.TryGetValue("output_cost_per_token", out var tierOutput)
            ? tierOutput
            : Rate.Get(modelRates, "output_cost_per_token", Rate.Missing).Value;
        var cacheWrite = Or(rates, "cache_creation_input_token_cost", "input_cost_per_token");
        var oneHour = Or(rates, "cache_creation_input_token_cost_above_1hr", "cache_creation_input_token_cost");
        var tokenRates = new TokenRates
        {
            Input = new Rate(input, true),
            Output = new Rate(output, true),
            CacheWrite = new Rate(cacheWrite, true),
            CacheWriteOneHour = new Rate(oneHour != 0m ? oneHour : cacheWrite, true),
            CacheRead = new Rate(Or(rates, "cache_read_input_token_cost", "input_cost_per_token"), true),
        };
        decimal? reasoning = rates.ContainsKey("output_cost_per_reasoning_token") || rates.ContainsKey("output_cost_per_token")
            ? Or(rates, "output_cost_per_reasoning_token", "output_cost_per_token")
            : null;
        return new PricedTier(tier.RangeStart, tier.RangeEnd, rates.ContainsKey("input_cost_per_token"), tokenRates, reasoning);
    }

    private static decimal Or(IReadOnlyDictionary<string, decimal> rates, string key, string? fallbackKey)
    {
        if (rates.TryGetValue(key, out var value) && value != 0m)
        {
            return value;
        }

        return fallbackKey is not null && rates.TryGetValue(fallbackKey, out var fallback) ? fallback : 0m;
    }

    // Keys "input_cost_per_token_above_{N}_tokens" not ending with a service-tier suffix, largest N first (a stable sort,
    // as Python's sorted). N is LiteLLM's _parse_above_token_threshold: "200k" = 200000, "128" = 128. A key whose N does
    // not parse is left out (LiteLLM's sort would raise on it and price nothing).
    private static List<(decimal N, string Text, string Key)> ThresholdKeys(IReadOnlyDictionary<string, decimal> rates)
    {
        var found = new List<(decimal N, string Text, string Key)>();
        foreach (var key in rates.Keys)
        {
            if (!key.StartsWith(ThresholdPrefix, StringComparison.Ordinal) || ServiceTiers.EndsWithSuffix(key))
            {
                continue;
            }

            var text = ThresholdText(key);
            var number = text.Replace("k", string.Empty, StringComparison.Ordinal);
            if (decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            {
                found.Add((text.Contains('k', StringComparison.Ordinal) ? n * 1000m : n, text, key));
            }
        }

        return found.Count < 2 ? found : [.. found.OrderByDescending(t => t.N)];
    }

    // key.split("_above_")[1].split("_tokens")[0]
    private static string ThresholdText(string key)
    {
        const string Above = "_above_";
        var rest = key[(key.IndexOf(Above, StringComparison.Ordinal) + Above.Length)..];
        var nextAbove = rest.IndexOf(Above, StringComparison.Ordinal);
        if (nextAbove >= 0)
        {
            rest = rest[..nextAbove];
        }

        var tokens = rest.IndexOf("_tokens", StringComparison.Ordinal);
        return tokens >= 0 ? rest[..tokens] : rest;
    }

    private static long ToLong(decimal value) =>
        value >= long.MaxValue ? long.MaxValue : value <= long.MinValue ? long.MinValue : (long)value;
}
