using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

/// <summary>
/// Summarizes usage rows into a <see cref="UsageSummary"/>: exact totals of estimated, actual and effective cost,
/// coverage counts (actualized, estimated-only, missing request id), tokens, latency and token percentiles, and the
/// same figures per provider, model, service, status and every other configured dimension. Thread-safe; register it
/// as a singleton.
/// </summary>
/// <remarks>
/// A thin front over <see cref="UsageAccumulator"/>: it makes one accumulator per call, adds the rows (enumerated
/// once) and returns <see cref="UsageAccumulator.ToSummary(DateTimeOffset)"/> with "now" from its clock. Use the
/// accumulator itself to merge partitions, run in parallel or keep state between calls.
/// </remarks>
public sealed class UsageSummaryAggregator
{
    private readonly UsageAccumulatorOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes the aggregator.</summary>
    /// <param name="options">What to keep; <see langword="null"/> for <see cref="UsageAccumulatorOptions.Default"/>
    /// (provider, model, service, status, team, user and API key groups; hour and day buckets in UTC; USD).</param>
    /// <param name="timeProvider">The clock that gives "now" for the recent-activity comparisons;
    /// <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">The options are inconsistent (see <see cref="UsageAccumulatorOptions"/>).</exception>
    public UsageSummaryAggregator(UsageAccumulatorOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? UsageAccumulatorOptions.Default;
        _ = new UsageAccumulator(_options); // Validates the options now rather than on the first call.
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Summarizes usage records.</summary>
    /// <param name="records">The rows to summarize, enumerated once.</param>
    /// <returns>The summary; zeros and empty groups for no rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> or one of its rows is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A row is refused (see <see cref="UsageAccumulator.Add"/>): a default
    /// timestamp, a negative count, cost or duration, or another currency.</exception>
    public UsageSummary Aggregate(IEnumerable<UsageRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var accumulator = new UsageAccumulator(_options);
        accumulator.AddRange(records);
        return accumulator.ToSummary(_timeProvider);
    }

    /// <summary>Summarizes an asynchronous stream of usage records in memory bounded by the number of groups.</summary>
    /// <param name="records">The rows to summarize, enumerated once.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The summary; zeros and empty groups for no rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> or one of its rows is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A row is refused (see <see cref="UsageAccumulator.Add"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<UsageSummary> AggregateAsync(IAsyncEnumerable<UsageRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var accumulator = new UsageAccumulator(_options);
        await accumulator.AddRangeAsync(records, cancellationToken).ConfigureAwait(false);
        return accumulator.ToSummary(_timeProvider);
    }
}
