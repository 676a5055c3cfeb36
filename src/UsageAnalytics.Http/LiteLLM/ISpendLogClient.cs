
namespace UsageAnalytics.LiteLLM;

/// <summary>
/// Reads LiteLLM spend-log rows. <see cref="LiteLLMSpendLogClient"/> is the HTTP implementation; the
/// <see cref="Sync.ActualCostSynchronizer"/> depends only on this interface, so tests can fake it.
/// </summary>
public interface ISpendLogClient
{
    /// <summary>Looks up the spend-log row of one request.</summary>
    /// <param name="requestId">The LiteLLM request id.</param>
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
    /// <param name="requestId">The LiteLLM request id.</param>
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
    /// <exception cref="SpendLogRequestException">A page could not be read (after retries).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    IAsyncEnumerable<SpendLogEntry> ListAsync(SpendLogQuery query, CancellationToken cancellationToken = default);
}
