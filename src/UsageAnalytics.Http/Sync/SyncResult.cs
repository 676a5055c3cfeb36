namespace UsageAnalytics.Sync;

/// <summary>
/// The outcome of an <see cref="ActualCostSynchronizer"/> run. Every input row read is settled in exactly one count:
/// <see cref="Total"/> = <see cref="Actualized"/> + <see cref="NotYetAvailable"/> + <see cref="Skipped"/> +
/// <see cref="Failed"/>.
/// </summary>
/// <remarks>
/// After cancellation (<see cref="WasCanceled"/>), the counts cover the rows settled before it; rows in flight or
/// never read are in no count, and a later run picks them up.
/// </remarks>
public sealed record SyncResult
{
    /// <summary>Gets how many rows were updated with their actual cost and handed to the callback.</summary>
    public int Actualized { get; init; }

    /// <summary>
    /// Gets how many rows have no actual cost yet: younger than <c>UsageAnalytics:Sync:MinimumAge</c> (not looked up),
    /// or with no spend-log row found (<see cref="LiteLLM.SpendLogLookupStatus.NotFound"/>). Lookups that failed count in
    /// <see cref="Failed"/> instead; a later run retries both.
    /// </summary>
    public int NotYetAvailable { get; init; }

    /// <summary>Gets how many rows were skipped: already actualized, without a request id, or UsageAnalytics disabled.</summary>
    public int Skipped { get; init; }

    /// <summary>Gets how many rows failed; <see cref="Failures"/> says which and why.</summary>
    public int Failed { get; init; }

    /// <summary>Gets how many rows were settled: the sum of the four counts.</summary>
    public int Total => Actualized + NotYetAvailable + Skipped + Failed;

    /// <summary>Gets whether the run was canceled before every row was read.</summary>
    public bool WasCanceled { get; init; }

    /// <summary>Gets the failed rows with their reasons, in the order they failed. Never <see langword="null"/>.</summary>
    public IReadOnlyList<SyncFailure> Failures { get; init; } = [];
}
