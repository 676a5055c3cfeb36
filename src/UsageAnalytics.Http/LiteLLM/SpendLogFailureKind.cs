namespace UsageAnalytics.LiteLLM;

/// <summary>
/// Why reading or applying a LiteLLM spend log failed: the one failure taxonomy of UsageAnalytics.Http, carried by
/// <see cref="SpendLogLookup.FailureKind"/>, <see cref="SpendLogRequestException.Kind"/> and
/// <see cref="Sync.SyncFailure.Kind"/>.
/// </summary>
/// <remarks>
/// <see cref="HttpStatus"/> to <see cref="MalformedSpendLog"/>, and <see cref="Redirected"/>, describe the spend-log call and its answer; a lookup, a
/// listing and a sync can report them. <see cref="MalformedCostBreakdown"/> to <see cref="CallbackFailed"/> happen only
/// while the <see cref="Sync.ActualCostSynchronizer"/> applies a row it found. Outcomes that are not failures (found,
/// not found yet, skipped) are not kinds: see <see cref="SpendLogLookupStatus"/> and <see cref="Sync.SyncResult"/>.
/// </remarks>
public enum SpendLogFailureKind
{
    /// <summary>
    /// A failure no other kind describes: a custom <see cref="ISpendLogClient"/> threw an unexpected exception or
    /// returned no lookup, or an exception was created without a kind. The message says what happened.
    /// </summary>
    Other = 0,

    /// <summary>
    /// LiteLLM answered an HTTP error status (4xx or 5xx, after the resilience pipeline's retries); the status travels
    /// beside the kind (<see cref="SpendLogLookup.StatusCode"/>, <see cref="SpendLogRequestException.StatusCode"/>,
    /// <see cref="Sync.SyncFailure.StatusCode"/>).
    /// </summary>
    HttpStatus = 1,

    /// <summary>
    /// No answer came in time: the resilience pipeline's total request timeout (default
    /// <c>UsageAnalytics:LiteLLM:TimeoutSeconds</c>, 30 seconds) or its attempt timeout elapsed.
    /// </summary>
    Timeout = 2,

    /// <summary>The request could not be sent or its answer could not be read (connection refused or reset, DNS, TLS...).</summary>
    Network = 3,

    /// <summary>The resilience pipeline refused to send the request: its circuit breaker is open, or it otherwise rejected the call.</summary>
    CircuitOpen = 4,

    /// <summary>
    /// The response body was larger than <c>UsageAnalytics:LiteLLM:MaxResponseBytes</c> (default 16 MiB) and was
    /// discarded (the HTTP client's response buffer limit).
    /// </summary>
    ResponseTooLarge = 5,

    /// <summary>The response body is unreadable: not JSON, or JSON that is neither the v2 envelope nor the v1 array.</summary>
    MalformedResponse = 6,

    /// <summary>
    /// The response is readable but the request's own row is malformed (for example a <c>spend</c> that is not a number),
    /// or a malformed row whose request id cannot be read may be the request's and no well-formed row matches; in a sync,
    /// also a found row the merger cannot read.
    /// </summary>
    MalformedSpendLog = 7,

    /// <summary>Sync only: the row's stored cost breakdown is malformed (an estimated part is not a number).</summary>
    MalformedCostBreakdown = 8,

    /// <summary>Sync only: the merger refused the spend log because its request id differs from the row's.</summary>
    RequestIdMismatch = 9,

    /// <summary>Sync only: the merger refused the spend log because the row is kept in another currency than the merge's.</summary>
    CurrencyMismatch = 10,

    /// <summary>Sync only: the caller's callback threw while storing the updated row.</summary>
    CallbackFailed = 11,

    /// <summary>
    /// LiteLLM answered with a redirect (3xx), which is never followed: the key is only sent to
    /// <c>UsageAnalytics:LiteLLM:BaseUrl</c>'s origin. The message names the target host (never the key) and the status
    /// travels beside the kind; point <c>BaseUrl</c> at the final address. Same-origin redirects are reported too.
    /// </summary>
    Redirected = 12,
}
