
namespace UsageAnalytics.LiteLLM;

/// <summary>
/// Reads LiteLLM spend-log rows. <see cref="LiteLLMSpendLogClient"/> is the HTTP implementation; the
/// <see cref="Sync.ActualCostSynchronizer"/> depends only on this interface, so tests can fake it.
/// </summary>
public interface ISpendLogClient
{
    /// <summary>Looks up the spend-log row of one request.</summary>
    /// <param name="requestId">
    /// The row's request id (<c>request_id</c>) or LiteLLM's call id (<c>litellm_call_id</c>, the <c>x-litellm-call-id</c>
    /// response header): a row matching either is the request's.
    /// </param>
    /// <param name="around">When the request was made; the lookup searches a window around this instant.</param>
    /// <param name="cancellationToken">A token that cancels the lookup.</param>
    /// <returns>
    /// The row, or <see langword="null"/> when it is not (yet) there or the lookup failed; <see cref="LookupAsync"/>
    /// tells those two apart.
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="requestId"/> is <see langword="null"/>, empty or blank.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    Task<SpendLogEntry?> FetchAsync(string requestId, DateTimeOffset around, CancellationToken cancellationToken = default);

    /// <summary>Looks up the spend-log row of one request, telling "found", "not there (yet)" and "failed" apart.</summary>
    /// <param name="requestId">
    /// The row's request id (<c>request_id</c>) or LiteLLM's call id (<c>litellm_call_id</c>, the <c>x-litellm-call-id</c>
    /// response header): a row matching either is the request's.
    /// </param>
    /// <param name="around">When the request was made; the lookup searches a window around this instant.</param>
    /// <param name="cancellationToken">A token that cancels the lookup.</param>
    /// <returns>
    /// <see cref="SpendLogLookupStatus.Found"/> with the row; <see cref="SpendLogLookupStatus.NotFound"/> when the spend
    /// log cleanly has no row for the request; <see cref="SpendLogLookupStatus.Failed"/> with a
    /// <see cref="SpendLogLookup.FailureKind"/> and message when there was no usable answer (HTTP error, timeout,
    /// network failure, open circuit, oversized or malformed response). Failures are returned, not thrown.
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="requestId"/> is <see langword="null"/>, empty or blank.</exception>
    /// <exception cref="InvalidOperationException">The client is disabled (<c>UsageAnalytics:Enabled</c> is false).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    Task<SpendLogLookup> LookupAsync(string requestId, DateTimeOffset around, CancellationToken cancellationToken = default);

    /// <summary>Lists the spend-log rows that match a query, page by page, each request id at most once.</summary>
    /// <param name="query">The time window and filters.</param>
    /// <param name="cancellationToken">A token that cancels the listing.</param>
    /// <returns>The matching rows, streamed as pages arrive.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The query's window or page size is invalid.</exception>
    /// <exception cref="SpendLogRequestException">
    /// A page could not be read (after retries); its <see cref="SpendLogRequestException.ResumeQuery"/> is the query of
    /// the rows not yet delivered.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
#pragma warning disable RS0026 // The overloads differ in their first parameter's type, so no call is ambiguous.
    IAsyncEnumerable<SpendLogEntry> ListAsync(SpendLogQuery query, CancellationToken cancellationToken = default);
#pragma warning restore RS0026

    /// <summary>
    /// Lists the spend-log rows of a resumable <see cref="SpendLogListing"/> from where it stands, each request id at most
    /// once over all its enumerations, advancing it; after a failure, enumerate it again to go on from the page that failed.
    /// </summary>
    /// <param name="listing">The listing: its query and how far it got.</param>
    /// <param name="cancellationToken">A token that cancels the listing.</param>
    /// <returns>The rows not yet delivered by the listing, streamed as pages arrive.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="listing"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">Another enumeration of the same listing is running.</exception>
    /// <exception cref="SpendLogRequestException">
    /// A page could not be read (after retries); the listing's <see cref="SpendLogListing.LastError"/> is set to it and
    /// its <see cref="SpendLogRequestException.ResumeQuery"/> is the listing's remaining query.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
#pragma warning disable RS0026 // The overloads differ in their first parameter's type, so no call is ambiguous.
    IAsyncEnumerable<SpendLogEntry> ListAsync(SpendLogListing listing, CancellationToken cancellationToken = default);
#pragma warning restore RS0026
}
