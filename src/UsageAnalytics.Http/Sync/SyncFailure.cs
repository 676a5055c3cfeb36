using System.Net;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Records;

namespace UsageAnalytics.Sync;

/// <summary>One row the <see cref="ActualCostSynchronizer"/> could not update, and why.</summary>
public sealed record SyncFailure
{
    /// <summary>Gets the input row, unchanged.</summary>
    public required UsageRecord Record { get; init; }

    /// <summary>Gets the request id that was looked up (the record's own, else the one in its breakdown: a LiteLLM call id too).</summary>
    public required string RequestId { get; init; }

    /// <summary>
    /// Gets the kind of failure, from the same taxonomy as lookups and exceptions: a failed lookup keeps its
    /// <see cref="SpendLogLookup.FailureKind"/>, a <see cref="SpendLogRequestException"/> its
    /// <see cref="SpendLogRequestException.Kind"/>; the sync adds <see cref="SpendLogFailureKind.MalformedCostBreakdown"/>,
    /// <see cref="SpendLogFailureKind.RequestIdMismatch"/>, <see cref="SpendLogFailureKind.CurrencyMismatch"/> and
    /// <see cref="SpendLogFailureKind.CallbackFailed"/>.
    /// </summary>
    public required SpendLogFailureKind Kind { get; init; }

    /// <summary>
    /// Gets the HTTP status of the failed lookup's last response, or <see langword="null"/> when there was none or the
    /// failure did not come from the lookup. A row read just as the run stopped on a rejected key
    /// (<see cref="SyncResult.StopReason"/>) is not looked up: it fails with <see cref="SpendLogFailureKind.HttpStatus"/>,
    /// the status that stopped the run (401 or 403) and a message that begins "not looked up".
    /// </summary>
    public HttpStatusCode? StatusCode { get; init; }

    /// <summary>Gets a description of the failure (never the API key).</summary>
    public required string Message { get; init; }
}
