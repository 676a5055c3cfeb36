namespace UsageAnalytics.Costs;

/// <summary>Options of <see cref="CostBreakdownMerger"/>: labels written into merged breakdowns and the key names it reads.</summary>
/// <remarks>Every default mirrors the seed configuration (<c>UsageAnalytics:CostMerging</c>).</remarks>
public sealed record CostMergeOptions
{
    /// <summary>The default <see cref="CompositeSource"/>: <c>speech_composite_mixed_litellm_spend_log</c>.</summary>
    public const string DefaultCompositeSource = "speech_composite_mixed_litellm_spend_log";

    /// <summary>The default <see cref="CoverageLabel"/>: <c>llm_actual_tts_stt_estimated</c>.</summary>
    public const string DefaultCoverageLabel = "llm_actual_tts_stt_estimated";

    /// <summary>The default <see cref="CacheHitCoverageLabel"/>: <c>llm_cache_hit_zero_tts_stt_estimated</c>.</summary>
    public const string DefaultCacheHitCoverageLabel = "llm_cache_hit_zero_tts_stt_estimated";

    /// <summary>Gets the ISO 4217 currency of the merged actual cost. Default <c>USD</c> (LiteLLM's spend is USD).</summary>
    public string Currency { get; init; } = "USD";

    /// <summary>Gets the cost source the host stores beside a merged actual cost. Default <see cref="DefaultCompositeSource"/>.</summary>
    public string CompositeSource { get; init; } = DefaultCompositeSource;

    /// <summary>Gets the value written to the breakdown's <c>cost_coverage</c> key. Default <see cref="DefaultCoverageLabel"/>.</summary>
    public string CoverageLabel { get; init; } = DefaultCoverageLabel;

    /// <summary>
    /// Gets the value written to the breakdown's <c>cost_coverage</c> key when a response-cache hit is settled at LLM
    /// cost 0 rather than merged with a row's spend (<see cref="CostMergeStatus.CacheHitSettled"/>). Default
    /// <see cref="DefaultCacheHitCoverageLabel"/>.
    /// </summary>
    public string CacheHitCoverageLabel { get; init; } = DefaultCacheHitCoverageLabel;

    /// <summary>
    /// Gets the paths, tried in order, at which a stored breakdown may hold the LiteLLM request id; a dot separates
    /// nested object keys. Default <c>request_id</c>, <c>litellm_request_id</c>, <c>relay_meta.request_id</c>,
    /// <c>relay_meta.litellm_request_id</c>.
    /// </summary>
    public IReadOnlyList<string> RequestIdPaths { get; init; } =
        ["request_id", "litellm_request_id", "relay_meta.request_id", "relay_meta.litellm_request_id"];

    /// <summary>
    /// Gets the paths, tried in order after <see cref="RequestIdPaths"/>, at which a stored breakdown may hold LiteLLM's
    /// call id (the <c>x-litellm-call-id</c> response header, the row's <c>litellm_call_id</c>), for apps that keep it
    /// rather than the provider's response id; a dot separates nested object keys. Default <c>litellm_call_id</c>,
    /// <c>relay_meta.litellm_call_id</c>.
    /// </summary>
    public IReadOnlyList<string> CallIdPaths { get; init; } = ["litellm_call_id", "relay_meta.litellm_call_id"];

    /// <summary>Gets the breakdown key of the estimated speech-to-text cost. Default <c>estimated_stt_cost</c>.</summary>
    public string EstimatedSttCostKey { get; init; } = "estimated_stt_cost";

    /// <summary>Gets the breakdown key of the estimated text-to-speech cost. Default <c>estimated_tts_cost</c>.</summary>
    public string EstimatedTtsCostKey { get; init; } = "estimated_tts_cost";
}
