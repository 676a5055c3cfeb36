namespace UsageAnalytics.Pricing;

/// <summary>
/// The prices of one model as LiteLLM's <c>model_prices_and_context_window.json</c> states them: every numeric cost
/// field under LiteLLM's own name, in USD per unit (per token unless the name says per second, per character and so on).
/// </summary>
/// <remarks>
/// A custom price for a private deployment is a <see cref="ModelPrice"/> written by hand, for example
/// <c>new ModelPrice { Id = "my-llama", Rates = new Dictionary&lt;string, decimal&gt; { ["input_cost_per_token"] = 0.0000001m } }</c>.
/// With <see cref="EffectiveFrom"/> set, the price applies to records from that instant on; earlier records keep the
/// price that was in force before it.
/// </remarks>
public sealed class ModelPrice
{
    /// <summary>Gets the model id: the price file's key (for example <c>gpt-4o</c> or <c>azure/gpt-4o</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Gets LiteLLM's provider of the model (<c>litellm_provider</c>, for example <c>openai</c>), when stated.</summary>
    public string? Provider { get; init; }

    /// <summary>Gets LiteLLM's <c>mode</c> of the model (<c>chat</c>, <c>embedding</c>, <c>audio_transcription</c>, …), when stated.</summary>
    public string? Mode { get; init; }

    /// <summary>
    /// Gets every numeric cost field of the entry by LiteLLM's name (for example <c>input_cost_per_token</c>,
    /// <c>cache_creation_input_token_cost_above_1hr</c>, <c>input_cost_per_token_above_200k_tokens</c>,
    /// <c>output_cost_per_token_priority</c>), in USD per unit; keys compare ordinally, as LiteLLM's do. A price read from a
    /// file holds every field whose name contains <c>cost</c> and whose value is a number or a numeric string. Never null;
    /// empty for an entry without prices. Rates must not be negative.
    /// </summary>
    public IReadOnlyDictionary<string, decimal> Rates { get; init; } = new Dictionary<string, decimal>(StringComparer.Ordinal);

    /// <summary>
    /// Gets the entry's <c>provider_specific_entry</c>: the numeric members by name, as ratios (for example Anthropic's
    /// <c>{"us": 1.1, "fast": 6.0}</c>: 10% more for inference in the US, six times the price at fast speed). For an
    /// Anthropic entry (see <see cref="PriceBook.SpeedDimension"/> and <see cref="PriceBook.InferenceGeoDimension"/>)
    /// LiteLLM multiplies the non-cache prompt cost and the completion cost by the geo's member and, at fast speed, by
    /// <c>fast</c>. Keys compare ordinally, as LiteLLM's do (it looks the geo up lower-cased). A price read from a file
    /// holds the members whose value is a JSON number; other members are ignored. Never null; empty when the entry has
    /// none. Multipliers must not be negative.
    /// </summary>
    public IReadOnlyDictionary<string, decimal> ProviderMultipliers { get; init; } = new Dictionary<string, decimal>(StringComparer.Ordinal);

    /// <summary>
    /// Gets the entry's <c>tiered_pricing</c> ranges: LiteLLM picks one tier by the request's prompt tokens and bills
    /// every token of the request at that tier's rates. Never null; empty when the entry has none.
    /// </summary>
    public IReadOnlyList<PriceTier> TieredPricing { get; init; } = [];

    /// <summary>
    /// Gets the instant from which this price applies, or <see langword="null"/> when it has always applied (every entry
    /// of a LiteLLM price file).
    /// </summary>
    public DateTimeOffset? EffectiveFrom { get; init; }
}
