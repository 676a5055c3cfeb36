namespace UsageAnalytics.Costs;

/// <summary>The outcome of <see cref="CostBreakdownMerger"/>'s merge.</summary>
public enum CostMergeStatus
{
    /// <summary>The spend log was merged: the result carries the new breakdown and actual cost.</summary>
    Merged = 0,

    /// <summary>No spend log was given (not found, or not yet written): the input is returned untouched.</summary>
    NoSpendLog = 1,

    /// <summary>The spend log belongs to another request id: it was refused and the input is returned untouched.</summary>
    RequestIdMismatch = 2,

    /// <summary>The usage record is kept in another currency than the merge's: it was refused and the input is returned untouched.</summary>
    CurrencyMismatch = 3,

    /// <summary>
    /// The record is a response-cache hit (or its cache flag disagrees with the row's): its LLM part was settled at 0,
    /// what LiteLLM charges for a hit, instead of copying another call's spend; the result carries the new breakdown
    /// (<c>cost_coverage</c> = <see cref="CostMergeOptions.CacheHitCoverageLabel"/>) and actual cost.
    /// </summary>
    CacheHitSettled = 4,
}
