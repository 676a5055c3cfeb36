namespace UsageAnalytics.Sync;

/// <summary>
/// The outcome of an <see cref="ActualCostSynchronizer"/> run. Every input row read is settled in exactly one count:
/// <see cref="Total"/> = <see cref="Actualized"/> + <see cref="NotYetAvailable"/> + <see cref="Skipped"/> +
/// <see cref="Failed"/>.
/// </summary>
/// <remarks>
/// After cancellation (<see cref="WasCanceled"/>), the counts cover the rows settled before it; rows in flight or
/// never read are in no count, and a later run picks them up. After a stop (<see cref="WasStopped"/>), the rows
/// whose lookup was under way finish and are counted; rows never read are in no count.
/// </remarks>
public sealed record SyncResult
{
    /// <summary>
    /// Gets how many rows were updated with their actual cost and handed to the callback, including the
    /// <see cref="CacheHitsSettled"/> ones.
    /// </summary>
    public int Actualized { get; init; }

    /// <summary>
    /// Gets how many rows have no actual cost yet: younger than <c>UsageAnalytics:Sync:MinimumAge</c> (not looked up),
    /// or with no spend-log row found (<see cref="LiteLLM.SpendLogLookupStatus.NotFound"/>) and not a response-cache hit.
    /// Lookups that failed count in <see cref="Failed"/> instead; a later run retries both.
    /// </summary>
    public int NotYetAvailable { get; init; }

    /// <summary>
    /// Gets how many rows were skipped: already actualized, without a request id (a response-cache hit too), or
    /// UsageAnalytics disabled.
    /// </summary>
    public int Skipped { get; init; }

    /// <summary>Gets how many rows failed; <see cref="Failures"/> says which and why.</summary>
    public int Failed { get; init; }

    /// <summary>Gets how many rows were settled: the sum of the four counts.</summary>
    public int Total => Actualized + NotYetAvailable + Skipped + Failed;

    /// <summary>
    /// Gets how many of the <see cref="Actualized"/> rows had their LLM part settled at 0 as a response-cache hit
    /// (<see cref="Costs.CostMergeStatus.CacheHitSettled"/>, <c>cost_coverage</c> =
    /// <see cref="Costs.CostMergeOptions.CacheHitCoverageLabel"/>) instead of taking a row's spend: a hit whose lookup
    /// found the original call's row, a row that says it was no hit whose spend-log row is a hit, and a hit whose row was
    /// not found (<see cref="Costs.CostBreakdownMerger.SettleCacheHit"/>). A hit merged with its own spend-log row (spend
    /// 0) is an ordinary merge and not counted here.
    /// </summary>
    public int CacheHitsSettled { get; init; }

    /// <summary>
    /// Gets how many of the <see cref="Actualized"/> rows were merged with a spend-log row whose token counts needed
    /// normalising when it was read (<see cref="LiteLLM.SpendLogEntry.TokenRepairs"/> is not
    /// <see cref="LiteLLM.SpendLogTokenRepairs.None"/>: thinking tokens only in the total, cache or reasoning counts outside
    /// the prompt or completion, invalid counts); their breakdowns hold the repaired <c>prompt_tokens</c> and
    /// <c>completion_tokens</c>. Rows settled as cache hits keep the record's own counts and are not counted here.
    /// </summary>
    public int TokenRepairedRows { get; init; }

    /// <summary>Gets whether the run was canceled (by the caller's token) before every row was read.</summary>
    public bool WasCanceled { get; init; }

    /// <summary>
    /// Gets why the run stopped on its own, or <see langword="null"/> when it did not: the first three lookups to
    /// complete (or all of them, when the run made fewer) were refused with HTTP 401 or 403, so every other lookup would
    /// be refused too. The text reads "LiteLLM rejected the API key (HTTP 401 Unauthorized: ...)" with the server's
    /// message, shortened; it never contains the key.
    /// </summary>
    public string? StopReason { get; init; }

    /// <summary>Gets whether the run stopped on its own: <see cref="StopReason"/> is not <see langword="null"/>.</summary>
    public bool WasStopped => StopReason is not null;

    /// <summary>Gets the failed rows with their reasons, in the order they failed. Never <see langword="null"/>.</summary>
    public IReadOnlyList<SyncFailure> Failures { get; init; } = [];
}
