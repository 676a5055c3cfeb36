namespace UsageAnalytics.Sync;

/// <summary>Why the <see cref="ActualCostSynchronizer"/> could not update a row.</summary>
public enum SyncFailureReason
{
    /// <summary>
    /// The spend-log lookup failed: an HTTP error status after retries, a timeout, a network failure, an open circuit
    /// or an oversized response (see <see cref="LiteLLM.SpendLogLookupFailureKind"/>), or the client threw.
    /// <see cref="SyncFailure.Message"/> says which.
    /// </summary>
    FetchFailed = 0,

    /// <summary>
    /// The spend-log answer is malformed: the response is not readable, the request's row is malformed (for example a
    /// spend that is not a number, or a negative one), or a row whose request id cannot be read may be the request's.
    /// </summary>
    MalformedSpendLog = 1,

    /// <summary>The row's stored cost breakdown is malformed (an estimated part is not a number).</summary>
    MalformedCostBreakdown = 2,

    /// <summary>The merger refused the spend log: its request id or the row's currency differs.</summary>
    MergeRefused = 3,

    /// <summary>The caller's callback threw while storing the updated row.</summary>
    CallbackFailed = 4,
}
