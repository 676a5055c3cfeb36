namespace UsageAnalytics.LiteLLM;

/// <summary>How a spend-log lookup of one request ended (see <see cref="SpendLogLookup"/>).</summary>
public enum SpendLogLookupStatus
{
    /// <summary>LiteLLM answered with a well-formed row for the request: <see cref="SpendLogLookup.Entry"/> holds it.</summary>
    Found = 0,

    /// <summary>
    /// LiteLLM answered cleanly that it has no row for the request (<c>data: []</c>, <c>[]</c>, <c>[null]</c>, or only
    /// rows of other requests). It may still come: LiteLLM writes spend logs in batches.
    /// </summary>
    NotFound = 1,

    /// <summary>
    /// The lookup gave no usable answer: <see cref="SpendLogLookup.FailureKind"/> says why. Whether LiteLLM has the row
    /// is unknown.
    /// </summary>
    Failed = 2,
}
