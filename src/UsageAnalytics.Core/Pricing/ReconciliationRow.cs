using UsageAnalytics.Records;

namespace UsageAnalytics.Pricing;

/// <summary>
/// One request's estimated cost against its actual cost (<see cref="Reconciler.Compare"/>), with what explains the gap:
/// token counts or price, and the amount due to each.
/// </summary>
/// <remarks>
/// Amounts are in the record's <see cref="UsageRecord.Currency"/>. <see cref="TokenEffect"/> + <see cref="PriceEffect"/>
/// = <see cref="Difference"/> whenever both are known. With a <see cref="PriceBook"/> and differing token counts, the
/// token effect is the book's estimate at the spend log's tokens minus its estimate at the record's tokens (the record's
/// cached, cache-write and reasoning counts kept, clamped to the spend log's totals), after the book's adjustments;
/// the price effect is the rest.
/// </remarks>
public sealed record ReconciliationRow
{
    /// <summary>Gets the record compared (as given, never modified).</summary>
    public required UsageRecord Record { get; init; }

    /// <summary>Gets the record's estimated cost (<see cref="UsageRecord.EstimatedCost"/>).</summary>
    public decimal Estimated { get; init; }

    /// <summary>Gets the record's actual cost (<see cref="UsageRecord.ActualCost"/>).</summary>
    public decimal Actual { get; init; }

    /// <summary>Gets <see cref="Actual"/> − <see cref="Estimated"/>: positive when the estimate was too low.</summary>
    public decimal Difference { get; init; }

    /// <summary>Gets <see cref="Actual"/> / <see cref="Estimated"/>; null when the estimate is 0 (or the ratio is beyond the decimal range).</summary>
    public decimal? Ratio { get; init; }

    /// <summary>
    /// Gets whether the actual cost lies outside the tolerance band: |<see cref="Difference"/>| &gt; tolerance ×
    /// <see cref="Estimated"/> (<see cref="ReconciliationOptions.Tolerance"/>). A row exactly on the band's edge
    /// (±10% by default) is inside; with an estimate of 0, any actual cost other than 0 is outside.
    /// </summary>
    public bool IsOutsideTolerance { get; init; }

    /// <summary>Gets the prompt tokens LiteLLM's spend log counted (the breakdown's <c>prompt_tokens</c>); null when unknown.</summary>
    public long? SpendLogPromptTokens { get; init; }

    /// <summary>Gets the completion tokens LiteLLM's spend log counted (the breakdown's <c>completion_tokens</c>); null when unknown.</summary>
    public long? SpendLogCompletionTokens { get; init; }

    /// <summary>Gets what explains the gap.</summary>
    public ReconciliationCause Cause { get; init; }

    /// <summary>
    /// Gets the part of <see cref="Difference"/> due to the token counts: 0 when they agree; null when the split is
    /// unknown (<see cref="ReconciliationCause.TokenCountsUnpriced"/>, <see cref="ReconciliationCause.SpendLogTokensMissing"/>).
    /// </summary>
    public decimal? TokenEffect { get; init; }

    /// <summary>
    /// Gets the part of <see cref="Difference"/> due to price (same tokens, another rate): <see cref="Difference"/> −
    /// <see cref="TokenEffect"/>; null when the split is unknown.
    /// </summary>
    public decimal? PriceEffect { get; init; }
}
