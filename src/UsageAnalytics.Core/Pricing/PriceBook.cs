using UsageAnalytics.Pricing.Catalog;
using UsageAnalytics.Pricing.Rules;

namespace UsageAnalytics.Pricing;

/// <summary>
/// Prices usage records from LiteLLM's price file (<c>model_prices_and_context_window.json</c>) with LiteLLM's own
/// cost rules, so an estimate equals the <c>spend</c> LiteLLM records for the same tokens. Immutable and thread-safe:
/// every <c>With…</c> method returns a new price book.
/// </summary>
/// <remarks>
/// <para>
/// The rules follow LiteLLM's <c>generic_cost_per_token</c>, <c>_get_token_base_cost</c>, <c>tiered_pricing.py</c>,
/// <c>batch_cost_calculator</c> and OpenAI's <c>cost_per_second</c> (BerriAI/litellm, <c>litellm_core_utils/llm_cost_calc/</c>),
/// with xAI's reasoning rule (<c>llms/xai/cost_calculator.py</c>) and Anthropic's speed and geo multipliers
/// (<c>llms/anthropic/cost_calculation.py</c>); <see cref="Estimate(Records.UsageRecord)"/> lists them. Rules that need
/// request facts a usage record does not carry are left out: off-peak pricing (<c>off_peak_pricing</c>, by the time of
/// day), OpenAI's regional-processing uplift (<c>regional_processing_uplift_multiplier_*</c>, by the data-residency host)
/// and Vertex AI's regional-endpoint uplift; so are the prices of audio, image and video tokens inside a prompt or
/// completion, images, pages, queries and web searches, which the record does not count.
/// </para>
/// <para>
/// <b>xAI rows</b> (the record's provider or the entry's <c>litellm_provider</c> is <c>xai</c>): record
/// <see cref="Records.UsageRecord.CompletionTokens"/> as xAI and LiteLLM report them, <em>excluding</em> reasoning, and
/// <see cref="Records.UsageRecord.ReasoningTokens"/> beside them; the estimate bills both at the output rate, as LiteLLM does.
/// </para>
/// <para>
/// The library embeds no prices: load the current file (<see cref="LoadAsync(Stream, CancellationToken)"/>,
/// <see cref="LoadFile(string)"/>, <see cref="Parse(string)"/>) or build one (<see cref="Create(IEnumerable{ModelPrice})"/>).
/// </para>
/// </remarks>
public sealed partial class PriceBook
{
    /// <summary>
    /// The record dimension that names the service tier a call used (OpenAI's and LiteLLM's <c>service_tier</c>):
    /// <c>flex</c>, <c>priority</c> (or <c>fast</c>, which LiteLLM prices at the <c>_priority</c> rates; on an Anthropic
    /// entry <c>fast</c> is fast speed instead, see <see cref="SpeedDimension"/>), <c>ultrafast</c>,
    /// or <c>batch</c> / <c>batches</c> for a batch job; <c>default</c>, <c>auto</c>, <c>standard</c> or none is the
    /// standard tier. Values ignore case and surrounding spaces; any other value is priced at the standard rates, as LiteLLM
    /// does, with <see cref="PriceWarnings.UnknownServiceTier"/>.
    /// </summary>
    public const string ServiceTierDimension = "service_tier";

    /// <summary>
    /// The record dimension that names the speed a call was served at (Anthropic's <c>usage.speed</c>): <c>fast</c>
    /// (ignoring case and surrounding spaces) prices an Anthropic entry at its <c>provider_specific_entry.fast</c>
    /// multiplier (<see cref="ModelPrice.ProviderMultipliers"/>); any other value, or none, is the standard speed. Without
    /// this dimension, a <see cref="ServiceTierDimension"/> of <c>fast</c> on an Anthropic entry means fast speed (Anthropic
    /// has no <c>_priority</c> keys for it; its rates stay the standard ones). Entries of other providers ignore it.
    /// </summary>
    public const string SpeedDimension = "speed";

    /// <summary>
    /// The record dimension that names where an Anthropic call was served (Anthropic's <c>usage.inference_geo</c>, for
    /// example <c>us</c>): an Anthropic entry is priced at its <c>provider_specific_entry</c> multiplier for that geo,
    /// looked up lower-cased (<see cref="ModelPrice.ProviderMultipliers"/>); <c>global</c>, <c>not_available</c>, none, or a
    /// geo the entry has no multiplier for is priced at 1. Entries of other providers ignore it.
    /// </summary>
    public const string InferenceGeoDimension = "inference_geo";

    private readonly ModelSlot[] _slots;
    private readonly Dictionary<string, string> _deployments;
    private readonly PriceAdjustment[] _adjustments;
    private readonly ModelIndex _index;
    private readonly ModelPrice[] _prices;

    private PriceBook(ModelSlot[] slots, Dictionary<string, string> deployments, PriceAdjustment[] adjustments)
    {
        _slots = slots;
        _deployments = deployments;
        _adjustments = adjustments;
        _index = new ModelIndex(slots, deployments, adjustments);
        _prices = [.. slots.SelectMany(s => s.All).Select(p => p.Source)];
    }

    /// <summary>Gets the number of (provider, model) lookups cached by this instance (at most 100,000).</summary>
    internal int CachedLookups => _index.CachedCount;

    /// <summary>Gets the number of model ids the price book prices (a model with effective-dated versions counts once).</summary>
    public int Count => _slots.Length;

    /// <summary>
    /// Gets every price of the book: for each model id in the order first seen, its undated price, then its
    /// effective-dated prices oldest first. Never null.
    /// </summary>
    public IReadOnlyList<ModelPrice> Prices => _prices;

    /// <summary>Gets the discounts and markups applied to estimates, in the order added. Never null.</summary>
    public IReadOnlyList<PriceAdjustment> Adjustments => _adjustments;

    /// <summary>Gets the deployment names mapped to base models (names compare ignoring case). Never null.</summary>
    public IReadOnlyDictionary<string, string> Deployments => _deployments;

    /// <summary>Creates a price book from prices (for example custom prices, or prices read from LiteLLM's model-info endpoint).</summary>
    /// <param name="prices">The prices; an id may appear once undated and once per distinct <see cref="ModelPrice.EffectiveFrom"/>.</param>
    /// <returns>The price book.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="prices"/> or one of its items is null.</exception>
    /// <exception cref="ArgumentException">A price has a blank id, a negative rate or provider multiplier, null rates,
    /// provider multipliers or tiers, a tier whose range starts after it ends, or repeats the id and effective date of
    /// another price.</exception>
    public static PriceBook Create(IEnumerable<ModelPrice> prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        var slots = new List<ModelSlot>();
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var price in prices)
        {
            var compiled = Compile(price, nameof(prices));
            if (byId.TryGetValue(price.Id, out var at))
            {
                ThrowIfRepeated(slots[at], price, nameof(prices));
                slots[at] = slots[at].With(compiled);
            }
            else
            {
                byId[price.Id] = slots.Count;
                slots.Add(new ModelSlot(price.Id, null, []).With(compiled));
            }
        }

        return new PriceBook([.. slots], new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), []);
    }

    /// <summary>
    /// Finds the price a record with this model and provider would be priced with, by the lookup rules of
    /// <see cref="Estimate(Records.UsageRecord)"/> (deployments, provider prefix, releases; names ignore case).
    /// </summary>
    /// <param name="model">The model name as a record carries it (for example <c>gpt-4o</c>, <c>openai/gpt-4o</c>, <c>my-deployment</c>).</param>
    /// <param name="provider">The record's provider (for example <c>azure</c>), or null.</param>
    /// <param name="at">The instant whose price in force is wanted; null for the price from the latest effective date on.</param>
    /// <returns>The price, or null when no entry matches (or, for a model priced only from a later date, none is in force at <paramref name="at"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    public ModelPrice? FindModel(string model, string? provider = null, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (string.IsNullOrWhiteSpace(model) || _index.Resolve(provider, model).Slot is not { } slot)
        {
            return null;
        }

        return (at is { } instant ? slot.At(instant) : slot.Latest)?.Source;
    }

    private static CompiledPrice Compile(ModelPrice? price, string paramName)
    {
        if (price is null)
        {
            throw new ArgumentNullException(paramName, "A price is null.");
        }

        if (string.IsNullOrWhiteSpace(price.Id))
        {
            throw new ArgumentException("A price has a blank model id.", paramName);
        }

        CheckRates(price.Rates, price.Id, string.Empty, paramName);
        if (price.ProviderMultipliers is null)
        {
            throw new ArgumentException($"The price of '{price.Id}' has null provider multipliers.", paramName);
        }

        CheckRates(price.ProviderMultipliers, price.Id, "provider_specific_entry.", paramName);
        if (price.TieredPricing is null)
        {
            throw new ArgumentException($"The price of '{price.Id}' has null tiered pricing.", paramName);
        }

        for (var i = 0; i < price.TieredPricing.Count; i++)
        {
            var tier = price.TieredPricing[i]
                ?? throw new ArgumentException($"The price of '{price.Id}' has a null tier at tiered_pricing[{i}].", paramName);
            if (tier.RangeStart > tier.RangeEnd)
            {
                throw new ArgumentException($"The price of '{price.Id}' has tiered_pricing[{i}].range starting after it ends.", paramName);
            }

            CheckRates(tier.Rates, price.Id, $"tiered_pricing[{i}].", paramName);
        }

        return CompiledPrice.Compile(price);
    }

    private static void CheckRates(IReadOnlyDictionary<string, decimal>? rates, string id, string path, string paramName)
    {
        if (rates is null)
        {
            throw new ArgumentException($"The price of '{id}' has null {path}rates.", paramName);
        }

        foreach (var (key, value) in rates)
        {
            if (value < 0m)
            {
                throw new ArgumentException($"The price of '{id}' has a negative '{path}{key}'.", paramName);
            }
        }
    }

    private static void ThrowIfRepeated(ModelSlot slot, ModelPrice price, string paramName)
    {
        var repeated = price.EffectiveFrom is null
            ? slot.Undated is not null
            : slot.Dated.Any(p => p.Source.EffectiveFrom == price.EffectiveFrom);
        if (repeated)
        {
            throw new ArgumentException($"The prices repeat '{price.Id}' with the same effective date.", paramName);
        }
    }
}
