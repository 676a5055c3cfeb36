namespace UsageAnalytics.Pricing.Rules;

/// <summary>The rates of LiteLLM's <c>batch_cost_calculator</c>, in USD per token; 0 means "not usable" (LiteLLM tests truthiness).</summary>
internal sealed class BatchRates
{
    /// <summary>Gets <c>input_cost_per_token_batches</c> (0 when absent or 0).</summary>
    public required decimal InputBatches { get; init; }

    /// <summary>Gets <c>input_cost_per_token</c> (0 when absent or 0).</summary>
    public required decimal Input { get; init; }

    /// <summary>Gets <c>cache_read_input_token_cost</c>.</summary>
    public required Rate CacheRead { get; init; }

    /// <summary>Gets <c>output_cost_per_token_batches</c> (0 when absent or 0).</summary>
    public required decimal OutputBatches { get; init; }

    /// <summary>Gets <c>output_cost_per_token</c> (0 when absent or 0).</summary>
    public required decimal Output { get; init; }
}

/// <summary>The per-character and per-second rates of an audio model, in USD per character or second.</summary>
internal sealed class AudioRates
{
    /// <summary>Gets <c>input_cost_per_character</c> (0 when absent or 0: LiteLLM's character rule needs a truthy rate).</summary>
    public required decimal PerCharacter { get; init; }

    /// <summary>Gets <c>output_cost_per_second</c>.</summary>
    public required Rate OutputPerSecond { get; init; }

    /// <summary>Gets <c>input_cost_per_second</c>.</summary>
    public required Rate InputPerSecond { get; init; }

    /// <summary>
    /// Gets whether the per-second rule applies to a record that carries seconds: the entry has a per-second field and no
    /// positive <c>input_cost_per_token</c> or <c>output_cost_per_token</c>.
    /// </summary>
    public required bool PerSecondApplies { get; init; }

    /// <summary>Gets whether a per-second field is positive (a record's seconds the token path skips are then a gap).</summary>
    public required bool HasPositivePerSecond { get; init; }
}
