namespace UsageAnalytics.Sync;

/// <summary>Why the <see cref="ActualCostSynchronizer"/> could not update a row.</summary>
public enum SyncFailureReason
{
    /// <summary>The spend-log client threw (a custom <see cref="Http.ISpendLogClient"/>; the HTTP one returns null instead).</summary>
    FetchFailed = 0,

    /// <summary>The spend-log row is malformed (for example a negative spend).</summary>
    MalformedSpendLog = 1,

    /// <summary>The row's stored cost breakdown is malformed (an estimated part is not a number).</summary>
    MalformedCostBreakdown = 2,

    /// <summary>The merger refused the spend log: its request id or the row's currency differs.</summary>
    MergeRefused = 3,

    /// <summary>The caller's callback threw while storing the updated row.</summary>
    CallbackFailed = 4,
}
