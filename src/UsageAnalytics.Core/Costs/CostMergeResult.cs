using System.Text.Json.Nodes;
using UsageAnalytics.Records;

namespace UsageAnalytics.Costs;

/// <summary>The result of merging a LiteLLM spend log into a stored cost breakdown.</summary>
/// <remarks>
/// When <see cref="IsMerged"/> is <see langword="false"/>, <see cref="Breakdown"/> and <see cref="Record"/> are the
/// caller's inputs, untouched, and the cost figures are <see langword="null"/>.
/// </remarks>
public sealed record CostMergeResult
{
    /// <summary>Gets the outcome.</summary>
    public required CostMergeStatus Status { get; init; }

    /// <summary>
    /// Gets whether the result gives the record an actual cost: <see cref="CostMergeStatus.Merged"/> or
    /// <see cref="CostMergeStatus.CacheHitSettled"/>.
    /// </summary>
    public bool IsMerged => Status is CostMergeStatus.Merged or CostMergeStatus.CacheHitSettled;

    /// <summary>Gets the request id the merge was checked against (from the record or the breakdown), when known.</summary>
    public string? RequestId { get; init; }

    /// <summary>Gets the new breakdown (a copy: the input is never mutated), or the input breakdown when not merged.</summary>
    public JsonObject? Breakdown { get; init; }

    /// <summary>
    /// Gets the updated usage record when merging a <see cref="UsageRecord"/> (the input record when not merged);
    /// <see langword="null"/> when a bare breakdown was merged.
    /// </summary>
    public UsageRecord? Record { get; init; }

    /// <summary>Gets the actual cost: estimated STT + estimated TTS + actual LLM cost; <see langword="null"/> when not merged.</summary>
    public decimal? ActualCost { get; init; }

    /// <summary>Gets the actual LLM cost (the spend log's <c>spend</c>); <see langword="null"/> when not merged.</summary>
    public decimal? ActualLlmCost { get; init; }

    /// <summary>Gets the estimated speech-to-text part read from the breakdown (0 when absent); <see langword="null"/> when not merged.</summary>
    public decimal? EstimatedSttCost { get; init; }

    /// <summary>Gets the estimated text-to-speech part read from the breakdown (0 when absent); <see langword="null"/> when not merged.</summary>
    public decimal? EstimatedTtsCost { get; init; }

    /// <summary>Gets the currency of the cost figures (the configured <see cref="CostMergeOptions.Currency"/>).</summary>
    public required string Currency { get; init; }

    /// <summary>Gets the cost source to store beside the actual cost (the configured <see cref="CostMergeOptions.CompositeSource"/>).</summary>
    public required string CompositeSource { get; init; }
}
