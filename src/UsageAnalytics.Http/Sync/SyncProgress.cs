namespace UsageAnalytics.Sync;

/// <summary>
/// A snapshot of a running sync, reported through <see cref="IProgress{T}"/> after each row is settled. The counts
/// only grow; <see cref="Processed"/> is their sum.
/// </summary>
public sealed record SyncProgress
{
    /// <summary>Gets how many rows were updated and handed to the callback.</summary>
    public int Actualized { get; init; }

    /// <summary>Gets how many rows are too recent, or have no spend-log row yet.</summary>
    public int NotYetAvailable { get; init; }

    /// <summary>Gets how many rows were skipped (already actualized, no request id, or UsageAnalytics disabled).</summary>
    public int Skipped { get; init; }

    /// <summary>Gets how many rows failed.</summary>
    public int Failed { get; init; }

    /// <summary>Gets how many rows are settled so far.</summary>
    public int Processed => Actualized + NotYetAvailable + Skipped + Failed;

    /// <summary>
    /// Gets how many of the <see cref="Actualized"/> rows were settled at LLM cost 0 as response-cache hits (see
    /// <see cref="SyncResult.CacheHitsSettled"/>).
    /// </summary>
    public int CacheHitsSettled { get; init; }

    /// <summary>
    /// Gets how many of the <see cref="Actualized"/> rows were merged with a spend-log row whose token counts needed
    /// normalising (see <see cref="SyncResult.TokenRepairedRows"/>).
    /// </summary>
    public int TokenRepairedRows { get; init; }

    /// <summary>
    /// Gets why the run is stopping (LiteLLM rejected the API key, see <see cref="SyncResult.StopReason"/>), or
    /// <see langword="null"/>; once set, the rows still reported are the lookups that were under way.
    /// </summary>
    public string? StopReason { get; init; }
}
